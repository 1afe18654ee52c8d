"""data.go.kr VilageFcstInfoService_2.0: the client, its pure parser and condition table."""

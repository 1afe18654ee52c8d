"""KMA API Hub: the ``kma_sfctm2`` client, its pure parser and the ASOS condition table."""

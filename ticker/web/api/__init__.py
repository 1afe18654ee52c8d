"""The JSON API: its prepared responses, the query parameters it accepts, its OpenAPI."""

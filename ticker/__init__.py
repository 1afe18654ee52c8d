"""A Korean weather ticker service built on KMA observations."""

__version__ = "0.1.0"

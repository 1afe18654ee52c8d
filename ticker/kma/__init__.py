"""Clients and pure parsers for the KMA upstream interfaces, one module per interface."""

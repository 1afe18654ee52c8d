"""The application: settings, the one composition root, refresh, server and the CLI.

The only layer that knows every other one: it loads and validates settings once
(``settings.py``), wires sources, state and the web together (``compose.py``), refreshes
(``refresh/``), serves (``server/``), and runs ``ticker fetch | serve | worker`` (``cli/``).
"""

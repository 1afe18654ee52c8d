"""The application: settings, the one composition root, refresh, scheduler and the CLI.

The only layer that knows every other one: it loads and validates settings once, wires
sources, state and the web together, and runs ``ticker fetch | serve | worker``.
"""

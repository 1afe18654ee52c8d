"""The ``ticker`` command: its parser, the long-running commands, the fetch table, and the
README's generated station list."""

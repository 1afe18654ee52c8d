"""Shared state: where the last good snapshot and the quota counts live.

Owns the store protocol, the file store and file ledger, and the Redis store, ledger and
leader lease with its fenced writes. May import ``ticker.core`` only: the web layer reads
it, the application writes it.
"""

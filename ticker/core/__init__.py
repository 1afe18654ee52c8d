"""The core: what the service knows, with no I/O.

Owns the station table, the condition vocabulary and its labels, observations and the
snapshot, KST time, sunrise and sunset, the freshness rules, the quota rules, the one error
tree, secret redaction, and the typed public documents (the JSON the API serves). Imports nothing of
``ticker`` outside ``ticker.core``; every other layer builds on it.
"""

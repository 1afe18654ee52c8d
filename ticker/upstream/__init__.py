"""The upstream clients: a client library for KMA's two interfaces, usable on its own.

Owns the bounded transport (deadline, body cap, Retry-After, key redaction), the API Hub
client with its ``kma_sfctm2`` parser and condition table, the data.go.kr client with its
parser and condition table, and the bundled sample recording. May import ``ticker.core``
only: it knows nothing of sources, state, the web or the application.
"""

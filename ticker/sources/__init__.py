"""The sources: observations for a set of cities, from the upstream clients.

Owns the Source protocol, the ASOS and data.go.kr sources, the sample source, the fallback
chain that asks them in order, and the registry that builds them from settings. May import
``ticker.upstream`` and ``ticker.core``; the quota ledger it meters against is passed in, so
it never imports ``ticker.state``, and it knows nothing of the web.
"""

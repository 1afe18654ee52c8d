"""The web layer: what a web worker runs, reading the state and nothing else.

Owns the route table, the prepared-response fast path and the Flask app behind it, caching
and security headers, query parameters, the widget and demo pages, the OpenAPI document,
metrics and the access log. May import ``ticker.state`` and ``ticker.core``; never an
upstream client, a source, the scheduler or the refresh code, so a worker stays small.
"""

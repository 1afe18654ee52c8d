"""What every answer shares: route matching, the fast path, prepared responses and their
variant keys, HTTP caching, headers and the access log."""

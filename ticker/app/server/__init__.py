"""Serving HTTP under Granian: server settings and the web worker's config, the RSGI app,
the hook on Granian's thread, the metrics registry, worker processes, start and stop."""

"""The web layer: what a web worker runs, reading the state and nothing else.

``site.py`` builds the app: the fast path (``http/fastpath.py``) in front of Flask, both
driven by the route table (``routes.py``). Answers are built by concern: ``api/`` (the JSON
API, its parameters, OpenAPI), ``widget/`` (the strip page and ``/embed.js``),
``configurator/`` (the demo page at ``/``), ``status.py`` (health, readiness, metrics);
``http/`` holds what every answer shares (route matching, prepared responses, caching,
headers, the access log). ``context.py`` is what all of them read. May import
``ticker.state`` and ``ticker.core``; never an upstream client, a source, the scheduler, the
refresh code or the server, so a worker stays small.
"""

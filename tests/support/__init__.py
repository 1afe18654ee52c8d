"""The tests' helpers, imported by name (``from support.fakekma import FakeKma``): pytest puts
tests/ on ``sys.path`` (``pythonpath`` in pyproject.toml).

- asos_rows: a ``kma_sfctm2`` answer for any stations, built from a recorded line.
- brokenhosts: local endpoints that fail one way each (closed port, silent, full, bad TLS).
- browser: headless Chromium through Playwright, and the small servers around it.
- browser_fixtures: the browser tests' fixtures, loaded with ``pytest_plugins``.
- clock: the instants the tests are set at, and a clock that moves only when told.
- datagokr_payloads: recorded data.go.kr payloads and answers made up per request.
- day_history: a cold day held hour by hour, for the show= tests.
- fakekma: a fake KMA upstream on 127.0.0.1 replaying scripted replies.
- fault_answers: the fault modes and the answer each gives.
- faults: a fault-injecting KMA upstream for both interfaces, mode switchable.
- hourly_seoul: a KMA day whose Seoul temperature changes every hour (history tests).
- isolation: where the real user's state is, and what changed under it.
- kinds: the test kinds (e2e, browser, redis, slow), their marking and its audit hook.
- leader_child: a leader run as a child process, for the leader tests to kill or stop.
- loadgen: a load generator for a running ``ticker serve`` (outage tests, bench/outage).
- mutations: seeded mutations of recorded upstream bodies.
- nginxfix: Debian's nginx running deploy/nginx-ticker.conf from a temporary folder.
- payloads: recorded upstream payloads (tests/fixtures) and test constants.
- redisfix: a private, real redis-server per test, and counting helpers.
- scripted: a scripted source, passed in where the code takes a source.
- service: the installed ``ticker`` command as a real process, and HTTP to it.
"""

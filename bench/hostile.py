"""The hostile and heavy loads of bench/http: idle readers, cache-busters, distinct variants.

* ``held_connections``: a child process opens N connections (half kept alive after one
  answered request, half sending a partial request) and holds them while the normal load
  runs.
* ``wrk_script``: wrk with a Lua script that makes each request's URL, for ``?_=<random>``
  cache-busting and for a stream of distinct valid variants (city subsets and languages).
* ``flooding``: a second wrk in the background while a case runs: a client asking for random
  orderings of every station's widget with ``show=trend`` (each a 15–20 ms render, none
  asked twice), about 50 a second.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

from measure import Row, wrk_command, wrk_row

HOLDER = textwrap.dedent("""
    import resource, socket, sys, time
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    port, count = int(sys.argv[1]), int(sys.argv[2])
    held = []
    for n in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=30)
        s.sendall(b"GET /v1/wea" if n % 2 else b"GET /v1/weather HTTP/1.1\\r\\nHost: b\\r\\n\\r\\n")
        held.append(s)
    # An idle reader has had its answer: the burst of first requests is over before "held".
    for s in held[::2]:
        s.recv(1)
    print("held", len(held), flush=True)
    time.sleep(3600)
""")

CACHE_BUSTER = """
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, "/v1/weather?_=" .. counter .. "-" .. math.random(1, 1000000000))
end
"""

VARIANTS = """
ids = {%s}
langs = {"ko", "en"}
request = function()
  local start, n = math.random(#ids), math.random(2, 8)
  local parts = {}
  for i = 1, n do parts[i] = ids[((start + i) %% #ids) + 1] end
  local lang = langs[math.random(2)]
  return wrk.format(nil, "/v1/weather?cities=" .. table.concat(parts, ",") .. "&lang=" .. lang)
end
"""

# Every station in a new order, with sparklines: the most expensive widget to render.
# wrk's delay() paces each connection: FLOOD_CONNECTIONS of them, about 50 requests a second.
ORDERINGS = """
ids = {%s}
request = function()
  for i = #ids, 2, -1 do
    local j = math.random(i)
    ids[i], ids[j] = ids[j], ids[i]
  end
  return wrk.format(nil, "/widget?show=trend&cities=" .. table.concat(ids, ","))
end
delay = function()
  return %d
end
"""
FLOOD_CONNECTIONS = 4
FLOOD_DELAY_MS = 80


@contextlib.contextmanager
def flooding(url: str, seconds: int, lua: Path) -> Iterator[list[Row]]:
    """Run the orderings flood against ``url`` while the block runs; its row after."""
    command = wrk_command(url, seconds, FLOOD_CONNECTIONS, lua=lua)
    flood = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    rows: list[Row] = []
    try:
        yield rows
    finally:
        out, _ = flood.communicate()
        rows.append(wrk_row(out))


@contextlib.contextmanager
def held_connections(port: int, count: int) -> Iterator[int]:
    """Hold ``count`` idle and half-open connections to ``port`` while the block runs."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(port), str(count)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None
        line = holder.stdout.readline()
        yield int(line.split()[1]) if line.startswith("held") else 0
    finally:
        holder.kill()
        holder.wait()
        time.sleep(1)  # let the server see the sockets close before the next case


def script(work: Path, name: str, station_ids: list[str]) -> Path:
    """A wrk Lua script file: ``cache-buster``, ``variants`` or ``orderings``."""
    path = work / f"{name}.lua"
    ids = ", ".join(f'"{station_id}"' for station_id in station_ids)
    body = (CACHE_BUSTER if name == "cache-buster" else VARIANTS % ids if name == "variants"
            else ORDERINGS % (ids, FLOOD_DELAY_MS))
    path.write_text(body)
    return path

"""A worker process for the leader tests, so they can SIGKILL or SIGSTOP a real leader.

    python leader_child.py URL lead [TTL] lead, say "leading <token>", then idle until killed
    python leader_child.py URL lease      lead, read the store, say "ready <version>", wait for a
                                          line on stdin, then write through the fenced store
    python leader_child.py URL version    the same, fenced by the version read alone

TTL is the lease in milliseconds (default 400); the heartbeat renews it three times a TTL.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime

from ticker.core.errors import StaleWriteError
from ticker.core.kst import KST
from ticker.core.observations import Snapshot
from ticker.state.fenced import FencedStore
from ticker.state.leader import LeaderElection, RedisLock
from ticker.state.redis_conn import client_from_url
from ticker.state.redis_store import RedisStore

LOCK = "ticker:leader"
TTL_MS = 400


def say(line: str) -> None:
    """One line to the parent, at once."""
    print(line, flush=True)


def main(url: str, mode: str, ttl_ms: int = TTL_MS) -> None:
    """Run one worker as described in the module docstring."""
    client = client_from_url(url)
    election = LeaderElection(RedisLock(client, LOCK, ttl_ms))
    election.start()
    while not election.is_leader():
        time.sleep(0.02)
    if mode == "lead":
        say(f"leading {election.lock.token}")
        while True:
            time.sleep(1)
    store = RedisStore(client)
    fenced = election.fenced(store) if mode == "lease" else FencedStore(store)
    stored = fenced.get()
    say(f"ready {stored.version if stored else 0}")
    sys.stdin.readline()  # the parent pauses us here, past our TTL, then says go
    snapshot = Snapshot(source="child", sample=False, updated_at=datetime.now(KST),
                        observations=())
    try:
        say(f"stored {fenced.put(snapshot)}")
    except StaleWriteError as error:
        say(f"refused {error}")
    election.stop()
    client.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], *(int(arg) for arg in sys.argv[3:4]))

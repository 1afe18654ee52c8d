"""Keeping the test run out of the real user's state: where that state is, and what changed.

The fixtures in ``conftest.py`` point ``HOME``, ``XDG_STATE_HOME`` and ``TICKER_DATA_DIR`` of
every test (and every process it starts) at temporary directories; this module lists the real
state directories before and after the run, so a leak fails the run instead of piling up
upstream calls in the developer's ``quota.json``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

# The variables that decide where ticker (and anything else a test starts) keeps its state.
STATE_VARIABLES = ("HOME", "XDG_STATE_HOME", "TICKER_DATA_DIR")

# path -> (size, mtime in ns) of every file under one root, and (-1, 0) for each directory
# (its mtime only repeats what the file entries say); None when the root is absent.
Listing = dict[str, tuple[int, int]] | None


def real_state_roots(environ: Mapping[str, str]) -> tuple[Path, ...]:
    """The state directories a ticker run with ``environ`` would write to."""
    home = Path(environ.get("HOME") or Path.home())
    roots = [home / ".local" / "state" / "ticker"]
    if environ.get("XDG_STATE_HOME"):
        roots.append(Path(environ["XDG_STATE_HOME"]) / "ticker")
    if environ.get("TICKER_DATA_DIR"):
        roots.append(Path(environ["TICKER_DATA_DIR"]))
    return tuple(dict.fromkeys(roots))


def listing(root: Path) -> Listing:
    """Sizes and modification times of everything under ``root`` (None when it is absent)."""
    if not root.exists():
        return None
    found: dict[str, tuple[int, int]] = {}
    for directory, _, files in os.walk(root):
        found[str(Path(directory).relative_to(root))] = (-1, 0)
        for name in files:
            status = (Path(directory) / name).lstat()
            found[str((Path(directory) / name).relative_to(root))] = (status.st_size,
                                                                       status.st_mtime_ns)
    return found


def changes(before: Listing, after: Listing) -> list[str]:
    """What differs between two listings of one root, one short line per path."""
    if before == after:
        return []
    if before is None or after is None:
        return ["created" if before is None else "removed"]
    lines = [f"{path}: {'added' if path not in before else 'removed'}"
             for path in sorted(set(before) ^ set(after))]
    lines += [f"{path}: modified" for path in sorted(set(before) & set(after))
              if before[path] != after[path]]
    return lines


def isolated_environment(root: Path) -> dict[str, str]:
    """Values for ``STATE_VARIABLES`` under ``root`` (the home directory is created)."""
    home = root / "home"
    home.mkdir(parents=True, exist_ok=True)
    return {"HOME": str(home), "XDG_STATE_HOME": str(home / ".local" / "state"),
            "TICKER_DATA_DIR": str(root / "ticker-data")}

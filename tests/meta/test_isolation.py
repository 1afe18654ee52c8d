"""The test run keeps out of the real user's state: each test gets its own home, and the
check that guards the real state directory notices any change under it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from support.isolation import STATE_VARIABLES, changes, listing, real_state_roots
from support.service import clean_env


def test_every_state_variable_points_into_the_test_run(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    base = tmp_path_factory.getbasetemp()
    for name in STATE_VARIABLES:
        assert Path(os.environ[name]).is_relative_to(base), name
    assert Path.home().is_relative_to(base)


def test_two_tests_never_share_a_home(tmp_path_factory: pytest.TempPathFactory) -> None:
    # This test's home is not the session's, which the other tests' homes are not either.
    assert Path(os.environ["HOME"]).parent.name.startswith("state")


@pytest.mark.e2e
def test_a_started_process_inherits_the_isolation() -> None:
    code = "import os; print(os.environ['HOME']); print(os.path.expanduser('~'))"
    output = subprocess.run([sys.executable, "-c", code], env=clean_env(), capture_output=True,
                            text=True, check=True, timeout=60).stdout.split()
    assert output == [os.environ["HOME"]] * 2
    assert clean_env()["TICKER_DATA_DIR"] == os.environ["TICKER_DATA_DIR"]
    # A test's own config names its data_dir, which the variable would override.
    assert "TICKER_DATA_DIR" not in clean_env({"TICKER_CONFIG": "config.yaml"})


def test_the_real_state_roots_follow_the_environment(tmp_path: Path) -> None:
    assert real_state_roots({"HOME": str(tmp_path)}) == (tmp_path / ".local/state/ticker",)
    assert real_state_roots({"HOME": str(tmp_path), "XDG_STATE_HOME": "/x",
                             "TICKER_DATA_DIR": "/d"}) == (
        tmp_path / ".local/state/ticker", Path("/x/ticker"), Path("/d"))


def test_the_state_check_sees_every_kind_of_change(tmp_path: Path) -> None:
    root = tmp_path / "ticker"
    assert changes(listing(root), listing(root)) == []  # absent before and after is fine
    absent = listing(root)
    root.mkdir()
    (root / "quota.json").write_text("{}", encoding="utf-8")
    assert changes(absent, listing(root)) == ["created"]
    before = listing(root)
    (root / "quota.json").write_text('{"asos": 1}', encoding="utf-8")
    (root / "snapshot.json").write_text("{}", encoding="utf-8")
    assert changes(before, listing(root)) == ["snapshot.json: added", "quota.json: modified"]
    moved = listing(root)
    (root / "quota.json").unlink()
    assert "quota.json: removed" in changes(moved, listing(root))
    assert changes(listing(root), None) == ["removed"]


def test_an_unchanged_mtime_with_a_new_size_is_a_change(tmp_path: Path) -> None:
    (tmp_path / "quota.json").write_text("{}", encoding="utf-8")
    before = listing(tmp_path)
    stat = (tmp_path / "quota.json").stat()
    (tmp_path / "quota.json").write_text('{"a": 1}', encoding="utf-8")
    os.utime(tmp_path / "quota.json", ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert changes(before, listing(tmp_path)) == ["quota.json: modified"]

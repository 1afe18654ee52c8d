"""The file store's refresh lock: one holder per data directory, released with its holder."""

from __future__ import annotations

from pathlib import Path

import pytest

from ticker.state.file_lease import FileLease


def test_one_holder_per_directory_and_a_standby_takes_over(tmp_path: Path,
                                                           caplog: pytest.LogCaptureFixture
                                                           ) -> None:
    first, second = FileLease(tmp_path / "data"), FileLease(tmp_path / "data")
    assert first.run(lambda: "fetched") == "fetched"
    assert second.run(lambda: "fetched") is None
    assert second.run(lambda: "fetched") is None
    assert caplog.text.count("standing by") == 1  # said once, not every run
    first.release()
    assert second.run(lambda: "fetched") == "fetched"
    assert first.run(lambda: "fetched") is None
    second.release()

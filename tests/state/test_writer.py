"""The snapshot writer: feeds that write on their own schedules never erase each other, a
part fetched before the first snapshot joins it, and recordings never mix with live data."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from support.clock import Clock
from support.scripted import ScriptedSource
from support.scripted_feed import row
from support.stations import by_ids

from ticker.app.refresh.refresher import Refresher
from ticker.core.conditions import Condition
from ticker.core.kst import KST
from ticker.core.observations import Observation
from ticker.core.warnings import WarningsState
from ticker.state.store import FileStore
from ticker.state.writer import SnapshotWriter

T0 = datetime(2025, 12, 1, 9, 12, tzinfo=KST)
TWO = by_ids(["seoul", "busan"])
COLD = row("L1100400", "한파", "주의", T0.replace(hour=6))


def seoul(temperature: float) -> dict[str, Observation]:
    return {"seoul": Observation(city_id="seoul", temperature_c=temperature,
                                 condition=Condition.CLEAR, observed_at=T0.replace(minute=0),
                                 source="asos")}


def warnings_part(sample: bool = False) -> WarningsState:
    return WarningsState(sample=sample, updated_at=T0, warnings=(COLD,))


def test_a_part_stored_while_observations_are_fetched_is_kept(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    writer = SnapshotWriter(store)
    source = ScriptedSource(answers=[seoul(3.8)])
    refresher = Refresher(source, store, TWO, Clock(T0), writer=writer)
    refresher.run()
    # The warnings feed stores its part while the next observations fetch is under way.
    source.on_call = lambda: writer.put_part("warnings", warnings_part())
    source.answers = [seoul(4.1)]
    result = refresher.run()
    stored = store.get()
    assert stored is not None and result.version == stored.version == 3
    assert stored.snapshot.warnings == warnings_part()
    assert stored.snapshot.observation("seoul").temperature_c == 4.1  # type: ignore[union-attr]


def test_a_part_fetched_before_the_first_snapshot_joins_it(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    writer = SnapshotWriter(store)
    assert writer.put_part("warnings", warnings_part()) is None
    assert store.get() is None  # no snapshot is made of warnings alone
    Refresher(ScriptedSource(answers=[seoul(3.8)]), store, TWO, Clock(T0), writer=writer).run()
    stored = store.get()
    assert stored is not None and stored.version == 1
    assert stored.snapshot.warnings == warnings_part()


def test_a_recorded_part_never_joins_live_data(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    writer = SnapshotWriter(store)
    writer.put_part("warnings", warnings_part(sample=True))
    Refresher(ScriptedSource(answers=[seoul(3.8)]), store, TWO, Clock(T0), writer=writer).run()
    stored = store.get()
    assert stored is not None and stored.snapshot.warnings is None


def test_live_observations_over_a_recording_drop_its_parts(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    writer = SnapshotWriter(store)
    recording = ScriptedSource(answers=[seoul(3.8)], sample=True)
    Refresher(recording, store, TWO, Clock(T0), writer=writer).run()
    writer.put_part("warnings", warnings_part(sample=True))
    assert store.get().snapshot.warnings is not None  # type: ignore[union-attr]
    Refresher(ScriptedSource(answers=[seoul(4.1)]), store, TWO, Clock(T0), writer=writer).run()
    stored = store.get()
    assert stored is not None and not stored.snapshot.sample
    assert stored.snapshot.warnings is None

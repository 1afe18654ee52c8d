"""Recorded upstream payloads (copied from ../shared/kma/samples) and test constants."""

from __future__ import annotations

import csv
from pathlib import Path

from support.fakekma import Handler, Reply, Request

FIXTURES = Path(__file__).parent.parent / "fixtures"

# A key that looks real and changes under percent-encoding, so every form can be searched for.
CANARY_KEY = "canary-KEY+/=8f3ZqXw7Lm2"

SFCTM2_16 = "kma_sfctm2_20251204_0900_16stn.constructed.txt"
SFCTM2_NO_ROWS = "kma_sfctm2_no_rows.constructed.txt"
SFCTM2_SEOUL_REAL = "kma_sfctm2_108_20251113_0800.real-excerpt.txt"
SFCTM2_GWANGJU_REAL = "kma_sfctm2_156_20260818_1500.real-excerpt.txt"


def fixture_text(name: str) -> str:
    """A recorded payload, as text."""
    return (FIXTURES / name).read_text(encoding="utf-8")


def fixture_bytes(name: str) -> bytes:
    """A recorded payload, as bytes."""
    return (FIXTURES / name).read_bytes()


def seed_rows() -> list[dict[str, str]]:
    """The 16 values of the news-site ticker we reproduce, in display order."""
    with (FIXTURES / "seed_ticker.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def data_lines(name: str) -> list[str]:
    """The data (non-#) lines of an sfctm2 payload."""
    return [line for line in fixture_text(name).splitlines()
            if line.strip() and not line.startswith("#")]


def sfctm2_body(lines: list[str]) -> str:
    """Wrap data lines in the sfctm2 envelope, headers taken from the 16-station sample."""
    head = [line for line in fixture_text(SFCTM2_16).splitlines()
            if line.startswith("#") and line != "#7777END"]
    return "\n".join([*head, *lines, "#7777END"]) + "\n"


def with_field(line: str, column: str, value: str) -> str:
    """An sfctm2 line with one column replaced, keeping whitespace splitting valid."""
    from ticker.upstream.apihub.sfctm2 import COLUMNS

    tokens = line.split()
    tokens[COLUMNS.index(column)] = value
    return " ".join(tokens)


def restamped_sfctm2(name: str, recorded_tm: str = "202512040900") -> Handler:
    """A fake-server handler replaying a recording with its rows moved to the requested hour.

    Live sfctm2 answers carry the hour that was asked for; replaying a fixed recorded hour
    would make every value look days old to the freshness rules.
    """
    text = fixture_text(name)

    def handler(request: Request) -> Reply:
        hour = request.query.get("tm", recorded_tm)
        return Reply(body=text.replace(recorded_tm, hour).encode("cp949"))

    return handler


def live_sfctm2(name: str = SFCTM2_16, recorded_tm: str = "202512040900") -> Handler:
    """A handler stamping the recorded rows with the current KST minute.

    End-to-end tests use second-scale freshness limits; rows stamped on the hour would already
    be minutes old, so this KMA-compatible fake reports observations made just now.
    """
    from datetime import datetime

    from ticker.core.kst import KST

    text = fixture_text(name)

    def handler(request: Request) -> Reply:
        now = datetime.now(KST).strftime("%Y%m%d%H%M")
        return Reply(body=text.replace(recorded_tm, now).encode("cp949"))

    return handler

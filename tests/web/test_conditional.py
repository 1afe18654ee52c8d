"""Conditional requests on the prepared routes: the gzip and plain forms' own strong ETags,
If-Modified-Since when no If-None-Match is sent, and Last-Modified and the ETag following
every change of the body, also one without a new snapshot (a part turning too old)."""

from __future__ import annotations

from datetime import UTC, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import pytest
from support.clock import NOW, Clock
from support.snapshots import snapshot
from support.stations import CITIES
from support.warning_snapshots import SEOUL_NW, warning, with_warnings
from werkzeug.test import Client

from ticker.core.freshness import Freshness
from ticker.state.store import FileStore
from ticker.web.context import WebContext
from ticker.web.site import create_app

FETCHED = NOW - timedelta(minutes=4)
GZIP, PLAIN = {"Accept-Encoding": "gzip"}, {"Accept-Encoding": "identity"}
PATHS = ("/v1/weather", "/v1/weather/seoul", "/v1/warnings", "/widget")


@pytest.fixture
def store(tmp_path: Path) -> FileStore:
    store = FileStore(tmp_path)
    store.put(with_warnings(snapshot(-8.0), [warning(SEOUL_NW, "한파", "주의")],
                            updated_at=FETCHED))
    return store


@pytest.fixture
def client(store: FileStore, clock: Clock) -> Client:
    ctx = WebContext(store=store, cities=CITIES, freshness=Freshness(), clock=clock)
    return create_app(ctx, version_poll_seconds=0).test_client()


@pytest.mark.parametrize("path", PATHS)
def test_the_gzip_form_has_its_own_strong_etag(client: Client, path: str) -> None:
    plain, zipped = client.get(path, headers=PLAIN), client.get(path, headers=GZIP)
    assert zipped.headers["Content-Encoding"] == "gzip" and "Content-Encoding" not in plain.headers
    tag, gz_tag = plain.headers["ETag"], zipped.headers["ETag"]
    assert gz_tag == tag[:-1] + '-gz"' and not gz_tag.startswith("W/")
    # Each form matches its own ETag only; a list holding both matches the form asked for.
    for headers, own, other in ((PLAIN, tag, gz_tag), (GZIP, gz_tag, tag)):
        for sent in (own, f"{other}, {own}", f"{own}, {other}", f"W/{own}", "*"):
            answer = client.get(path, headers={**headers, "If-None-Match": sent})
            assert (answer.status_code, answer.headers["ETag"]) == (304, own), sent
            assert answer.data == b"" and answer.headers["Vary"] == "Accept-Encoding"
        assert client.get(path, headers={**headers, "If-None-Match": other}).status_code == 200


def test_a_body_too_small_to_gzip_has_the_plain_etag_for_every_client(client: Client) -> None:
    plain, asked = client.get("/robots.txt", headers=PLAIN), client.get("/robots.txt",
                                                                        headers=GZIP)
    assert "Content-Encoding" not in asked.headers
    assert asked.headers["ETag"] == plain.headers["ETag"] and "-gz" not in asked.headers["ETag"]
    assert client.get("/robots.txt", headers={**GZIP, "If-None-Match": plain.headers["ETag"]}
                      ).status_code == 304


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("headers", [PLAIN, GZIP])
def test_if_modified_since_answers_304_when_not_modified(client: Client, path: str,
                                                         headers: dict[str, str],
                                                         clock: Clock) -> None:
    clock.now = NOW + timedelta(minutes=1)
    first = client.get(path, headers=headers)
    modified = parsedate_to_datetime(first.headers["Last-Modified"])
    for method in (client.get, client.head):
        for since in (first.headers["Last-Modified"],
                      format_datetime(modified + timedelta(seconds=30), usegmt=True)):
            answer = method(path, headers={**headers, "If-Modified-Since": since})
            assert answer.status_code == 304, since
            assert answer.headers["ETag"] == first.headers["ETag"]
            assert answer.headers["Last-Modified"] == first.headers["Last-Modified"]
    earlier = format_datetime(modified - timedelta(seconds=1), usegmt=True)
    for since in (earlier, "yesterday", "Mon, 01 Dec 2025 99:00:00 GMT",
                  # A client clock ahead of ours: ignored (RFC 9110 §13.1.3).
                  format_datetime((NOW + timedelta(hours=1)).astimezone(UTC), usegmt=True)):
        answer = client.get(path, headers={**headers, "If-Modified-Since": since})
        assert answer.status_code == 200, since
    # If-None-Match takes precedence: a tag that does not match is a 200 whatever the date.
    assert client.get(path, headers={**headers, "If-None-Match": '"other"',
                                     "If-Modified-Since": first.headers["Last-Modified"]}
                      ).status_code == 200


def test_last_modified_is_the_newest_stored_value_to_the_second(client: Client,
                                                                store: FileStore) -> None:
    assert parsedate_to_datetime(client.get("/v1/warnings").headers["Last-Modified"]) == FETCHED
    # Observations stored at NOW, the warnings at FETCHED: the strip shows both.
    for path in ("/v1/weather", "/widget"):
        assert parsedate_to_datetime(client.get(path).headers["Last-Modified"]) == NOW


def test_a_body_changed_without_a_new_version_changes_etag_and_last_modified(
        client: Client, clock: Clock) -> None:
    before = {path: client.get(path, headers=GZIP) for path in ("/v1/warnings", "/v1/weather")}
    clock.now = FETCHED + timedelta(minutes=31)  # the warnings turn too old: shown as unknown
    for path, old in before.items():
        answer = client.get(path, headers={**GZIP, "If-Modified-Since":
                                           old.headers["Last-Modified"]})
        assert answer.status_code == 200, path
        assert answer.headers["ETag"] != old.headers["ETag"]
        assert parsedate_to_datetime(answer.headers["Last-Modified"]) == (
            FETCHED + timedelta(minutes=30)).replace(microsecond=0)
        assert client.get(path, headers={**GZIP, "If-None-Match": old.headers["ETag"]}
                          ).status_code == 200
    assert client.get("/v1/warnings").get_json()["warnings"] is None


def test_a_recent_check_keeps_an_unchanged_part_shown_and_every_etag(
        client: Client, clock: Clock, store: FileStore) -> None:
    before = {path: client.get(path, headers=GZIP).headers["ETag"] for path in PATHS}
    version = store.version()
    for minutes in (5, 25, 45, 65):  # every fetch brings the same list: no new version
        clock.now = FETCHED + timedelta(minutes=minutes)
        store.put_check("warnings", clock.now)
        store.put_check("observations", clock.now)
        for path, tag in before.items():
            answer = client.get(path, headers={**GZIP, "If-None-Match": tag})
            assert answer.status_code == 304, (path, minutes)
    assert store.version() == version
    assert client.get("/v1/warnings").get_json()["warnings"] is not None
    clock.now += timedelta(minutes=31)  # no check since: the list is unknown at last
    assert client.get("/v1/warnings").get_json()["warnings"] is None


def test_a_check_after_a_part_turned_unknown_shows_it_again_at_once(
        client: Client, clock: Clock, store: FileStore) -> None:
    before = {path: client.get(path, headers=GZIP) for path in PATHS}
    clock.now = FETCHED + timedelta(minutes=31)
    gone = {path: client.get(path, headers=GZIP) for path in PATHS}
    assert client.get("/v1/warnings").get_json()["warnings"] is None
    # The feed recovers with the same list: no new version, and every answer is back as it
    # was, ETag included, without waiting for a new snapshot.
    store.put_check("warnings", clock.now)
    for path in PATHS:
        back = client.get(path, headers=GZIP)
        assert back.headers["ETag"] != gone[path].headers["ETag"], path
        assert (back.headers["ETag"], back.data) == (before[path].headers["ETag"],
                                                     before[path].data), path
    assert store.version() == 1

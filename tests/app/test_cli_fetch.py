"""``ticker fetch`` end to end: the installed command as a subprocess against the fake KMA."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from support.brokenhosts import closed_port
from support.fakekma import FakeKma, Reply, Request
from support.payloads import CANARY_KEY, SFCTM2_16, fixture_bytes, restamped_sfctm2, seed_rows
from support.service import TICKER, clean_env
from support.stations import CITIES
from support.warning_payloads import ZONES_CASES, live_warnings, route_warnings

from ticker.core.conditions import CONDITION_LABELS
from ticker.core.documents import ATTRIBUTION
from ticker.core.redact import secret_forms
from ticker.state.file_ledger import QUOTA_FILE
from ticker.upstream.apihub.client import SFCTM2_PATH
from ticker.web.widget.view import LABELS

pytestmark = pytest.mark.e2e  # the installed ``ticker`` command runs as a subprocess


def run_ticker(*args: str, env: dict[str, str] | None = None,
               cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed console script with a clean environment and the test's own state."""
    return subprocess.run([TICKER, *args], env=clean_env(env), cwd=cwd,
                          capture_output=True, text=True, timeout=60, check=False)


def live_env(fake: FakeKma) -> dict[str, str]:
    return {"KMA_APIHUB_URL": fake.url, "KMA_APIHUB_KEY": CANARY_KEY}


def test_fetch_json_maps_every_city_from_the_upstream(fake_kma: FakeKma, tmp_path: Path) -> None:
    fake_kma.route(SFCTM2_PATH, restamped_sfctm2(SFCTM2_16))
    result = run_ticker("fetch", "--json", env=live_env(fake_kma), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["sample"] is False
    assert document["source"] == "asos"
    assert [c["id"] for c in document["cities"]] == [c.id for c in CITIES]
    got = {c["id"]: (c["condition"], c["condition_text"], c["temperature_c"])
           for c in document["cities"]}
    assert got == {
        "dongducheon": ("clear", "맑음", 1.9), "gangneung": ("clear", "맑음", 9.6),
        "seoul": ("clear", "맑음", 3.8), "daejeon": ("partly_cloudy", "구름조금", 5.7),
        "daegu": ("mist", "박무", 8.7), "ulsan": ("mostly_cloudy", "구름많음", 11.1),
        "gwangju": ("partly_cloudy", "구름조금", 8.8), "busan": ("overcast", "흐림", 13.5),
        "gochang": ("mostly_cloudy", "구름많음", 7.4), "jeju": ("rain", "비", 13.9),
        "ganghwa": ("clear", "맑음", 2.7), "boeun": ("mist", "박무", 3.1),
        "geumsan": ("partly_cloudy", "구름조금", 4.2),
        "gangjin": ("mostly_cloudy", "구름많음", 8.0),
        "gyeongju": ("partly_cloudy", "구름조금", 7.6),
        "geoje": ("mostly_cloudy", "구름많음", 12.4),
    }
    [request] = fake_kma.seen(SFCTM2_PATH)
    hour = request.query["tm"]
    assert {c["observed_at"] for c in document["cities"]} == {
        f"{hour[:4]}-{hour[4:6]}-{hour[6:8]}T{hour[8:10]}:00:00+09:00"}
    assert not any(c["stale"] for c in document["cities"])
    for form in secret_forms(CANARY_KEY):
        assert form not in result.stdout + result.stderr
    # The call was counted in this test's own state, not the user's.
    assert "asos" in (Path(os.environ["TICKER_DATA_DIR"]) / QUOTA_FILE).read_text("utf-8")


def test_fetch_without_a_key_prints_the_seed_flagged_as_sample(tmp_path: Path) -> None:
    result = run_ticker("fetch", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "SAMPLE DATA" in result.stdout
    assert "SAMPLE" in result.stderr
    items = [line.split() for line in lines if "℃" in line]
    assert [(cond, name, temp) for cond, name, temp, *_ in items] == [
        (r["condition_ko"], r["name_ko"], f"{r['temperature_c']}℃") for r in seed_rows()]


@pytest.mark.parametrize("lang", ["ja", "zh"])
def test_fetch_prints_the_table_in_japanese_and_chinese(tmp_path: Path, lang: str) -> None:
    result = run_ticker("fetch", "--lang", lang, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith(ATTRIBUTION[lang])
    items = [line.split() for line in result.stdout.splitlines() if "℃" in line]
    code_of = {text: code for code, text in CONDITION_LABELS["ko"].items()}
    assert [(cond, name) for cond, name, *_ in items] == [
        (CONDITION_LABELS[lang][code_of[r["condition_ko"]]], getattr(city, f"name_{lang}"))
        for r, city in zip(seed_rows(), CITIES, strict=True)]
    assert all(item[3] == LABELS[lang]["feels"] for item in items)


def test_fetch_json_without_a_key_is_the_seed(tmp_path: Path) -> None:
    result = run_ticker("fetch", "--json", cwd=tmp_path)
    document = json.loads(result.stdout)
    assert document["sample"] is True
    assert [(c["name"], c["condition_text"], c["temperature_c"]) for c in document["cities"]] == [
        (r["name_ko"], r["condition_ko"], float(r["temperature_c"])) for r in seed_rows()]


def test_some_cities_missing_still_exits_zero(fake_kma: FakeKma, tmp_path: Path) -> None:
    replay = restamped_sfctm2(SFCTM2_16)

    def without_1xx_stations(request: Request) -> Reply:
        body = replay(request).body.decode()
        tm = request.query["tm"]
        kept = [line for line in body.splitlines() if not line.startswith(f"{tm} 1")]
        return Reply(body="\n".join(kept).encode())

    fake_kma.route(SFCTM2_PATH, without_1xx_stations)
    result = run_ticker("fetch", "--json", env=live_env(fake_kma), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    cities = {c["id"]: c for c in json.loads(result.stdout)["cities"]}
    assert len(cities) == 16
    assert cities["seoul"]["temperature_c"] is None
    assert cities["seoul"]["condition"] == "unknown"
    assert cities["seoul"]["condition_text"] == ""
    assert cities["dongducheon"]["temperature_c"] == 1.9


@pytest.mark.parametrize(("reply", "failure_class"), [
    (Reply(status=401, body=fixture_bytes("apihub_http401_invalid_key.real.json")), "rejected key"),
    (Reply(status=502, body=b"<html>bad gateway</html>"), "network"),
    (Reply(body=b"garbage that is not sfctm2"), "malformed"),
    (Reply(body=fixture_bytes("kma_sfctm2_no_rows.constructed.txt")), "no data"),
])
def test_nothing_usable_exits_non_zero_with_one_line(fake_kma: FakeKma, tmp_path: Path,
                                                     reply: Reply, failure_class: str) -> None:
    fake_kma.route(SFCTM2_PATH, reply)
    result = run_ticker("fetch", env=live_env(fake_kma), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"ticker: fetch failed ({failure_class})")
    assert "Traceback" not in result.stderr
    for form in secret_forms(CANARY_KEY):
        assert form not in line


def test_a_closed_port_exits_one_with_one_short_line_saying_connection_refused(
        tmp_path: Path) -> None:
    with closed_port() as port:
        env = {"KMA_APIHUB_URL": f"http://127.0.0.1:{port}", "KMA_APIHUB_KEY": CANARY_KEY}
        result = run_ticker("fetch", env=env, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line == (f"ticker: fetch failed (network): API Hub at 127.0.0.1:{port}: "
                    "connection refused")
    assert len(line) <= 200


def test_unreachable_upstream_at_debug_logs_no_key(tmp_path: Path) -> None:
    with closed_port() as port:
        env = {"KMA_APIHUB_URL": f"http://127.0.0.1:{port}", "KMA_APIHUB_KEY": CANARY_KEY}
        result = run_ticker("--log-level", "DEBUG", "fetch", env=env, cwd=tmp_path)
    assert result.returncode == 1
    assert "fetch failed (network)" in result.stderr
    # The library's own account is at DEBUG, scrubbed.
    assert "ConnectionError: " in result.stderr
    for form in secret_forms(CANARY_KEY):
        assert form not in result.stderr


def test_invalid_configuration_names_the_key(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text("cities: [seoul, nowhere]\n", encoding="utf-8")
    result = run_ticker("fetch", cwd=tmp_path)
    assert result.returncode == 2
    assert "cities[1]: unknown station id 'nowhere'" in result.stderr
    assert "Traceback" not in result.stderr


def test_fetch_prints_each_stations_warnings_beside_it(fake_kma: FakeKma, tmp_path: Path) -> None:
    fake_kma.route(SFCTM2_PATH, restamped_sfctm2(SFCTM2_16))
    route_warnings(fake_kma, warnings=live_warnings(), zones=ZONES_CASES)
    document = json.loads(run_ticker("fetch", "--json", env=live_env(fake_kma),
                                     cwd=tmp_path).stdout)
    seoul = next(c for c in document["cities"] if c["id"] == "seoul")
    assert [(w["type"], w["level"], w["zone"]) for w in seoul["warnings"]] == [
        ("tropical_night", "advisory", "서울서북권"), ("heat_wave", "advisory", "서울서북권")]
    assert next(c for c in document["cities"] if c["id"] == "busan")["warnings"] == []
    table = run_ticker("fetch", env=live_env(fake_kma), cwd=tmp_path).stdout.splitlines()
    assert any(" 서울 " in line and line.endswith("⚠ 열대야주의보, 폭염주의보") for line in table)
    assert not any(" 부산 " in line and "⚠" in line for line in table)


def test_fetch_with_a_failing_warnings_feed_says_so_and_prints_the_weather(
        fake_kma: FakeKma, tmp_path: Path) -> None:
    fake_kma.route(SFCTM2_PATH, restamped_sfctm2(SFCTM2_16))
    route_warnings(fake_kma, warnings=Reply(status=500, body=b"<html>busy</html>"),
                   zones=ZONES_CASES)
    result = run_ticker("fetch", "--json", env=live_env(fake_kma), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "feed warnings failed (network)" in result.stderr
    assert all(c["warnings"] is None for c in json.loads(result.stdout)["cities"])

"""Every table of words shown to readers has every language, and every code has a word in each.

The tables are found, not listed: every module of the package is imported and each module-level
dict keyed by language codes (its keys include ``en``) is a table; so is each ``{ ko: … }``
object in the bundled scripts and each ``{"ko": …}`` map in the templates. A table added with
Korean and English only fails here until Japanese and Chinese are added. Lookups raise for a
language a table lacks: nothing falls back to Korean.
"""

from __future__ import annotations

import importlib
import re
from datetime import date
from pathlib import Path

import pytest

import ticker
from ticker.core.conditions import Condition, condition_label
from ticker.core.langs import LANGS
from ticker.core.warnings import title_of
from ticker.web.widget.page import script_words
from ticker.web.widget.sparkline import LABELS as SPARKLINE_LABELS
from ticker.web.widget.view import DATE_LINES, LABELS, date_line, short_date_line

PACKAGE = Path(ticker.__file__).parent
# Kept without Korean on purpose: a warning's Korean kind is KMA's own word as sent.
KOREAN_FROM_DATA = {"ticker.core.warnings.TYPE_TEXT"}
# Words a language may leave out: "unknown" is shown as nothing in every language, and the
# observation time's words stand before it in English and after it in the others.
MAY_BE_EMPTY = {"unknown", "observed_before", "observed_after"}


def _defined(path: Path) -> set[str]:
    """The module-level constants a source file assigns a dict literal to."""
    return set(re.findall(r"^([A-Z][A-Z_]*)(?::[^=\n]+)? = \{", path.read_text(), re.M))


def _tables() -> dict[str, dict[str, object]]:
    """Each dict keyed by language codes, by the module that defines it."""
    found: dict[str, dict[str, object]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "__main__.py":  # runs the CLI when imported
            continue
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        module = importlib.import_module(".".join(parts).removesuffix(".__init__"))
        for name in _defined(path):
            value = getattr(module, name)
            if isinstance(value, dict) and "en" in value and all(
                    isinstance(key, str) and len(key) == 2 for key in value):
                found[f"{module.__name__}.{name}"] = value
    return found


TABLES = _tables()


def test_the_tables_are_found() -> None:
    # The known ones at least: a discovery that finds nothing would pass everything below.
    for name in ("ticker.core.conditions.CONDITION_LABELS", "ticker.core.documents.ATTRIBUTION",
                 "ticker.core.air.GRADE_TEXT", "ticker.core.air_documents.AIR_ATTRIBUTION",
                 "ticker.core.warnings.LEVEL_TEXT", "ticker.core.warnings.PRELIMINARY_TEXT",
                 "ticker.core.warnings.TITLE_JOIN", "ticker.web.widget.words.LABELS",
                 "ticker.web.widget.words.WEEKDAYS", "ticker.web.widget.words.DATE_LINES",
                 "ticker.web.widget.words.NAME_FIELDS", "ticker.web.widget.badges.BADGE_LABEL",
                 "ticker.web.widget.sparkline.LABELS", "ticker.web.widget.sparkline.HOUR_TEXT",
                 "ticker.web.widget.forecast.TOMORROW",
                 "ticker.web.configurator.configuration.FRAME_TITLES"):
        assert name in TABLES, name


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_table_has_every_language(name: str) -> None:
    languages = set(LANGS) - {"ko"} if name in KOREAN_FROM_DATA else set(LANGS)
    assert set(TABLES[name]) == languages


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_code_has_a_word_in_every_language(name: str) -> None:
    rows = list(TABLES[name].values())
    first = rows[0]
    for row in rows:
        assert type(row) is type(first)
        if isinstance(row, dict):
            assert set(row) == set(first)  # type: ignore[arg-type]
            assert all(word or code in MAY_BE_EMPTY for code, word in row.items())
        elif isinstance(row, tuple):
            assert len(row) == len(first)  # type: ignore[arg-type]
            assert all(row)


def _script_tables() -> list[tuple[str, str]]:
    found = []
    for path in sorted(PACKAGE.rglob("assets/*.js")):
        for match in re.finditer(r"\{ ko: [^;]*?\}", path.read_text()):
            found.append((path.name, match.group(0)))
    return found


def test_every_table_of_the_scripts_has_every_language() -> None:
    tables = _script_tables()
    assert len(tables) >= 4  # FEELS, AIR, TOMORROW (widget_show.js), TITLES (embed.js)
    for name, table in tables:
        assert re.findall(r"\b([a-z]{2}): ", table) == list(LANGS), name


def test_every_language_map_of_the_templates_has_every_language() -> None:
    maps = [match for path in PACKAGE.rglob("templates/*.html")
            for match in re.findall(r'\{"ko": [^}]*\}', path.read_text())]
    assert maps  # the configurator's language selector
    for found in maps:
        assert re.findall(r'"([a-z]{2})": ', found) == list(LANGS)


def test_the_page_hands_its_script_every_word_in_every_language() -> None:
    for lang in LANGS:
        words = dict(script_words(lang))
        assert len(words["wd"].split(" ")) == 7 and len(words["df"].split("|")) == 2


@pytest.mark.parametrize("lookup", [
    lambda lang: condition_label(Condition.CLEAR, lang),
    lambda lang: date_line(date(2025, 12, 1), lang),
    lambda lang: short_date_line(date(2025, 12, 1), lang),
    lambda lang: title_of("大雪", "警報", lang),
    lambda lang: LABELS[lang], lambda lang: SPARKLINE_LABELS[lang],
    lambda lang: script_words(lang),
])
def test_a_language_no_table_has_raises_rather_than_falling_back(lookup: object) -> None:
    with pytest.raises(KeyError):
        lookup("fr")  # type: ignore[operator]


def test_the_date_lines_are_the_issues() -> None:
    monday = date(2025, 12, 1)
    assert [date_line(monday, lang) for lang in LANGS] == [
        "2025.12.01 (월)", "Mon, 1 Dec 2025", "2025年12月1日(月)", "2025年12月1日 周一"]
    assert [short_date_line(monday, lang) for lang in LANGS] == [
        "12.01(월)", "Mon 1 Dec", "12月1日(月)", "12月1日 周一"]
    assert set(DATE_LINES) == set(LANGS)

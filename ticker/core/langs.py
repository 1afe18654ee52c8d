"""The languages texts are served in, and the one rule every per-language table follows.

Each table of words shown to readers is a dict keyed by these codes (``TABLE[lang]``); a
lookup raises KeyError for a language a table lacks, never falls back to Korean, and
tests/core/test_langs.py fails when any table misses a language or a code misses a word.
"""

from __future__ import annotations

from typing import Final

# ko: Korean (the default); en: English; ja: Japanese; zh: Simplified Chinese.
LANGS: Final = ("ko", "en", "ja", "zh")

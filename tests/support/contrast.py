"""WCAG 2 contrast ratios of colours as ``#rrggbb`` or as browsers compute them (``rgb(…)``)."""

from __future__ import annotations

import re


def relative_luminance(color: str) -> float:
    """WCAG 2's relative luminance of ``#rrggbb`` or ``rgb(r, g, b)`` (alpha ignored)."""
    if color.startswith("#"):
        channels = [int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    else:
        channels = [int(value) / 255 for value in re.findall(r"\d+", color)[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """The contrast ratio of two colours, from 1 to 21."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)

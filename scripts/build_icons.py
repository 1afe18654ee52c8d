"""Build the widget's icon sprite from Meteocons (Bas Milius, MIT), run by hand.

    npm pack @bybas/weather-icons@2.0.0 && tar xzf bybas-weather-icons-2.0.0.tgz
    .venv/bin/python scripts/build_icons.py package

reads the package's static line-style exports (design/line/export/wi_*.svg: the production
files animate), picks one file per condition code (day and night ones where they differ),
and writes ticker/web/widget/assets/meteocons.svg, one ``<symbol id="wi-…">`` a line, and the
package's licence beside it. Both are committed: tests and the service never need npm.

Each file is rewritten on the way: its ids (``a``, ``b``, … in every file) are prefixed with
its symbol's number, and their references with them, so no two ids on a page collide; animation,
styles, scripts and event attributes are dropped (reduced motion means no motion, and the
widget's CSP allows no inline style); grey strokes and fills become ``currentColor``, so
clouds, mist and fog take the widget's text colour in every theme while the sun, moon and
drops keep Meteocons' own colours.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET  # trusted input: the npm tarball, read by hand
from pathlib import Path

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
VERSION = "@bybas/weather-icons 2.0.0"
SOURCE = Path("design/line/export")
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "ticker/web/widget/assets/meteocons.svg"
LICENCE_OUT = ROOT / "ticker/web/widget/assets/LICENSE-meteocons.txt"

# Condition code (ticker/core/conditions.py) → Meteocons file, or its (day, night) pair.
ICONS: dict[str, str | tuple[str, str]] = {
    "clear": ("clear-day", "clear-night"),
    "partly_cloudy": ("partly-cloudy-day", "partly-cloudy-night"),
    "mostly_cloudy": ("overcast-day", "overcast-night"),
    "overcast": "overcast",
    "mist": "mist",
    "haze": "haze",
    "fog": "fog",
    "drizzle": "drizzle",
    "rain": "rain",
    # 소나기: a burst of drops, told apart from steady rain's cloud.
    "shower": "raindrops",
    "sleet": "sleet",
    "snow": "snow",
    "hail": "hail",
    "thunderstorm": "thunderstorms-rain",
    "dust": "dust-wind",
    "unknown": "not-available",
}
DROPPED = {"animate", "animateTransform", "animateMotion", "animateColor", "set", "style",
           "script", "title", "desc", "metadata"}
PAINTS = ("fill", "stroke", "stop-color")
# What .icon sets in widget_show.css: the most repeated attributes, written once per page.
INHERITED = {"fill": "none", "stroke-linecap": "round"}
_HEX = re.compile(r"#([0-9a-fA-F]{6})")
# Coordinates to a tenth of the 64-unit box: under 0.05 px at the biggest size, a fifth
# fewer bytes.
_LONG_NUMBER = re.compile(r"(-?\d*\.\d)\d+")
_GREY_SPREAD = 32  # a colour whose channels differ by less than this is a grey (gray-700 too)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _grey(value: str) -> bool:
    match = _HEX.fullmatch(value.strip())
    if not match:
        return False
    channels = [int(match[1][i:i + 2], 16) for i in (0, 2, 4)]
    return max(channels) - min(channels) < _GREY_SPREAD


def _tenth(match: re.Match[str]) -> str:
    return f"{float(match[0]):.1f}".replace("-0.0", "0.0")


def _numbers(value: str) -> str:
    """Coordinates to a tenth, without leading zeros or a separator before a minus sign."""
    value = _LONG_NUMBER.sub(_tenth, value)
    value = re.sub(r"(?<![\d.])0\.(\d)", r".\1", value)
    return re.sub(r"[, ]+-", "-", value)


def _clean(element: ET.Element, ids: dict[str, str]) -> None:
    for child in list(element):
        if _local(child.tag) in DROPPED:
            element.remove(child)
        else:
            _clean(child, ids)
    for name, value in list(element.attrib.items()):
        local = _local(name)
        # Illustrator's miter limit: no corner of these line icons is sharp enough for it.
        if local in ("style", "class", "stroke-miterlimit") or local.startswith("on"):
            del element.attrib[name]
        elif local == "id":
            element.set(name, ids[value])
        elif local == "href" and value.startswith("#"):
            del element.attrib[name]
            element.set("href", "#" + ids[value[1:]])
        elif INHERITED.get(local) == value:
            # widget_show.css gives .icon these, and the symbols inherit them through <use>.
            del element.attrib[name]
        elif local in PAINTS and _grey(value):
            element.set(name, "currentColor")
        elif local in ("d", "points", "x1", "x2", "y1", "y2", "cx", "cy", "r", "x", "y",
                       "width", "height", "transform"):
            element.set(name, _numbers(value))
        elif "url(#" in value:
            element.set(name, re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{ids[m[1]]})", value))


def symbol(path: Path, symbol_id: str, number: int) -> str:
    """One Meteocons file as a ``<symbol>`` with its ids made unique (``wi3a``: the symbol's
    number and the file's own id, short as there are dozens of references) and nothing that
    moves."""
    root = ET.parse(path).getroot()
    ids = {e.get("id", ""): f"wi{number}{e.get('id')}" for e in root.iter() if e.get("id")}
    _clean(root, ids)
    inner = "".join(ET.tostring(child, encoding="unicode") for child in root)
    inner = re.sub(r">\s+<", "><", inner.replace(f' xmlns="{SVG_NS}"', "")).strip()
    inner = inner.replace(" />", "/>")
    return f'<symbol id="{symbol_id}" viewBox="{root.get("viewBox")}">{inner}</symbol>'


def symbols(package: Path) -> list[str]:
    """Every condition's symbols in ICONS' order: ``wi-<code>``, or ``-day`` and ``-night``."""
    wanted: list[tuple[str, str]] = []
    for code, files in ICONS.items():
        if isinstance(files, str):
            wanted.append((files, f"wi-{code}"))
        else:
            wanted += [(name, f"wi-{code}-{variant}")
                       for variant, name in zip(("day", "night"), files, strict=True)]
    return [symbol(package / SOURCE / f"wi_{name}.svg", symbol_id, number)
            for number, (name, symbol_id) in enumerate(wanted)]


def main(argv: list[str]) -> int:
    """Write the sprite and the licence from an unpacked package directory."""
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    package = Path(argv[1])
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    header = (f"<!-- Meteocons by Bas Milius ({VERSION}, MIT: LICENSE-meteocons.txt), static "
              "line icons rewritten by scripts/build_icons.py; do not edit by hand. -->")
    lines = [f'<svg xmlns="{SVG_NS}">', header, *symbols(package), "</svg>"]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    LICENCE_OUT.write_text(
        f"The widget's weather icons (show=icon) are Meteocons by Bas Milius, from the npm "
        f"package {VERSION}, under this licence:\n\n"
        + (package / "LICENSE").read_text(encoding="utf-8"), encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(lines) - 3} symbols, {OUT.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

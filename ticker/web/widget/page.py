"""Pure page renderers for the widget: HTML bytes plus the CSP that allows exactly them.

Inline CSS and script are allowed by their SHA-256 hashes rather than a per-response nonce,
so a rendered page is the same bytes for every reader and can be prepared once per snapshot.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from ticker.core.documents import HourDocument, WeatherDocument
from ticker.core.warnings import TITLE_JOIN
from ticker.web.widget.badges import BADGE_LABEL
from ticker.web.widget.icons import sprite
from ticker.web.widget.options import WidgetOptions
from ticker.web.widget.view import widget_view
from ticker.web.widget.words import DATE_LINES, NAME_FIELDS, WEEKDAYS

WIDGET_CSP = ("default-src 'none'; script-src {scripts}; style-src {styles}; "
              "connect-src 'self'; base-uri 'none'; form-action 'none'; "
              "frame-ancestors {ancestors}")
MESSAGE_CSS = ("body{margin:0;padding:.5em;font:14px/1.4 system-ui,sans-serif;color:#1b1d1f;"
               "background:#fff}h1{font-size:1em;margin:0}p{margin:.2em 0 0}")


# The package whose assets/ and templates/ hold the widget's files.
WIDGET_PACKAGE = "ticker.web.widget"


@cache
def asset(name: str, package: str = WIDGET_PACKAGE) -> str:
    """A bundled file of a package's ``assets/`` (the widget's unless named) as text."""
    return resources.files(package).joinpath("assets", name).read_text(encoding="utf-8")


# What a page leaves out of the files it inlines: their notes are for the files' readers, and
# the page is every byte a reader of the widget downloads. Only whole comment lines and the
# header block of a script go, never anything on a line with code.
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_SCRIPT_HEADER = re.compile(r"\A/\*.*?\*/\n", re.S)
_SCRIPT_COMMENT_LINE = re.compile(r"^[ \t]*//[^\n]*\n", re.M)
_INDENT_AND_BLANK_LINES = re.compile(r"^[ \t]+|^\n", re.M)


@cache
def inlined(name: str) -> str:
    """A widget asset as its page inlines it: without comments and indentation."""
    text = asset(name)
    if name.endswith(".css"):
        text = _CSS_COMMENT.sub("", text)
    else:
        text = _SCRIPT_COMMENT_LINE.sub("", _SCRIPT_HEADER.sub("", text))
    return _INDENT_AND_BLANK_LINES.sub("", text)


@cache
def templates(package: str = WIDGET_PACKAGE) -> Environment:
    """The Jinja templates of a package's ``templates/`` (the widget's unless named)."""
    return Environment(loader=PackageLoader(package, "templates"),
                       autoescape=select_autoescape(default=True), auto_reload=False)


def csp_hash(content: str) -> str:
    """The CSP source expression allowing one inline block with exactly this content."""
    digest = hashlib.sha256(content.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def widget_csp(scripts: list[str], styles: list[str], frame_ancestors: tuple[str, ...]) -> str:
    """The widget's CSP: only these inline blocks, polling its own origin, framed as allowed."""
    return WIDGET_CSP.format(scripts=" ".join(csp_hash(s) for s in scripts) or "'none'",
                             styles=" ".join(csp_hash(s) for s in styles),
                             ancestors=" ".join(frame_ancestors))


def script_words(lang: str) -> tuple[tuple[str, str], ...]:
    """The words assets/widget.js writes each poll with, in ``lang``, as ``data-*`` pairs of
    the page: weekdays, date line forms, badge label, title join and the name's field."""
    return (("wd", " ".join(WEEKDAYS[lang])), ("df", "|".join(DATE_LINES[lang])),
            ("bl", BADGE_LABEL[lang]), ("tj", TITLE_JOIN[lang]), ("nk", NAME_FIELDS[lang]))


def css_variables(options: WidgetOptions, duration_seconds: float) -> str:
    """The per-variant custom properties (font size, scroll duration, chosen colours), and the
    font of font= in place of the widget's own."""
    colors = "".join(f";--{name}:{color}" for name, color in options.colors)
    # The list comes quoted from parse_font: names of letters, digits, spaces and hyphens.
    font = f"html{{font-family:{options.font}}}" if options.font else ""
    return f":root{{--fs:{options.font_px}px;--dur:{duration_seconds}s{colors}}}{font}"


def widget_page(document: WeatherDocument, options: WidgetOptions, src: str, refresh: int,
                frame_ancestors: tuple[str, ...],
                history: Mapping[str, Sequence[HourDocument]] | None = None,
                now: datetime | None = None) -> tuple[bytes, str]:
    """The strip page for one weather document, and its CSP; ``history`` up to ``now`` feeds
    show=trend (see ``widget_view``)."""
    view = widget_view(document, options, history, now)
    # The rules of motion=static and link= come only with them: the default page stays small.
    css = inlined("widget.css") + "".join(
        inlined(f"widget_{name}.css") for name, wanted in
        (("static", options.motion == "static"), ("link", options.link)) if wanted)
    script = inlined("widget.js")
    variables = css_variables(options, view.duration_seconds)
    # The extras of show= come in blocks of their own: a page without show= stays the same
    # bytes as before they existed (tests/golden).
    show_css, show_script = (inlined("widget_show.css"), inlined("widget_show.js")) \
        if options.show else ("", "")
    # show=icon: each symbol the strip uses, once, for both copies to draw by reference.
    icons = sprite(item.icon for item in view.items if item.icon) if "icon" in options.show \
        else ""
    html = templates().get_template("widget.html").render(
        view=view, options=options, words=script_words(options.lang), src=src,
        refresh=refresh, css=Markup(css),
        variables=Markup(variables), script=Markup(script), show_css=Markup(show_css),
        show_script=Markup(show_script), updated=document.updated_at.isoformat(),
        sprite=Markup(icons))
    scripts = [script, show_script] if show_script else [script]
    styles = [css, show_css, variables] if show_css else [css, variables]
    return html.encode(), widget_csp(scripts, styles, frame_ancestors)


def message_page(status: int, title: tuple[str, str], message: str, retry: int | None,
                 frame_ancestors: tuple[str, ...]) -> tuple[bytes, str]:
    """A small page in the widget's frame for errors and the wait before the first data."""
    html = templates().get_template("widget_message.html").render(
        status=status, title_ko=title[0], title_en=title[1], message=message, retry=retry,
        css=Markup(MESSAGE_CSS))
    return html.encode(), widget_csp([], [MESSAGE_CSS], frame_ancestors)

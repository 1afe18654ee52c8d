"""Real headless Chromium for the widget tests, and the small servers around it.

Debian's ``chromium`` is driven by Playwright (``playwright install`` cannot download a
browser here). Every tab records console errors, page errors and CSP violations, from every
frame, so a test can assert that none happened.

Their fixtures live in ``browser_fixtures``, which a test module loads with
``pytest_plugins = ["support.browser_fixtures"]``.
"""

from __future__ import annotations

import html
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from support.service import TickerProcess, clean_env, write_config
from support.stations import CITIES
from ticker.core.freshness import Freshness
from ticker.core.observations import Snapshot
from ticker.state.store import FileStore
from ticker.web.context import WebContext
from ticker.web.site import create_app
from ticker.web.widget.options import HEIGHTS, SIZES

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
ARTIFACTS = Path(__file__).parents[2] / "test-artifacts"

# Runs in every frame before its own scripts; Playwright injects it past the page's CSP.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


def require_chromium() -> None:
    """Skip without the browser, except in CI, where scripts/test must have installed it."""
    if Path(CHROMIUM).exists():
        return
    message = f"{CHROMIUM} is missing: run scripts/test as root, or apt-get install chromium"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@dataclass
class Tab:
    """A page and everything that went wrong in any of its frames."""

    page: Any
    problems: list[str] = field(default_factory=list)

    def watch(self) -> Tab:
        """Start recording console errors and uncaught exceptions."""
        self.page.on("console", lambda message: message.type == "error" and
                     self.problems.append(f"console: {message.text} ({message.location})"))
        self.page.on("pageerror", lambda error: self.problems.append(f"pageerror: {error}"))
        return self

    def assert_clean(self) -> None:
        """No console error, exception or CSP violation so far."""
        assert self.problems == []


class _QuietHandler(BaseHTTPRequestHandler):
    pages: ClassVar[dict[str, str]] = {}

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        body = self.pages.get(self.path.split("?")[0])
        self.send_response(200 if body is not None else 404)
        data = (body or "not found").encode()
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class HostSite:
    """Embedding pages on their own 127.0.0.1 port: another origin than the widget's."""

    def __init__(self) -> None:
        handler = type("Handler", (_QuietHandler,), {"pages": {}})
        self._pages: dict[str, str] = handler.pages
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def page(self, path: str, body: str) -> str:
        """Serve ``body`` (the inside of <body>) at ``path``; return its URL."""
        self._pages[path] = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            '<link rel="icon" href="data:,"><title>A news site</title></head>'
            f'<body style="margin:0;background:#eceff1"><h1>A news site</h1>{body}</body></html>')
        return self.origin + path

    def close(self) -> None:
        """Stop serving and free the port."""
        self._server.shutdown()
        self._server.server_close()


class _SilentWsgiHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


class ThreadedApp:
    """A WSGI app on 127.0.0.1:0 in a thread, for tests that inject a clock."""

    def __init__(self, app: Any) -> None:
        self._server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True,
                                                   request_handler=_SilentWsgiHandler)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop serving and free the port."""
        self._server.shutdown()
        self._server.server_close()


def serve_snapshot(directory: Path, snapshot: Snapshot,
                   clock: Callable[[], datetime]) -> tuple[ThreadedApp, FileStore]:
    """The app over ``snapshot`` stored in ``directory``, served in a thread with ``clock``;
    the store is returned for the test to write the next snapshot."""
    store = FileStore(directory)
    store.put(snapshot)
    context = WebContext(store=store, cities=CITIES, freshness=Freshness(), clock=clock)
    return ThreadedApp(create_app(context)), store


def sizes_page(host: HostSite, url: str, query: str, name: str) -> str:
    """A page of the host site with ``url``'s widget at ``query`` in one frame per size (its
    id), each as tall as that size's documented height."""
    src = html.escape(f"{url}/widget?{query}")
    frames = "".join(
        f'<iframe id="{size}" src="{src}&amp;size={size}" title="날씨 {size}" '
        f'style="display:block;width:100%;height:{HEIGHTS[size]}px;border:0;margin-bottom:8px">'
        "</iframe>" for size in SIZES)
    return host.page(f"/{name}.html", frames)


def start_ticker(directory: Path, env: dict[str, str] | None = None,
                 settings: dict[str, Any] | None = None) -> TickerProcess:
    """``ticker serve`` on a free port with its data in ``directory``, once it serves data."""
    config = write_config(directory, {"data_dir": str(directory / "data"), **(settings or {})})
    process = TickerProcess(["serve", "--port", "0"],
                            clean_env({"TICKER_CONFIG": str(config), **(env or {})}), directory)
    process.wait_listening()
    process.wait_for(lambda: process.get("/v1/weather").ok)
    return process


def frame_of(tab: Tab, selector: str) -> Any:
    """The frame of an iframe, once its strip is rendered."""
    tab.page.wait_for_selector(selector)
    frame = tab.page.locator(selector).element_handle().content_frame()
    frame.wait_for_selector(".cp li")
    return frame


# Each city's text without its warning badge (the badges have tests of their own).
_CITY_TEXTS = """cp => [...cp.querySelectorAll("li")].map(li => {
  const text = li.innerText.trim(), badge = li.querySelector(".wb");
  // The badge comes first in the item: its text is the start of the item's.
  return badge && text.startsWith(badge.innerText) ? text.slice(badge.innerText.length).trim()
                                                   : text;
})"""


def items(frame: Any) -> list[str]:
    """The text of each city in the strip's first copy, warning badges left out."""
    texts: list[str] = frame.locator(".cp").first.evaluate(_CITY_TEXTS)
    return texts


def badges(frame: Any) -> list[str]:
    """The warning badge of each city in the strip's first copy ("" where there is none)."""
    texts: list[str] = frame.locator(".cp").first.evaluate(
        """cp => [...cp.querySelectorAll("li")].map(li =>
             (li.querySelector(".wb") || {textContent: ""}).textContent.trim())""")
    return texts


WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
              "resultTypes": ["violations"]}


def axe_violations(page: Any, options: dict[str, Any] = WCAG_21_AA) -> str:
    """axe-core's report of the page and its frames; empty when nothing is violated."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    # axe audits a frame only where it is loaded itself; the top page gets it from run().
    for frame in page.frames[1:]:
        frame.evaluate(axe.axe_script)
    results = axe.run(page, options=options)
    return "" if results.violations_count == 0 else results.generate_report()

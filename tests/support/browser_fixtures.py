"""Fixtures for the browser tests: a browser per module, a tab per test, a site of another
origin and a sample-data ``ticker serve``. Load them with ``pytest_plugins``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from support.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    REPORT_CSP_VIOLATIONS,
    HostSite,
    Tab,
    require_chromium,
    start_ticker,
)
from support.service import TickerProcess


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium for the whole module."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


@pytest.fixture
def tab(browser: Any) -> Iterator[Tab]:
    """A fresh context and page, watched for errors and CSP violations in every frame."""
    context = browser.new_context(viewport={"width": 1000, "height": 700})
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    try:
        yield Tab(context.new_page()).watch()
    finally:
        context.close()


@pytest.fixture
def static_page(browser: Any) -> Iterator[Any]:
    """A page with JavaScript off, in every frame."""
    context = browser.new_context(java_script_enabled=False)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture(scope="module")
def host() -> Iterator[HostSite]:
    """A site of another origin for embedding pages."""
    site = HostSite()
    yield site
    site.close()


@pytest.fixture(scope="module")
def sample_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TickerProcess]:
    """``ticker serve`` without a key: the bundled sample data."""
    process = start_ticker(tmp_path_factory.mktemp("sample"))
    yield process
    process.stop()

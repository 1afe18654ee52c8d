"""Reduced motion in headless Chromium: a still strip on one line, every city within reach.

On a 320 px phone most cities lie beyond the strip's edge; a keyboard user scrolls it with the
arrow keys once it has focus (the browser's own scrolling: it works without the script too),
anyone with the previous/next buttons.
"""

from __future__ import annotations

from typing import Any

import pytest
from support.browser import Tab
from support.service import TickerProcess

pytest_plugins = ["support.browser_fixtures"]

# Which edges of each city lie inside the strip's box: a city wider than the strip (xl on a
# phone) is never whole in view, but every part of it is once both edges have been.
EDGES_IN_VIEW = """() => {
  const box = document.querySelector(".s").getBoundingClientRect();
  const inside = x => x >= box.left - 0.5 && x <= box.right + 0.5;
  return [...document.querySelectorAll(".cp:first-child li")].flatMap(li => {
    const r = li.getBoundingClientRect();
    return [[li.dataset.id, "left", inside(r.left)], [li.dataset.id, "right", inside(r.right)]]
      .filter(edge => edge[2]).map(edge => edge[0] + ":" + edge[1]);
  });
}"""
SCROLLED = "() => document.querySelector('.s').scrollLeft"
# Resolves when a scroll, smooth or not, has come to rest.
SCROLL_END = """() => { const s = document.querySelector(".s");
  window.__rest = new Promise(done => s.addEventListener("scrollend", done, {once: true})); }"""


def open_still_widget(tab: Tab, server: TickerProcess, query: str) -> list[str]:
    """Open the widget on a 320 px phone with reduced motion; return its city ids."""
    tab.page.emulate_media(reduced_motion="reduce")
    tab.page.set_viewport_size({"width": 320, "height": 400})
    tab.page.goto(f"{server.base_url}/widget?{query}")
    tab.page.wait_for_selector(".cp li")
    assert tab.page.eval_on_selector(".tr", "t => getComputedStyle(t).animationName") == "none"
    cities: list[str] = tab.page.eval_on_selector_all(".cp:first-child li",
                                                      "els => els.map(e => e.dataset.id)")
    assert len(cities) == 16
    return cities


def edges(tab: Tab) -> set[str]:
    """``id:left`` and ``id:right`` for each city edge inside the strip."""
    return set(tab.page.evaluate(EDGES_IN_VIEW))


def whole(city: str) -> set[str]:
    return {f"{city}:left", f"{city}:right"}


def move_and_wait(tab: Tab, act: Any) -> None:
    """Do ``act`` and wait until the strip's scroll has come to rest."""
    tab.page.evaluate(SCROLL_END)
    act()
    tab.page.evaluate("() => window.__rest")


def focused(tab: Tab) -> str:
    return tab.page.evaluate("() => document.activeElement.className")


@pytest.mark.parametrize("query", ["", "lang=en&size=xl"])
def test_every_city_can_be_brought_into_view_by_keyboard(
        tab: Tab, sample_server: TickerProcess, query: str) -> None:
    cities = open_still_widget(tab, sample_server, query)
    assert not whole(cities[-1]) <= edges(tab)
    # From the top of the page, as a keyboard user arrives: the previous button, then the strip.
    tab.page.keyboard.press("Tab")
    assert focused(tab) == "nb nb-p"
    tab.page.keyboard.press("Tab")
    assert focused(tab) == "s"
    seen = edges(tab)
    for _ in range(1000):
        if f"{cities[-1]}:right" in edges(tab):
            break
        move_and_wait(tab, lambda: tab.page.keyboard.press("ArrowRight"))
        seen |= edges(tab)
    assert seen == set().union(*map(whole, cities))
    end = tab.page.evaluate(SCROLLED)
    move_and_wait(tab, lambda: tab.page.keyboard.press("ArrowLeft"))
    assert tab.page.evaluate(SCROLLED) < end
    tab.page.keyboard.press("Tab")
    assert focused(tab) == "nb nb-n"
    tab.assert_clean()


@pytest.mark.parametrize("query", ["size=s", "lang=en&size=xl"])
def test_the_next_and_previous_buttons_step_through_every_city(
        tab: Tab, sample_server: TickerProcess, query: str) -> None:
    cities = open_still_widget(tab, sample_server, query)
    seen = edges(tab)
    # Each step brings the next city to the edge, or moves a strip's width through a city
    # wider than the strip (xl in English, a warning badge before it): never more steps.
    steps = len(cities) + tab.page.evaluate(
        "() => { const s = document.querySelector('.s'); "
        "return Math.ceil(s.scrollWidth / s.clientWidth); }")
    for _ in range(steps):
        if f"{cities[-1]}:right" in edges(tab):
            break
        before = tab.page.evaluate(SCROLLED)
        move_and_wait(tab, lambda: tab.page.click(".nb-n"))
        assert tab.page.evaluate(SCROLLED) > before
        seen |= edges(tab)
    assert seen == set().union(*map(whole, cities))
    for _ in range(steps):
        if f"{cities[0]}:left" in edges(tab):
            break
        move_and_wait(tab, lambda: tab.page.click(".nb-p"))
    assert f"{cities[0]}:left" in edges(tab)
    tab.assert_clean()

"""One reader, two hosts: the same table of reader scenarios runs in the app and in the
published edition, at a desktop width, and what the reader shows, says, outlines and keeps
in the URL must be the same in both. Any difference is a failure.

The scenarios: every place a reader can choose (with passages and without), every event,
every passage, days and clearing (through the reader's own API, one page per host); links
with good and bad values of every parameter (a page each); and what a person does: a click
on the map, a chip, searches in English and Arabic, the timeline and the search from the
keyboard, the day field, Escape in the page and inside the map.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser import DESKTOP
from tests.conftest import DATA
from tests.hosts import (
    SNAPSHOT_JS,
    App,
    Edition,
    click_place,
    edition_folder,
    reader_json,
    serve_edition,
    snapshot,
)

pytestmark = pytest.mark.e2e

LINKS = (
    "place=lheiban&layers=peshmerga,isis&asof=2014-06-30",
    "passage=p12-4e8d",
    "event=iraqi-army-collapse",
    "asof=2003-06-01",
    "place=atlantis&passage=nope&event=no-such-event&asof=2021-02-30",
    "view=1,2,3&layers=pmf,martians",
    "event=joint-move-into-lheiban&asof=2016-05-04&place=makhmur",
)
SWEEP_JS = f"""(plan) => {{
  const snap = {SNAPSHOT_JS};
  const r = window.dzReader;
  const act = {{place: (a) => r.choosePlace(a, {{}}), event: (a) => r.chooseEvent(a, {{}}),
    passage: (a) => r.choosePassage(a, {{}}), day: (a) => r.setDay(a, {{}}),
    clear: () => r.clear({{}})}};
  return plan.map(([kind, arg]) => {{ act[kind](arg); return [kind, arg, snap()]; }});
}}"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return edition_folder(tmp_path_factory.mktemp("parity-edition"), DATA)


@pytest.fixture(scope="module")
def edition(folder: Path) -> Iterator[Edition]:
    for url in serve_edition(folder):
        yield Edition(url)


@pytest.fixture(scope="module")
def hosts(edition: Edition, app_url: str) -> tuple[Edition, App]:
    return edition, App(app_url)


@pytest.fixture(scope="module")
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP, reduced_motion="reduce")
    yield context.new_page()
    context.close()


def assert_same(found: dict[str, list]) -> None:
    """The hosts' records are equal; else the first difference, line by line."""
    (a_name, a), (b_name, b) = found.items()
    if a == b:
        return
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            lines = difflib.unified_diff(
                json.dumps(x, indent=1, ensure_ascii=False).splitlines(),
                json.dumps(y, indent=1, ensure_ascii=False).splitlines(),
                a_name, b_name, lineterm="",
            )  # fmt: skip
            pytest.fail(f"step {i} differs:\n" + "\n".join(lines))
    pytest.fail(f"{a_name} has {len(a)} steps, {b_name} {len(b)}")


def test_every_choice_reads_the_same_in_both_hosts(page: Page, hosts, folder: Path) -> None:
    """Every place, event and passage, some days and a clear: the same cards, words,
    outlines, days and URLs."""
    model = reader_json(folder)
    plan = [["place", pid] for pid in model["places"]]
    plan += [["event", e["id"]] for e in model["events"]]
    plan += [["passage", p["id"]] for p in model["passages"]]
    plan += [["day", "2015-03-01"], ["place", "lheiban"], ["day", "2003-03-19"], ["clear", None]]
    assert any(not p["passages"] for p in model["places"].values())  # places without passages
    found = {}
    for host in hosts:
        host.open(page)
        found[host.name] = page.evaluate(SWEEP_JS, plan)
    assert len(found["edition"]) == len(plan) > 140
    assert_same(found)
    cards = {step[2]["title"] for step in found["edition"]}
    assert {"Lheiban", "The Iraqi army collapses", "Passage 12 of 38"} <= cards


def test_links_read_the_same_in_both_hosts(page: Page, hosts) -> None:
    """Links with good values of every parameter, and bad ones (named in a notice)."""
    found: dict[str, list] = {}
    for host in hosts:
        found[host.name] = []
        for link in LINKS:
            host.open(page, link)
            found[host.name].append([link, snapshot(page)])
    assert_same(found)
    bad = dict(found["edition"])[LINKS[4]]
    assert bad["panel"].count("ignored") == 4 and bad["state"]["place"] is None
    refused = dict(found["edition"])[LINKS[5]]["panel"]
    assert "“1,2,3” is not LAT,LON,ZOOM" in refused and "“martians”" in refused


def _steps(host, page: Page) -> list[list]:
    """What a person does, with a snapshot after each step."""
    out: list[list] = []

    def record(step: str) -> None:
        page.wait_for_timeout(60)  # the live region is filled 50 ms after a choice
        out.append([step, snapshot(page)])

    search = page.get_by_role("combobox", name="Search places, passages and events")
    click_place(host, page, "lheiban")
    record("click Lheiban on the map")
    page.locator("#dz-panel-body").get_by_role("button", name="Debaga").first.click()
    record("its passage's Debaga chip")
    search.fill("thermal night vision")
    record("search a phrase")
    search.press("Enter")
    record("Enter opens the passage")
    search.fill("لهيبان")
    record("search Arabic")
    search.press("ArrowDown")
    search.press("Enter")
    record("ArrowDown, Enter")
    page.locator(".dz-event[tabindex='0']").focus()
    page.keyboard.press("End")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    record("the timeline from the keyboard")
    page.keyboard.press("Escape")
    record("Escape")
    search.fill("collapses")
    search.press("Enter")
    record("search an event")
    page.locator("#dz-asof").fill("2016-05-04")
    record("a day")
    page.locator("#dz-asof-reset").click()
    record("back to the article's day")
    click_place(host, page, "makhmur")
    host.map_scope(page).locator('path[aria-label^="Debaga,"]').focus()
    page.keyboard.press("Escape")
    record("Escape inside the map")
    return out


def test_what_a_person_does_reads_the_same_in_both_hosts(page: Page, hosts) -> None:
    """Clicks, chips, searches (English, Arabic), keyboard paths, the day, Escape."""
    found = {}
    for host in hosts:
        host.open(page)
        found[host.name] = _steps(host, page)
    assert_same(found)
    by_step = dict(found["app"])
    assert by_step["click Lheiban on the map"]["title"] == "Lheiban"
    assert by_step["Enter opens the passage"]["state"]["passage"] == "p12-4e8d"
    assert by_step["ArrowDown, Enter"]["title"] == "Lheiban"
    assert by_step["Escape"]["said"] == "Selection cleared."
    assert by_step["Escape inside the map"]["state"]["place"] is None
    expect(page.locator(".dz-reader")).to_have_attribute("data-dz-ready", "1")

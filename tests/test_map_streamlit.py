"""The map inside streamlit-folium (a real Streamlit server, a minimal app): clicks on a
force layer switched off at start and on later still reach Python, the layers and view
stay in the page's URL across Python's own URL writes, and a day sent from Python
(``geo.map.time_group``) reaches the map without re-mounting it.

streamlit-folium binds its click handler to the layers on the map once, when it mounts
(``initComponent`` in its ``frontend/src/index.tsx``); ``static/layers.js`` hides the
groups that start off only after that. A minimal app, not app.py, so this file tests the
map alone.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser import MAP_IFRAME, map_eval, map_frame
from tests.conftest import DATA, ROOT, start_app, stop_app

pytestmark = pytest.mark.e2e

APP = """
import copy
import sys
from pathlib import Path

sys.path.insert(0, {root!r})

import streamlit as st
from streamlit_folium import st_folium

import geo.map as geomap
from geo.story import load_story


@st.cache_resource
def base():
    story = load_story(Path({data!r}))
    m = geomap.build_map(story.dataset, story.passage_counts, actors=story.actors,
                         story=story.config)
    return story, m


story, m = base()
value = st_folium(
    copy.deepcopy(m),
    key="map",
    height=500,
    use_container_width=True,
    returned_objects=["last_active_drawing", "last_object_clicked_count"],  # as the app
    feature_group_to_add=[
        geomap.selection_group(story.dataset, st.session_state.get("sel")),
        geomap.time_group(st.session_state.get("day")),
    ],
    render=False,
)
drawing = (value or {{}}).get("last_active_drawing") or {{}}
clicked = (drawing.get("properties") or {{}}).get("id")
if clicked and clicked != st.session_state.get("sel"):
    st.session_state["sel"] = clicked
    st.query_params["place"] = clicked
    st.rerun()
st.markdown(f"clicked: {{st.session_state.get('sel')}}")
if st.button("Show 30 June 2014"):
    st.session_state["day"] = "2014-06-30"
    st.rerun()
"""


@pytest.fixture(scope="module")
def map_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("map-app")
    # Streamlit serves ./static next to the script (a copy: it refuses symlinks).
    shutil.copytree(ROOT / "static" / "vendor", root / "static" / "vendor")
    script = root / "map_app.py"
    script.write_text(APP.format(root=str(ROOT), data=str(DATA)), encoding="utf-8")
    proc, url = start_app(script=Path(script))
    yield url
    stop_app(proc)


def test_a_layer_off_at_start_reports_clicks_once_switched_on(page: Page, map_app: str) -> None:
    """ISIS, off at start (?layers=peshmerga), switched on in the map: a click on its symbol
    reaches Python as last_active_drawing with its id, without re-mounting the map, and
    Python's own URL write keeps the map's layers=."""
    page.goto(f"{map_app}/?layers=peshmerga")
    frame = page.frame_locator(MAP_IFRAME)
    switch = frame.locator('.dz-layer-panel [data-actor="isis"]')
    # A cold start builds the map first.
    expect(switch).to_have_attribute("aria-checked", "false", timeout=30_000)
    expect(page.get_by_text("clicked: None")).to_be_visible(timeout=30_000)
    map_frame(page).evaluate("() => { window.__sameMap = true; }")
    switch.focus()
    switch.press("Space")
    expect(switch).to_have_attribute("aria-checked", "true")
    page.wait_for_function(
        "() => new URL(location.href).searchParams.get('layers') === 'peshmerga,isis'"
    )
    frame.locator('.dz-force-icon[aria-label*="Three ISIS attacks"]').click()
    expect(page.get_by_text("clicked: force-isis-lheiban-attacks")).to_be_visible(timeout=15_000)
    assert map_frame(page).evaluate("() => window.__sameMap") is True
    params = page.evaluate("() => Object.fromEntries(new URL(location.href).searchParams)")
    assert params["place"] == "force-isis-lheiban-attacks"
    assert params["layers"] == "peshmerga,isis"


def test_the_page_url_layers_open_the_map(page: Page, map_app: str) -> None:
    """?layers=coalition on the page: the map inside starts with the coalition only."""
    page.goto(f"{map_app}/?layers=coalition")
    frame = page.frame_locator(MAP_IFRAME)
    expect(frame.locator('[data-actor="coalition"]')).to_have_attribute(
        "aria-checked", "true", timeout=30_000
    )
    expect(frame.locator('[data-actor="isis"]')).to_have_attribute("aria-checked", "false")
    assert map_eval(frame, "() => window.dzLayers.active()") == ["coalition"]


CONTROL_DRAWN_JS = """() => {
  const ids = new Set();
  window.map.eachLayer(l => { const p = l.feature && l.feature.properties;
    if (p && p.id && p.id.startsWith('control-')) ids.add(p.id); });
  return [...ids].sort();
}"""


def test_a_day_from_python_reaches_the_map_without_a_remount(page: Page, map_app: str) -> None:
    """time_group("2014-06-30") in feature_group_to_add, after a rerun: streamlit-folium runs
    the group's new script, the map shows the 2014 area alone and says so, on the same map
    (a flag set before survives); a claim hidden at 2014 and shown again reports clicks."""
    page.goto(f"{map_app}/")
    frame = page.frame_locator(MAP_IFRAME)
    expect(frame.locator(".dz-layer-panel")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("clicked: None")).to_be_visible()
    # No day yet (time_group(None)): every area is drawn, no badge.
    assert map_eval(frame, "() => window.dzTime.get()") is None
    assert map_eval(frame, CONTROL_DRAWN_JS) == [
        "control-krg-2003",
        "control-krg-2014",
        "control-krg-2017",
    ]
    map_frame(page).evaluate("() => { window.__sameMap = true; }")
    page.get_by_role("button", name="Show 30 June 2014").click()
    expect(frame.locator(".dz-time-text")).to_have_text("As of 30 June 2014", timeout=15_000)
    assert map_eval(frame, "() => window.dzTime.get()") == "2014-06-30"
    assert map_eval(frame, CONTROL_DRAWN_JS) == ["control-krg-2014"]
    assert map_frame(page).evaluate("() => window.__sameMap") is True
    # Back to the article's day in the map itself: a claim shown again still reports clicks.
    map_eval(frame, "() => window.dzTime.set('2021-12-17')")
    # (Enter on the focused symbol: static/access.js fires the same click as a mouse; the
    # symbol may sit under the 500 px frame's edge at the opening view.)
    frame.locator('.dz-force-icon[aria-label*="Peshmerga at the joint"]').press("Enter")
    expect(page.get_by_text("clicked: force-peshmerga-lheiban")).to_be_visible(timeout=15_000)
    assert map_frame(page).evaluate("() => window.__sameMap") is True


# In the top page: every component value a frame posts, with its time.
VALUES_JS = """() => {
  window.__values = [];
  window.addEventListener('message', (event) => {
    const data = event.data || {};
    if (data.type === 'streamlit:setComponentValue') {
      window.__values.push({at: performance.now(), value: data.value});
    }
  });
}"""


ZOOM_TO_LHEIBAN_JS = """() => {
  let at = null;
  window.map.eachLayer(l => { const p = l.feature && l.feature.properties;
    if (p && p.id === 'lheiban' && l.getLatLng) at = l.getLatLng(); });
  window.map.setView(at, 12, {animate: false});
}"""


def test_a_click_reaches_python_at_once_and_once(page: Page, map_app: str) -> None:
    """A click on a place sends the component's value at once (static/report.js), not after
    streamlit-folium's 250 ms debounce, and only once: the debounced send finds the same
    value and sends nothing, so the value has streamlit-folium's own shape."""
    page.add_init_script(f"({VALUES_JS})()")
    page.goto(f"{map_app}/")
    frame = page.frame_locator(MAP_IFRAME)
    expect(frame.locator(".dz-layer-panel")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("clicked: None")).to_be_visible()
    # Close in on Lheiban (in this 500 px frame it sits by Dibis at the opening view).
    map_eval(frame, ZOOM_TO_LHEIBAN_JS)
    page.wait_for_timeout(600)  # past the mount's and the move's own (debounced) sends
    place = frame.locator('path[aria-label^="Lheiban,"]')
    before = page.evaluate("() => [performance.now(), window.__values.length]")
    place.click()
    expect(page.get_by_text("clicked: lheiban")).to_be_visible(timeout=15_000)
    page.wait_for_timeout(800)  # past streamlit-folium's debounce
    sent = page.evaluate("(n) => window.__values.slice(n)", before[1])
    assert len(sent) == 1, [s["value"] for s in sent]
    assert sent[0]["at"] - before[0] < 200, sent[0]["at"] - before[0]
    drawing = sent[0]["value"]["last_active_drawing"]
    assert drawing["properties"]["id"] == "lheiban"
    # The fields the app asks for, in streamlit-folium's order.
    assert list(sent[0]["value"]) == ["last_object_clicked_count", "last_active_drawing"]

"""The app's map as the browser sees it: streamlit-folium's frame, the scripts that ask Leaflet
where things are (run inside the frame, where streamlit-folium keeps the map at
``window.map``), a force layer's own switch, and how many features each actor draws."""

from __future__ import annotations

import json

from playwright.sync_api import Page, expect

from browsing import DATA
from geo.isodates import is_valid_on

ARTICLE_DAY = "2021-12-17"  # the day the map opens on (the article's date)

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'

# Where a point feature is drawn, in the map container's pixels (null if it is not a point).
POINT_OF_JS = """(_body, id) => {
  let out = null;
  window.map.eachLayer(l => {
    if (l.feature && l.feature.properties && l.feature.properties.id === id && l.getLatLng
        && l.options.radius < 100 && !out) {
      const p = window.map.latLngToContainerPoint(l.getLatLng()); out = [p.x, p.y];
    }
  });
  return out;
}"""
# Streamlit reports its script run state on the app's root element.
FIRST_RUN_DONE_JS = """() => {
  const app = document.querySelector('[data-testid=stApp]');
  return !!app && !['running', 'initial'].includes(app.dataset.testScriptState);
}"""
ACTOR_IDS_DRAWN_JS = """(_body, actor) => {
  const ids = new Set();
  window.map.eachLayer(l => { const p = l.feature && l.feature.properties;
    if (p && p.actor === actor) ids.add(p.id); });
  return ids.size;
}"""


def map_frame(page: Page):
    """The map iframe as a Frame (for wait_for_function)."""
    return page.locator(MAP_IFRAME).element_handle().content_frame()


def layer_switch(page: Page, actor_id: str):
    """The map's own switch for an actor's layer (inside the map frame)."""
    return page.frame_locator(MAP_IFRAME).locator(f'.dz-layer-switch[data-actor="{actor_id}"]')


def set_layer(page: Page, actor_id: str, on: bool) -> None:
    """Switch a force layer in the map's own panel from the keyboard (focus + Space),
    unfolding the panel first where the map is narrow."""
    fold = page.frame_locator(MAP_IFRAME).locator(".dz-layer-fold")
    if fold.is_visible() and fold.get_attribute("aria-expanded") == "false":
        fold.click()
    switch = layer_switch(page, actor_id)
    if (switch.get_attribute("aria-checked") == "true") != on:
        switch.focus()
        page.keyboard.press("Space")
    expect(switch).to_have_attribute("aria-checked", "true" if on else "false")


def wait_for_actor_count(page: Page, actor: str, count: int) -> None:
    map_frame(page).wait_for_function(
        f"(({ACTOR_IDS_DRAWN_JS})(null, {actor!r})) === {count}", timeout=15_000
    )


def actor_features(data_dir=DATA, day: str | None = ARTICLE_DAY) -> dict[str, int]:
    """Force features per actor that the map draws on ``day`` (it opens on the article's
    day, showing the claims valid then); every feature when ``day`` is None."""
    counts: dict[str, int] = {}
    for feature in json.loads((data_dir / "forces.geojson").read_text())["features"]:
        props = feature["properties"]
        counts.setdefault(props["actor"], 0)
        if day is None or is_valid_on(props, day):
            counts[props["actor"]] += 1
    return counts

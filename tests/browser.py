"""Browser helpers of the browser tests: open the app like a reader, ask Leaflet what it
draws, click, check the credit line, audit with axe. What the benchmarks use too (the map's
frame, a layer's switch, the scripts that find a point) is in ``browsing.mappage``."""

from __future__ import annotations

import json

from playwright.sync_api import FrameLocator, Page, expect

from browsing import DATA
from browsing.mappage import FIRST_RUN_DONE_JS, MAP_IFRAME, POINT_OF_JS

DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}

# Leaflet introspection, run inside the map iframe (streamlit-folium keeps the map at window.map).
FEATURE_IDS_JS = """() => {
  const ids = new Set();
  window.map.eachLayer(l => { if (l.feature && l.feature.properties && l.feature.properties.id)
    ids.add(l.feature.properties.id); });
  return [...ids];
}"""
SELECTION_RING_JS = """() => {
  const out = [];
  window.map.eachLayer(l => {
    if (!l.feature && l.getLatLng && l.options && l.options.radius === 14 && !l.options.fill) {
      const c = l.getLatLng(); out.push([c.lng, c.lat]);
    }
  });
  return out.length ? out[0] : null;
}"""
# The map's credit line: its text, its links and whether it draws any picture (Leaflet 1.9's
# default prefix carries a flag, an inline svg).
ATTRIBUTION_JS = """() => {
  const box = document.querySelector('.leaflet-control-attribution');
  return box && {text: box.textContent.trim(), pictures: box.querySelectorAll('svg, img').length,
    links: [...box.querySelectorAll('a')].map(a => [a.textContent.trim(), a.href])};
}"""


def assert_plain_credit(credit: dict | None) -> None:
    """The credit line starts with a plain "Leaflet" link and draws no picture."""
    assert credit is not None, "no credit line on the map"
    assert credit["pictures"] == 0, credit
    assert credit["links"][0] == ["Leaflet", "https://leafletjs.com/"], credit
    assert credit["text"].startswith("Leaflet"), credit


MARK_MOUNT_JS = "() => { window.__mountedBeforeAction = true; }"
IS_SAME_MOUNT_JS = "() => window.__mountedBeforeAction === true"


def open_app(page: Page, url: str) -> FrameLocator:
    """Open the app and wait, as a reader would, until the map is drawn, the reader holds it
    and the first run has finished."""
    page.goto(url)
    frame = page.frame_locator(MAP_IFRAME)
    expect(frame.locator("path.leaflet-interactive").first).to_be_attached(timeout=30_000)
    expect(page.get_by_role("tab", name="Measurements")).to_be_attached(timeout=30_000)
    page.wait_for_function("() => window.dzReader && window.dzReader.map", timeout=30_000)
    page.wait_for_function(FIRST_RUN_DONE_JS, timeout=30_000)
    return frame


def open_tab(page: Page, name: str) -> None:
    """Open one of the story's tabs and wait for the run that fills it (only the open tab
    is run: ui/tabs)."""
    tab = page.get_by_role("tab", name=name)
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")
    page.wait_for_function(FIRST_RUN_DONE_JS, timeout=30_000)
    expect(page.get_by_role("tabpanel").filter(visible=True)).not_to_be_empty()


def map_eval(frame: FrameLocator, script: str, arg: object = None):
    return frame.locator("body").evaluate(script, arg)


def click_feature(page: Page, frame: FrameLocator, feature_id: str) -> None:
    point = map_eval(frame, POINT_OF_JS, feature_id)
    assert point is not None, f"{feature_id} is not drawn as a point"
    box = page.locator(MAP_IFRAME).bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])


def actor_names(data_dir=DATA) -> dict[str, str]:
    return {
        a["id"]: a["name"] for a in json.loads((data_dir / "actors.json").read_text())["actors"]
    }


# --- accessibility: axe-core (npm, pinned in package-lock.json) -----------------------
AXE_JS = DATA.parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
RUN_AXE_JS = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                          resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary,
                              html: n.html.slice(0, 160)}))}));
}"""


def axe_violations(page: Page) -> list[dict]:
    """axe-core's WCAG 2.0/2.1/2.2 A+AA violations in the page and inside the map's frame,
    each with where it was found."""
    found = []
    for frame in page.frames:
        if frame.is_detached() or frame.url.startswith(("about:", "chrome")):
            continue
        if frame.evaluate("() => typeof window.axe") == "undefined":
            frame.add_script_tag(path=str(AXE_JS))
        for v in frame.evaluate(RUN_AXE_JS, AXE_TAGS):
            v["frame"] = "page" if frame == page.main_frame else frame.url[:80]
            found.append(v)
    return found


def describe(violations: list[dict]) -> str:
    """One line per failing element: frame, rule, element, axe's summary."""
    lines = []
    for v in violations:
        for n in v["nodes"]:
            summary = " ".join((n["summary"] or "").split())[:240]
            lines.append(f"[{v['frame']}] {v['id']} ({v['impact']}): {n['target']} :: {summary}")
    return "\n".join(lines)

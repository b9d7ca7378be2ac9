"""The four ways of showing the same layers that ``bench.run`` measures, and what every part
of the run agrees on: where results go, the viewport, the time limits, the places it hovers
and clicks, and what it needs to know about the story."""

from __future__ import annotations

from dataclasses import dataclass

from browsing import DATA, ROOT
from geo import descriptions
from geo.story import Story, load_story

RESULTS = ROOT / "bench" / "results"
VIEWPORT = {"width": 1400, "height": 1000}  # as the browser tests use
SAMPLE_TIMEOUT_MS = 30_000
# After an action, the app counts as settled when its websocket has been silent this
# long: longer than streamlit-folium's 250 ms debounce, so a component value sent
# after a (re-)mount, and the rerun it causes, fall inside the sample.
QUIET_MS = 1_000
# Time for the app's reader to send a message after a click, were it to send one (it sends
# none: it tells the app only as the pointer reaches the brief, geo/reader app.js).
REPORT_WAIT_MS = 600
HOVER_PLACE = "debaga"
CLICK_PLACES = ("lheiban", "debaga")
# An interaction's time, split at the first websocket frame sent after the action and
# the last one received before the result (see bench/js/harness.js `split`).
SPLIT_KEYS = ("client_before_ms", "server_ms", "client_after_ms")


@dataclass(frozen=True)
class Variant:
    """One of the four ways to show the same map."""

    key: str
    label: str
    in_iframe: bool  # the map lives in streamlit-folium's iframe
    streamlit: bool  # served by a Streamlit process (reruns, websocket)


APP = Variant("a", "(a) this app", in_iframe=True, streamlit=True)
FLOOR = Variant("b", "(b) static page + LayerControl", in_iframe=False, streamlit=False)
NAIVE = Variant("c", "(c) naive rebuild", in_iframe=True, streamlit=True)
PUBLISHED = Variant("d", "(d) published edition", in_iframe=False, streamlit=False)
VARIANTS = (APP, FLOOR, NAIVE, PUBLISHED)
# Where each variant shows a clicked place's passages (the floor has no panel).
PANELS = {
    "a": {"panel": "#dz-panel", "heading": "h2", "passage": ".dz-passage",
          "shadow": ".st-key-reader [data-testid=stBidiComponentIsolated]"},
    "c": {"panel": ".st-key-place-panel", "heading": "h1, h2, h3, h4",
          "passage": '[class*="st-key-panel-passage-"]'},
    "d": {"panel": "#dz-panel", "heading": "h2", "passage": ".dz-passage"},
}  # fmt: skip


@dataclass
class Facts:
    """What the benchmark needs to know about the story."""

    story: Story
    actor_ids: list[str]
    actor_names: dict[str, str]
    place_names: dict[str, str]
    passages: dict[str, int]


def story_facts() -> Facts:
    story = load_story(DATA)
    names = {}
    counts = {}
    for pid in {HOVER_PLACE, *CLICK_PLACES}:
        details = descriptions.details(story, pid)
        assert details is not None, pid
        names[pid] = details.name
        counts[pid] = len(descriptions.passages_about(story, pid))
    return Facts(
        story=story,
        actor_ids=[a.id for a in story.actors],
        actor_names={a.id: a.name for a in story.actors},
        place_names=names,
        passages=counts,
    )

"""The reader in the app: the one front end both hosts run (geo/reader), as a Streamlit
component beside the map that streamlit-folium draws.

Why a component in the page, not a script inside the map's frame: the reader's search,
timeline, panel and article belong in the page's reading column, beside the map and under
the story's title, where the published edition has them too; the map's frame is the
map's. ``st.components.v2`` puts the reader in the page itself (no frame), in a shadow root
of its own, so the page's styles and the reader's do not mix and it looks as it does in the
edition. It reaches the map through the frame, which is same-origin.

A choice is answered in the page: no server round trip. The app learns the reader's state
where it needs it, for the printable brief: as the reader's pointer or keyboard reaches the
brief's button, the reader reports its place and layers (a second, tiny component,
``dz_report``, in the brief's fragment: a report reruns that fragment alone, which makes the
brief of the place reported, or takes it from the day's cache, and draws the button with
it). A click that comes before the report has been taken waits for it (geo/reader app.js).
The brief is not a download made on the click (``data=`` a callable): Streamlit deletes such
a file, which no session references, at the second run to end anywhere on the server after
it was made, and under load the browser's request for it came too late (404s in ``make
load``); a file drawn with its button is the session's until the button's next run. The
app's widgets ask the reader for a choice through the component's data (``session.ask``).

The reader's script, stylesheet and model are files the app serves (``static/reader/``,
built by ``make assets``; the model written per story when the server prepares it), so the
component's element stays small and is sent again only when a command changes.
"""

from __future__ import annotations

from functools import partial

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from geo.reader import assets as reader_assets
from geo.story import Story
from ui import cache, session

READER_KEY = "reader"
REPORT_KEY = "report"
BRIEF_KEY = "brief"

# The component's script: the reader's bundle, from the app's static files. Its address
# carries the bundle's digest, so a new bundle is never taken from a cache for the old one.
_LOADER = """export default async function (component) {
  const url = new URL("%s/app.js?v=%s", document.baseURI);
  const reader = await import(url.href);
  return reader.default(component);
}"""
# The report: the reader (app.js) calls window.dzReport(state); the app's answer (the number
# of the last report it took, in this component's data) is handed to window.dzReportTaken.
_REPORT = """export default function (component) {
  window.dzReport = (state) => component.setStateValue("selection", state);
  if (typeof window.dzReportTaken === "function") window.dzReportTaken(component.data.taken);
  else window.dzReportTakenLast = component.data.taken;
  const waiting = window.dzReportWaiting;
  window.dzReportWaiting = null;
  if (waiting) window.dzReport(waiting);
}"""

# Streamlit reads a one-line string without a path's look as a file name: the minified
# stylesheet starts with a comment line.
_CSS = "/* geo/reader/static/reader.css, minified */\n" + (
    reader_assets.APP_DIR / "reader.css"
).read_text(encoding="utf-8")

_reader = st.components.v2.component(
    "dz_reader",
    html=reader_assets.markup(),
    css=_CSS,
    js=_LOADER % (reader_assets.APP_URL, reader_assets.app_version()),
    isolate_styles=True,
)
_report = st.components.v2.component("dz_report", js=_REPORT)

# Room kept after the reader until the page's stylesheet gives the reader room of its own
# (both come after the page's first paint; the reader fills itself later still): so the
# tabs under it start out of view, and nothing in view moves when the reader is drawn.
ROOM_PX = 900
BRIEF_HELP = (
    "An A4 page to print or share: the map at the place chosen (or the story's focus), its "
    "key, scale and north arrow, the place's certainty and source, the passages it rests on, "
    "the article's credit and the date it was made. The force layers drawn are those on the "
    "map."
)


def show(opts: cache.Options) -> None:
    """The reader: search, timeline, panel, article (the command: a choice the app asks)."""
    _reader(
        data={"model": cache.model_url(opts.data_dir), "command": session.command()},
        key=READER_KEY,
    )
    with st.container(key="reader-room"):
        st.space(ROOM_PX)


def brief_row() -> DeltaGenerator:
    """The brief's place in the page (above the reader), filled by ``brief`` once the reader
    is drawn: the reader never waits for a brief being made."""
    return st.container(horizontal=True, key="brief-row")


def brief(story: Story, opts: cache.Options, row: DeltaGenerator) -> None:
    """The printable brief of the reader's place (or the story), and beside it the reader's
    report (it shows nothing: after the button it takes no room it needs)."""
    with row:
        _brief_fragment(story, opts)


@st.fragment
def _brief_fragment(story: Story, opts: cache.Options) -> None:
    told = session.told()
    st.download_button(
        "Printable brief of the place chosen",
        data=cache.brief(opts.data_dir, told.get("place"), told.get("layers")),
        file_name="disputed-zone-map-brief.pdf",
        mime="application/pdf",
        icon=":material/print:",
        on_click="ignore",
        key=BRIEF_KEY,
        help=BRIEF_HELP,
    )
    _report(
        key=REPORT_KEY,
        data={"taken": told.get("n", 0)},
        on_selection_change=partial(_told, story),
        width=1,
    )


def _told(story: Story) -> None:
    value = (st.session_state.get(REPORT_KEY) or {}).get("selection")
    session.take_report(story, value)

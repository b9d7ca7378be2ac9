"""The article, passage by passage, each with chips for the places it names.

The passages and chips are one component (``st.components.v2``: in the page, no iframe;
``ui/static/article.js`` and ``article.css``), not a Streamlit element per passage and a
button per chip: the tab opens with the page, and its ~200 elements held the map's first
draw back by about 0.35 s (bench/README.md). A chip selects its place and moves the map onto
it, as before.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import streamlit as st

from geo import places
from geo.safety import escape_markdown
from geo.story import Story
from ui import session
from ui.place_panel import chip_help

STATIC = Path(__file__).resolve().parent / "static"
KEY = "article"

_component = st.components.v2.component(
    "dz_article",
    html='<div class="dz-article"></div>',
    css=(STATIC / "article.css").read_text(encoding="utf-8"),
    js=(STATIC / "article.js").read_text(encoding="utf-8"),
    isolate_styles=False,
)


def tab(story: Story) -> None:
    if story.article is None:
        st.warning("The article could not be loaded; see the data problems above.")
        return
    a = story.article
    st.markdown(
        f"**{escape_markdown(a.title)}** · {escape_markdown(a.publisher)}, "
        f"{a.date:%d %B %Y} · {escape_markdown(a.attribution)}"
    )
    st.caption(escape_markdown(a.licence))
    missing = places.unmapped_names(story)
    if missing:
        st.caption(escape_markdown("Named in the text but not drawn on the map: " + missing + "."))
    _component(
        data=article_data(story, st.session_state.get("selected"), st.session_state.get("passage")),
        key=KEY,
        on_place_change=partial(_chip_clicked, story),
    )


def article_data(story: Story, selected: str | None, chosen: str | None) -> dict:
    """What the component draws: each passage's number, sanitised HTML (``Passage.html``:
    text and http(s) links, nh3) and chips (place id, name and help, shown as text)."""
    assert story.article is not None
    return {
        "passages": [
            {
                "id": p.id,
                "n": number,
                "html": p.html,
                "chips": [
                    {"id": pid, "name": name, "help": chip_help(name)}
                    for pid, name in places.passage_places(story, p.id)
                ],
            }
            for number, p in enumerate(story.article.passages, start=1)
        ],
        "selected": selected,
        "chosen": chosen,
    }


def _chip_clicked(story: Story) -> None:
    """A chip: select its place and bring it into view (``session.select_place`` ignores an
    id the story does not have: this one comes from the browser)."""
    place_id = (st.session_state.get(KEY) or {}).get("place")
    if isinstance(place_id, str):
        session.select_place(story, place_id, True)

"""The article's chips (ui/article.py): a chip's value comes from the browser, so only a
place the story has is selected (``session.select_place`` checks, for chips and map clicks
alike); anything else changes nothing."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from geo.story import load_story
from ui import article, session

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def story():
    return load_story(DATA)


@pytest.fixture
def state(monkeypatch) -> dict:
    """A session without a Streamlit runtime: session_state and query_params as dicts."""
    values: dict = {"selected": None, "passage": None, "event": None}
    fake = SimpleNamespace(session_state=values, query_params={})
    monkeypatch.setattr(article, "st", fake)
    monkeypatch.setattr(session, "st", fake)
    return values


@pytest.mark.parametrize(
    ("sent", "selected"),
    [
        ("debaga", "debaga"),
        ("<script>alert(1)</script>", None),
        ("not-a-place", None),
        (None, None),
        (5, None),
        (["debaga"], None),
    ],
)
def test_a_chip_selects_only_a_place_the_story_has(story, state, sent, selected) -> None:
    state[article.KEY] = {"place": sent}
    article._chip_clicked(story)
    assert state["selected"] == selected
    # A chip also brings its place into view; nothing moves for a value that was refused.
    assert ("view" in state) == (selected is not None)


def test_a_map_click_on_an_unknown_id_changes_nothing(story, state) -> None:
    """The same check guards the map's clicks (their ids come from the browser too)."""
    session.select_place(story, "lheiban")
    session.select_place(story, "no-such-feature")
    assert state["selected"] == "lheiban"


def test_the_article_data_carries_the_selection(story) -> None:
    data = article.article_data(story, "lheiban", story.article.passages[2].id)
    assert data["selected"] == "lheiban"
    assert data["chosen"] == story.article.passages[2].id
    assert [p["n"] for p in data["passages"]][:3] == [1, 2, 3]

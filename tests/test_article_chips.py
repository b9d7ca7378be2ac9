"""The article's chips (ui/article.py): a chip's value comes from the browser, so only a
place some passage names is selected; anything else changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo import places
from geo.story import load_story
from ui import article

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def story():
    return load_story(DATA)


def test_chip_places_are_the_places_the_passages_name(story) -> None:
    named = {pid for p in story.article.passages for pid, _ in places.passage_places(story, p.id)}
    assert article.chip_places(story) == named
    assert {"lheiban", "debaga"} <= named


@pytest.mark.parametrize(
    ("sent", "selected"),
    [
        ("debaga", [("debaga", True)]),
        ("<script>alert(1)</script>", []),
        ("not-a-place", []),
        (None, []),
        (5, []),
        (["debaga"], []),
    ],
)
def test_a_chip_selects_only_a_named_place(monkeypatch, story, sent, selected) -> None:
    calls: list = []
    monkeypatch.setattr(
        article.session, "select_place", lambda s, pid, move=False: calls.append((pid, move))
    )
    monkeypatch.setattr(article.st, "session_state", {article.KEY: {"place": sent}})
    article._chip_clicked(story)
    assert calls == selected


def test_the_article_data_carries_the_selection(story) -> None:
    data = article.article_data(story, "lheiban", story.article.passages[2].id)
    assert data["selected"] == "lheiban"
    assert data["chosen"] == story.article.passages[2].id
    assert [p["n"] for p in data["passages"]][:3] == [1, 2, 3]

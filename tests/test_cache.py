"""ui.cache: what the server keeps between readers, and for how long."""

from __future__ import annotations

import datetime

import pytest

import geo.brief
from tests.conftest import DATA
from ui import cache


class Day(datetime.date):
    """A date whose today() the test sets."""

    current = datetime.date(2021, 12, 17)

    @classmethod
    def today(cls) -> datetime.date:
        return cls.current


def test_a_brief_is_kept_for_the_day_it_names_not_longer(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same place's brief is made once a day: asked again the same day it is the kept
    one; the next day it is made again, with the new date."""
    made: list[datetime.date] = []

    def fake_brief(_story, place_id, _layers, today=None):
        made.append(today)
        return f"{place_id} {today}".encode()

    monkeypatch.setattr(geo.brief, "brief_bytes", fake_brief)
    monkeypatch.setattr(cache.datetime, "date", Day)
    cache._brief.clear()
    Day.current = datetime.date(2021, 12, 17)
    first = cache.brief(str(DATA), "lheiban", None)
    assert cache.brief(str(DATA), "lheiban", None) == first == b"lheiban 2021-12-17"
    Day.current = datetime.date(2021, 12, 18)
    assert cache.brief(str(DATA), "lheiban", None) == b"lheiban 2021-12-18"
    assert made == [datetime.date(2021, 12, 17), datetime.date(2021, 12, 18)]
    cache._brief.clear()

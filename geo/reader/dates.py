"""The reader's dates in words, and the days the timeline covers: one home for each (the app's
Timeline tab, the brief and the reader model all ask here).

An event's date is said at its own precision, each end of a period at its own:
"June 2014", "16 Oct 2017", "2009–2014", "9–10 Jun 2014", "Nov 2009–30 Jan 2010".
"""

from __future__ import annotations

from datetime import date

from geo.events import Event
from geo.isodates import iso_span
from geo.reader.words import MONTHS
from geo.story import Story


def when(event: Event) -> str:
    """An event's date at its own precision (see the module's docstring)."""
    if event.precision == "month":
        return f"{event.start:%B %Y}"
    if event.precision != "period":
        return _part_words(event.date)
    first, last = event.date.split("/")
    start, end = event.start, event.end
    if first.count("-") == last.count("-") == 2 and start.year == end.year:
        if start.month == end.month:
            return f"{start.day}–{end.day} {MONTHS[end.month - 1]} {end.year}"
        return f"{start.day} {MONTHS[start.month - 1]}–{day_words(end)}"
    return f"{_part_words(first)}–{_part_words(last)}"


def day_words(day: date) -> str:
    """ "17 Dec 2021": a day as the reader says it (its months: geo.reader.words.MONTHS)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def default_day(story: Story) -> date:
    """The day the map shows at first: the article's date, else the last event's day."""
    if story.article is not None:
        return story.article.date
    return story.events[-1].day if story.events else date.today()


def date_range(story: Story) -> tuple[date, date]:
    """The days the timeline covers: from its first event or the first area of control
    (whichever is earlier) to the later of its last event and the article."""
    days = [e.start for e in story.events] + [e.end for e in story.events]
    days.append(default_day(story))
    control = story.dataset.layer("control")
    if not control.empty and "valid_from" in control:
        days += [iso_span(v)[0] for v in control["valid_from"] if isinstance(v, str) and v]
    return min(days), max(days)


def _part_words(part: str) -> str:
    start = iso_span(part)[0]
    precision = part.count("-")
    if precision == 0:
        return f"{start.year}"
    if precision == 1:
        return f"{MONTHS[start.month - 1]} {start.year}"
    return day_words(start)

"""The dates events and drawn features carry: ISO 8601 at the precision the source gives.

A year ("2014"), a month ("2014-06"), a day ("2017-10-16"), or a period of two of those
joined by "/" ("2009/2014", "2009-11/2010-01-30"). A date stands for the days it covers:
"2014-06" runs from 1 to 30 June, so a month or a period is valid through its end.
`iso_span` turns one into its first and last day; `is_valid_on` (a feature's validity)
and geo.events' `events_as_of` compare by those spans.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

_PART = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


class DateError(ValueError):
    """An ISO date (or period) that cannot be read, with the reason."""


def iso_span(value: str) -> tuple[date, date]:
    """The first and last day an ISO date or period covers; DateError if unreadable."""
    if not isinstance(value, str):
        raise DateError(f"{value!r} is not a string")
    parts = value.split("/")
    if len(parts) > 2:
        raise DateError(f"{value!r} has more than one '/'")
    spans = [_part_span(p, value) for p in parts]
    start, end = spans[0][0], spans[-1][1]
    if end < start:
        raise DateError(f"{value!r} ends before it starts")
    return start, end


def precision_of(value: str) -> str:
    """year, month, day or period: how precise an ISO date is (DateError if unreadable)."""
    iso_span(value)
    if "/" in value:
        return "period"
    return ("year", "month", "day")[value.count("-")]


def date_problem(value: object) -> str | None:
    """Why `value` is not an ISO date or period, or None if it is one."""
    try:
        iso_span(value)  # type: ignore[arg-type]
    except DateError as exc:
        return str(exc)
    return None


def is_valid_on(props: Mapping[str, Any], on: str) -> bool:
    """Whether a feature with `valid_from` / `valid_to` (null: still valid) holds at any
    time during `on`. Each end counts at its precision: valid_to "2017-10" holds through
    31 October. A day-precise `on` against day-precise bounds is an exact test. `props`
    may be a GeoJSON feature's properties or a GeoDataFrame row (NaN counts as null)."""
    first, last = iso_span(on)
    valid_from, valid_to = (_given(props.get(k)) for k in ("valid_from", "valid_to"))
    if valid_from is not None and iso_span(valid_from)[0] > last:
        return False
    return valid_to is None or iso_span(valid_to)[1] >= first


# --- private helpers -------------------------------------------------------------------


def _given(value: object) -> Any:
    # A GeoDataFrame row holds NaN where a feature has no value: the same as null.
    return None if isinstance(value, float) and value != value else value


def _part_span(part: str, whole: str) -> tuple[date, date]:
    match = _PART.fullmatch(part)
    if match is None:
        raise DateError(f"{whole!r} is not YYYY, YYYY-MM, YYYY-MM-DD or a period a/b")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        if day is None:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        return date(year, month, day), date(year, month, day)
    except ValueError as exc:
        raise DateError(f"{whole!r}: {exc}") from None

"""What the brief says, as plain lines: no matplotlib here, so it is tested as text.

A brief is about one place (its facts and the passages about it) or, without a place, the
whole story (every passage). Either way it credits the article, gives the map's caveat and
the day it was made. Lines are wrapped to a character width the page module chooses;
strings stay exactly as the data has them (the page draws them with mathtext off).
"""

from __future__ import annotations

import datetime
import textwrap
from dataclasses import dataclass

from geo.descriptions import attribution, details, passages_about
from geo.story import Story

# One line each at the top of every page (12 pt and 10 pt); longer ones end in "…".
TITLE_CHARS, SUBJECT_CHARS = 70, 84


class BriefError(ValueError):
    """The brief cannot be made as asked: an unknown place or layer, named."""


@dataclass(frozen=True)
class Line:
    """One printed line: ``tag`` (a passage id or a fact's name) in bold at the margin,
    ``text`` after it; ``heading`` lines are bold and a little larger."""

    text: str
    tag: str = ""
    heading: bool = False


@dataclass(frozen=True)
class BriefText:
    title: str  # the story's title
    subject: str  # "Lheiban (village)" or "The whole story"
    header: tuple[Line, ...]  # the place's facts, the source, the caveat, the date
    passages: tuple[Line, ...]  # the cited passages, wrapped, continuing onto later pages


def brief_text(
    story: Story,
    place_id: str | None,
    width: int,
    today: datetime.date | None = None,
) -> BriefText:
    """The brief's lines, each at most ``width`` characters (tags excluded)."""
    made = (today or datetime.date.today()).isoformat()
    header: list[Line] = []
    if place_id is not None:
        found = details(story, place_id)
        if found is None:
            raise BriefError(f"no place with id {place_id!r} in this story")
        subject = f"{found.name} ({found.kind})" if found.kind else found.name
        header.extend(_wrapped(found.name, width, tag="Name"))
        for name, value in found.facts:
            header.extend(_wrapped(value, width, tag=name))
        cited = [(p.id, p.text) for p, _spans, _why in passages_about(story, place_id)]
        heading = f"Passages about {found.name} ({len(cited)})"
    else:
        subject = "The whole story"
        if story.config.standfirst:
            header.extend(_wrapped(story.config.standfirst, width, tag="Story"))
        cited = [(p.id, p.text) for p in story.article.passages] if story.article else []
        heading = f"The article's passages ({len(cited)})"
    header.extend(_wrapped(attribution(story), width, tag="Article"))
    if story.article is not None:
        header.extend(_wrapped(story.article.url, width, tag="URL"))
    if story.config.map_note:
        header.extend(_wrapped(story.config.map_note, width, tag="Caveat"))
    header.append(Line(f"{made}, from the story's data (offline)", tag="Brief made"))
    passages = [Line(row, heading=True) for row in textwrap.wrap(heading, width=width * 4 // 5)]
    if not cited:
        passages.append(Line("No passage of the article is linked to it."))
    for passage_id, text in cited:
        passages.extend(_wrapped(text, width, tag=passage_id))
    return BriefText(
        title=clipped(story.config.title, TITLE_CHARS),
        subject=clipped(subject, SUBJECT_CHARS),
        header=tuple(header),
        passages=tuple(passages),
    )


def paginate(lines: tuple[Line, ...], first: int, rest: int) -> list[list[Line]]:
    """Lines split into pages of ``first`` then ``rest`` lines; a passage's lines are kept
    together when they fit on a page (a tagged line starts a passage)."""
    pages: list[list[Line]] = [[]]
    room = first
    groups: list[list[Line]] = []
    for line in lines:
        if line.tag or line.heading or not groups:
            groups.append([line])
        else:
            groups[-1].append(line)
    for group in groups:
        for i, line in enumerate(group):
            fits_whole = len(group) - i <= rest
            if len(pages[-1]) >= room or (
                i == 0 and fits_whole and len(pages[-1]) + len(group) > room
            ):
                pages.append([])
                room = rest
            pages[-1].append(line)
    return [page for page in pages if page] or [[]]


def clipped(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with "…" if it is longer."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _wrapped(text: str, width: int, tag: str = "") -> list[Line]:
    """``text`` wrapped to ``width``; the tag on the first line only. Long words (URLs,
    payloads) are broken rather than run off the page."""
    rows = textwrap.wrap(" ".join(str(text).split()), width=width, break_on_hyphens=False)
    rows = rows or [""]
    return [Line(row, tag=tag if i == 0 else "") for i, row in enumerate(rows)]

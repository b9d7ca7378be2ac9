"""Linking article passages to map places, with a recorded reason for every link.

Two sources of links:
- alias matches: a gazetteer name occurring in the passage on word boundaries
  (case-sensitive unless the entry says otherwise; possessives such as "Iraq’s" count),
  longest match first where names overlap;
- manual links (geo.manual_links): "implicit" references matched by a snippet, and
  "resolve" rules choosing the place for a name several gazetteer entries share. An entry
  that no longer fits the passages or the gazetteer raises LinkingError naming it, so a
  change to the splitting or the data cannot silently drop a link; check the entries with
  `check_manual_links` first to report them instead.

Which place-like names the text uses is the story's to say (story.json
`place_names_in_text`): those the gazetteer does not cover are reported as unmatched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from geo.gazetteer import (
    GazetteerEntry,
    LinkingError,
    fold,
    key_name,
    name_key,
    name_owners,
    name_pattern,
)
from geo.manual_links import ManualLinks, ResolveRule, check_manual_links
from geo.passages import Passage


@dataclass(frozen=True)
class Link:
    passage_id: str
    place_id: str
    start: int | None
    end: int | None
    matched: str
    reason: str
    manual: bool


@dataclass(frozen=True)
class Ambiguity:
    """A name shared by several gazetteer entries, where it occurs, and how it was settled."""

    name: str
    place_ids: tuple[str, ...]
    passage_ids: tuple[str, ...]
    resolved_to: str | None
    reason: str | None


@dataclass(frozen=True)
class UnmatchedName:
    """A known place-like name in the text with no gazetteer entry covering it."""

    name: str
    passage_ids: tuple[str, ...]


@dataclass(frozen=True)
class LinkResult:
    links: tuple[Link, ...]
    by_place: dict[str, list[str]]
    unmatched_names: tuple[UnmatchedName, ...]
    ambiguous: tuple[Ambiguity, ...]

    def links_for(self, passage_id: str, place_id: str | None = None) -> list[Link]:
        """Links of one passage, optionally only those to one place."""
        return [
            link
            for link in self.links
            if link.passage_id == passage_id and (place_id is None or link.place_id == place_id)
        ]


def link_passages(
    passages: Sequence[Passage],
    gazetteer: Sequence[GazetteerEntry],
    manual: ManualLinks | None = None,
    names_in_text: Sequence[str] = (),
) -> LinkResult:
    """Link passages to places by alias and manual rules; see the module docstring.

    `names_in_text` are the place-like names the story's text uses (StoryConfig
    `place_names_in_text`); those no gazetteer entry covers come back as unmatched names.
    Raises LinkingError if a manual entry does not fit (see `check_manual_links`).
    """
    manual = manual or ManualLinks()
    _, stale = check_manual_links(manual, passages, gazetteer)
    if stale:
        raise LinkingError(f"{manual.source}: " + "; ".join(str(p) for p in stale))
    owners = name_owners(gazetteer)
    resolutions = {name_key(r.alias, True): r for r in manual.resolve}

    links: list[Link] = []
    ambiguous_hits: dict[str, list[str]] = {}
    covered: dict[str, list[tuple[int, int]]] = {}
    for passage in passages:
        folded = fold(passage.text)
        matches = _select(_candidates(folded, owners))
        covered[passage.id] = [(s, e) for s, e, _ in matches]
        passage_links = _alias_links(passage, matches, owners, resolutions, ambiguous_hits)
        passage_links.extend(_implicit_links(passage, folded, manual, passage_links))
        links.extend(passage_links)
    return LinkResult(
        links=tuple(links),
        by_place=_by_place(links),
        unmatched_names=_unmatched(passages, covered, names_in_text),
        ambiguous=_ambiguities(ambiguous_hits, owners, resolutions),
    )


# --- private helpers -------------------------------------------------------------------


def _alias_links(
    passage: Passage,
    matches: Sequence[tuple[int, int, str]],
    owners: Mapping[str, list[str]],
    resolutions: Mapping[str, ResolveRule],
    ambiguous_hits: dict[str, list[str]],
) -> list[Link]:
    """The passage's links by the names it uses: a name one place owns links to it; a name
    several places share links only where a manual rule resolves it, and is noted in
    ``ambiguous_hits`` (name key -> passage ids) either way."""
    passage_links: list[Link] = []
    for start, end, key in matches:
        matched = passage.text[start:end]
        ids = owners[key]
        if len(ids) == 1:
            passage_links.append(
                Link(passage.id, ids[0], start, end, matched, f"alias {matched!r}", False)
            )
            continue
        ambiguous_hits.setdefault(key, []).append(passage.id)
        rule = resolutions.get(key)
        if rule is None:
            continue
        passage_links.append(
            Link(
                passage.id,
                rule.place_id,
                start,
                end,
                matched,
                f"alias {matched!r} (shared by {', '.join(ids)}); resolved: {rule.reason}",
                False,
            )
        )
    return passage_links


def _ambiguities(
    ambiguous_hits: Mapping[str, list[str]],
    owners: Mapping[str, list[str]],
    resolutions: Mapping[str, ResolveRule],
) -> tuple[Ambiguity, ...]:
    """Each shared name the passages use: its places, its passages, and how (whether) a
    manual rule resolved it."""
    return tuple(
        Ambiguity(
            name=key_name(key),
            place_ids=tuple(owners[key]),
            passage_ids=tuple(dict.fromkeys(pids)),
            resolved_to=resolutions[key].place_id if key in resolutions else None,
            reason=resolutions[key].reason if key in resolutions else None,
        )
        for key, pids in ambiguous_hits.items()
    )


def _candidates(folded: str, owners: Mapping[str, list[str]]) -> list[tuple[int, int, str]]:
    found = []
    for key in owners:
        insensitive = key.startswith("\0")
        name = key[1:] if insensitive else key
        flags = re.IGNORECASE if insensitive else 0
        for m in re.finditer(name_pattern(name), folded, flags):
            found.append((m.start(), m.end(), key))
    return found


def _select(cands: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Longest match wins where candidates overlap; result in text order."""
    chosen: list[tuple[int, int, str]] = []
    for start, end, key in sorted(cands, key=lambda c: (-(c[1] - c[0]), c[0], c[2])):
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, key))
    return sorted(chosen)


def _implicit_links(
    passage: Passage, folded: str, manual: ManualLinks, existing: list[Link]
) -> list[Link]:
    # One manual link per place and passage, and none where the place is already named:
    # the explicit mention is the better evidence.
    out: list[Link] = []
    seen = {link.place_id for link in existing}
    for rule in manual.implicit:
        snippet = fold(rule.passage_contains)
        if snippet not in folded or rule.place_id in seen:
            continue
        seen.add(rule.place_id)
        out.append(
            Link(
                passage.id,
                rule.place_id,
                None,
                None,
                rule.passage_contains,
                f"manual: {rule.reason}",
                True,
            )
        )
    return out


def _by_place(links: Iterable[Link]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for link in links:
        ids = out.setdefault(link.place_id, [])
        if link.passage_id not in ids:
            ids.append(link.passage_id)
    return out


def _unmatched(
    passages: Sequence[Passage],
    covered: Mapping[str, list[tuple[int, int]]],
    names_in_text: Sequence[str],
) -> tuple[UnmatchedName, ...]:
    out = []
    for name in names_in_text:
        pattern = name_pattern(fold(name))
        hits = []
        for p in passages:
            spans = covered.get(p.id, [])
            for m in re.finditer(pattern, fold(p.text)):
                if not any(s <= m.start() and m.end() <= e for s, e in spans):
                    hits.append(p.id)
                    break
        if hits:
            out.append(UnmatchedName(name, tuple(hits)))
    return tuple(out)

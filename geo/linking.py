"""Linking article passages to map places, with a recorded reason for every link.

Two sources of links:
- alias matches: a gazetteer name occurring in the passage on word boundaries
  (case-sensitive unless the entry says otherwise; possessives such as "Iraq’s" count),
  longest match first where names overlap;
- manual links from data/links_manual.json: "implicit" references ("this village") matched
  by a snippet that must occur in the passage, and "resolve" rules choosing the place for
  a name that several gazetteer entries share. A snippet that occurs in no passage, or a
  rule naming a place the gazetteer lacks, raises LinkingError naming the entry, so a
  change to the splitting or the data cannot silently drop a link.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from geo.article import Passage

# Place-like names the article contains, kept by hand so that names the map lacks are
# reported (LinkResult.unmatched_names) rather than silently ignored.
KNOWN_PLACE_NAMES: tuple[str, ...] = (
    "Lheiban",
    "Debaga",
    "Qarachok",
    "Baghdad",
    "Irbil",
    "Sulaymaniyah",
    "Nineveh",
    "Ninevah",
    "Kirkuk",
    "Salaheddin",
    "Diyala",
    "Iraq",
    "Iran",
    "Kurdish region",
    "Kurdish-run north",
)

# Same-length substitutions so spans in the normalised text are spans in the original.
_FOLD = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"', "\u00a0": " "})


class LinkingError(ValueError):
    """Manual links are malformed or no longer fit the passages or the gazetteer."""


@dataclass(frozen=True)
class GazetteerEntry:
    place_id: str
    names: tuple[str, ...]
    # Names (from `names`) to match ignoring case; proper names default to exact case.
    case_insensitive: frozenset[str] = field(default=frozenset())


@dataclass(frozen=True)
class ImplicitRule:
    passage_contains: str
    place_id: str
    reason: str


@dataclass(frozen=True)
class ResolveRule:
    alias: str
    place_id: str
    reason: str


@dataclass(frozen=True)
class ManualLinks:
    implicit: tuple[ImplicitRule, ...] = ()
    resolve: tuple[ResolveRule, ...] = ()
    source: str = "manual links"


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


def gazetteer_from_features(features: Iterable[Mapping]) -> list[GazetteerEntry]:
    """Build entries from GeoJSON features (properties `id`, `name`, `aliases`)."""
    entries = []
    for feature in features:
        props = feature.get("properties") or {}
        place_id = props.get("id") or feature.get("id")
        if not place_id:
            raise LinkingError(f"feature without an id: {props.get('name')!r}")
        names = [props.get("name")] + list(props.get("aliases") or [])
        clean = tuple(dict.fromkeys(n for n in names if isinstance(n, str) and n.strip()))
        entries.append(GazetteerEntry(place_id=str(place_id), names=clean))
    return entries


def load_manual_links(path: str | Path) -> ManualLinks:
    """Read and validate data/links_manual.json."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LinkingError(f"manual links file {path} does not exist") from None
    except json.JSONDecodeError as exc:
        raise LinkingError(f"manual links file {path} is not valid JSON: {exc}") from None
    return parse_manual_links(data, source=str(path))


def parse_manual_links(data: object, source: str = "manual links") -> ManualLinks:
    """Validate the manual-links structure; errors name the offending entry."""
    if not isinstance(data, dict):
        raise LinkingError(f"{source}: top level must be an object with 'implicit' and 'resolve'")
    unknown = set(data) - {"implicit", "resolve", "_comment"}
    if unknown:
        raise LinkingError(f"{source}: unknown key(s) {sorted(unknown)}")
    implicit = tuple(
        ImplicitRule(
            **_entry(item, ("passage_contains", "place_id", "reason"), f"{source} implicit[{i}]")
        )
        for i, item in enumerate(data.get("implicit", []))
    )
    resolve = tuple(
        ResolveRule(**_entry(item, ("alias", "place_id", "reason"), f"{source} resolve[{i}]"))
        for i, item in enumerate(data.get("resolve", []))
    )
    return ManualLinks(implicit=implicit, resolve=resolve, source=source)


def link_passages(
    passages: Sequence[Passage],
    gazetteer: Sequence[GazetteerEntry],
    manual: ManualLinks | None = None,
    known_names: Sequence[str] = KNOWN_PLACE_NAMES,
) -> LinkResult:
    """Link passages to places by alias and manual rules; see the module docstring."""
    manual = manual or ManualLinks()
    place_ids = {e.place_id for e in gazetteer}
    _check_places(manual, place_ids)
    owners = _name_owners(gazetteer)
    resolutions = {_key(r.alias, True): r for r in manual.resolve}

    links: list[Link] = []
    ambiguous_hits: dict[str, list[str]] = {}
    covered: dict[str, list[tuple[int, int]]] = {}
    for passage in passages:
        folded = passage.text.translate(_FOLD)
        matches = _select(_candidates(folded, owners))
        covered[passage.id] = [(s, e) for s, e, _ in matches]
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
        passage_links.extend(_implicit_links(passage, folded, manual, passage_links))
        links.extend(passage_links)

    _check_snippets(passages, manual)
    _check_resolutions(manual, owners)
    ambiguous = tuple(
        Ambiguity(
            name=_display(key),
            place_ids=tuple(owners[key]),
            passage_ids=tuple(dict.fromkeys(pids)),
            resolved_to=resolutions[key].place_id if key in resolutions else None,
            reason=resolutions[key].reason if key in resolutions else None,
        )
        for key, pids in ambiguous_hits.items()
    )
    return LinkResult(
        links=tuple(links),
        by_place=_by_place(links),
        unmatched_names=_unmatched(passages, covered, known_names),
        ambiguous=ambiguous,
    )


@dataclass(frozen=True)
class ManualLinkProblem:
    """One manual-links entry that no longer fits, e.g. entry "implicit[2]", field "place_id"."""

    entry: str
    field: str
    message: str


def check_manual_links(
    manual: ManualLinks, passages: Sequence[Passage], gazetteer: Sequence[GazetteerEntry]
) -> tuple[ManualLinks, tuple[ManualLinkProblem, ...]]:
    """Split manual links into the entries that fit and a problem for each that does not
    (a place the gazetteer lacks, a snippet in no passage, a resolution picking a place
    that does not carry the name), so one stale entry costs only itself:
    `link_passages(passages, gazetteer, kept)` then cannot raise."""
    place_ids = {e.place_id for e in gazetteer}
    owners = _name_owners(gazetteer)
    texts = [p.text.translate(_FOLD) for p in passages]
    problems: list[ManualLinkProblem] = []
    implicit = []
    for i, rule in enumerate(manual.implicit):
        where = f"implicit[{i}]"
        if rule.place_id not in place_ids:
            problems.append(_missing_place(where, rule.place_id))
        elif not any(rule.passage_contains.translate(_FOLD) in t for t in texts):
            problems.append(
                ManualLinkProblem(
                    where,
                    "passage_contains",
                    f"{rule.passage_contains!r} occurs in no passage; entry ignored",
                )
            )
        else:
            implicit.append(rule)
    resolve = []
    for i, rule in enumerate(manual.resolve):
        where = f"resolve[{i}]"
        ids = owners.get(_key(rule.alias, True))
        if rule.place_id not in place_ids:
            problems.append(_missing_place(where, rule.place_id))
        elif ids and len(ids) > 1 and rule.place_id not in ids:
            problems.append(
                ManualLinkProblem(
                    where,
                    "place_id",
                    f"picks {rule.place_id!r} for {rule.alias!r}, but only {', '.join(ids)} "
                    "carry that name; entry ignored",
                )
            )
        else:
            resolve.append(rule)
    kept = ManualLinks(implicit=tuple(implicit), resolve=tuple(resolve), source=manual.source)
    return kept, tuple(problems)


# --- private helpers -------------------------------------------------------------------


def _missing_place(where: str, place_id: str) -> ManualLinkProblem:
    return ManualLinkProblem(
        where, "place_id", f"names place {place_id!r}, which the map lacks; entry ignored"
    )


def _entry(item: object, keys: tuple[str, ...], where: str) -> dict[str, str]:
    if not isinstance(item, dict):
        raise LinkingError(f"{where}: must be an object with {', '.join(keys)}")
    extra = set(item) - set(keys)
    if extra:
        raise LinkingError(f"{where}: unknown key(s) {sorted(extra)}")
    out = {}
    for key in keys:
        value = item.get(key)
        if not isinstance(value, str) or not value.strip():
            raise LinkingError(f"{where}: {key!r} must be a non-empty string")
        out[key] = value
    return out


def _key(name: str, case_sensitive: bool) -> str:
    folded = " ".join(name.translate(_FOLD).split())
    return folded if case_sensitive else "\0" + folded.casefold()


def _name_owners(gazetteer: Sequence[GazetteerEntry]) -> dict[str, list[str]]:
    """Map each (normalised) name to the place ids using it, in gazetteer order."""
    owners: dict[str, list[str]] = {}
    for entry in gazetteer:
        for name in entry.names:
            if not name.strip():
                continue
            key = _key(name, name not in entry.case_insensitive)
            ids = owners.setdefault(key, [])
            if entry.place_id not in ids:
                ids.append(entry.place_id)
    return owners


def _name_pattern(name: str) -> str:
    # \w is Unicode-aware, so "Iraq" does not match in "Iraqi" or "Iraqiya"; a trailing
    # apostrophe ("Iraq's", folded from "Iraq’s") is not \w, so possessives still match.
    body = r"\s+".join(re.escape(part) for part in name.split(" "))
    return rf"(?<!\w){body}(?!\w)"


def _candidates(folded: str, owners: Mapping[str, list[str]]) -> list[tuple[int, int, str]]:
    found = []
    for key in owners:
        insensitive = key.startswith("\0")
        name = key[1:] if insensitive else key
        flags = re.IGNORECASE if insensitive else 0
        for m in re.finditer(_name_pattern(name), folded, flags):
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
        snippet = rule.passage_contains.translate(_FOLD)
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


def _check_places(manual: ManualLinks, place_ids: set[str]) -> None:
    for kind, rules in (("implicit", manual.implicit), ("resolve", manual.resolve)):
        for i, rule in enumerate(rules):
            if rule.place_id not in place_ids:
                raise LinkingError(
                    f"{manual.source} {kind}[{i}] names place {rule.place_id!r}, "
                    "which the gazetteer lacks"
                )


def _check_snippets(passages: Sequence[Passage], manual: ManualLinks) -> None:
    texts = [p.text.translate(_FOLD) for p in passages]
    for i, rule in enumerate(manual.implicit):
        snippet = rule.passage_contains.translate(_FOLD)
        if not any(snippet in t for t in texts):
            raise LinkingError(
                f"{manual.source} implicit[{i}] ({rule.passage_contains!r} -> {rule.place_id}): "
                "snippet occurs in no passage; update the entry or the splitting"
            )


def _check_resolutions(manual: ManualLinks, owners: Mapping[str, list[str]]) -> None:
    # A rule for a name that is not (or no longer) ambiguous is harmless; a rule choosing
    # a place that does not carry the name would link the wrong place, so refuse it.
    for i, rule in enumerate(manual.resolve):
        ids = owners.get(_key(rule.alias, True))
        if ids and len(ids) > 1 and rule.place_id not in ids:
            raise LinkingError(
                f"{manual.source} resolve[{i}] picks {rule.place_id!r} for {rule.alias!r}, "
                f"but only {', '.join(ids)} carry that name"
            )


def _display(key: str) -> str:
    return key[1:] if key.startswith("\0") else key


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
    known_names: Sequence[str],
) -> tuple[UnmatchedName, ...]:
    out = []
    for name in known_names:
        pattern = _name_pattern(name.translate(_FOLD))
        hits = []
        for p in passages:
            spans = covered.get(p.id, [])
            for m in re.finditer(pattern, p.text.translate(_FOLD)):
                if not any(s <= m.start() and m.end() <= e for s, e in spans):
                    hits.append(p.id)
                    break
        if hits:
            out.append(UnmatchedName(name, tuple(hits)))
    return tuple(out)

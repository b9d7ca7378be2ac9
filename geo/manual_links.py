"""Manual links (data/links_manual.json, and actors' implicit rules): reading them, and
checking that each still fits the passages and the gazetteer.

"implicit" rules link a passage that refers to a place without naming it ("this village"),
found by a snippet that must occur in some passage; "resolve" rules choose the place for a
name several gazetteer entries share. `check_manual_links` is the one check: it keeps the
entries that fit and names each that does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from geo.gazetteer import GazetteerEntry, LinkingError, fold, name_key, name_owners
from geo.jsonio import read_json
from geo.passages import Passage


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
class ManualLinkProblem:
    """One manual-links entry that no longer fits, e.g. entry "implicit[2]", field "place_id"."""

    entry: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.entry}, field {self.field!r}: {self.message}"


def load_manual_links(path: str | Path) -> ManualLinks:
    """Read and validate data/links_manual.json; LinkingError names the file and entry."""
    path = Path(path)
    data, problem = read_json(path)
    if problem is not None:
        raise LinkingError(f"manual links file {path}: {problem.message}")
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


def check_manual_links(
    manual: ManualLinks, passages: Sequence[Passage], gazetteer: Sequence[GazetteerEntry]
) -> tuple[ManualLinks, tuple[ManualLinkProblem, ...]]:
    """Split manual links into the entries that fit and a problem for each that does not
    (a place the gazetteer lacks, a snippet in no passage, a resolution picking a place
    that does not carry the name), so one stale entry costs only itself.

    A rule for a name that is not (or no longer) ambiguous is harmless and kept; a rule
    choosing a place that does not carry the name would link the wrong place.
    """
    place_ids = {e.place_id for e in gazetteer}
    owners = name_owners(gazetteer)
    texts = [fold(p.text) for p in passages]
    problems: list[ManualLinkProblem] = []
    implicit = []
    for i, rule in enumerate(manual.implicit):
        where = f"implicit[{i}]"
        if rule.place_id not in place_ids:
            problems.append(_missing_place(where, rule.place_id))
        elif not any(fold(rule.passage_contains) in t for t in texts):
            problems.append(
                ManualLinkProblem(
                    where,
                    "passage_contains",
                    f"{rule.passage_contains!r} occurs in no passage; update the entry or "
                    "the splitting",
                )
            )
        else:
            implicit.append(rule)
    resolve = []
    for i, rule in enumerate(manual.resolve):
        where = f"resolve[{i}]"
        ids = owners.get(name_key(rule.alias, True))
        if rule.place_id not in place_ids:
            problems.append(_missing_place(where, rule.place_id))
        elif ids and len(ids) > 1 and rule.place_id not in ids:
            problems.append(
                ManualLinkProblem(
                    where,
                    "place_id",
                    f"picks {rule.place_id!r} for {rule.alias!r}, but only {', '.join(ids)} "
                    "carry that name",
                )
            )
        else:
            resolve.append(rule)
    kept = ManualLinks(implicit=tuple(implicit), resolve=tuple(resolve), source=manual.source)
    return kept, tuple(problems)


# --- private helpers -------------------------------------------------------------------


def _missing_place(where: str, place_id: str) -> ManualLinkProblem:
    return ManualLinkProblem(where, "place_id", f"names place {place_id!r}, which the map lacks")


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

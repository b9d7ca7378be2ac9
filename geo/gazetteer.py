"""The names a story's features (places, or actors standing in for them) go by, and how a
name is compared with the text: quote marks folded, whitespace collapsed, case kept unless
the entry says otherwise."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

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


def fold(text: str) -> str:
    """Curly quotes and non-breaking spaces as their plain forms; same length as `text`."""
    return text.translate(_FOLD)


def name_key(name: str, case_sensitive: bool) -> str:
    """The key two names share when the text cannot tell them apart."""
    folded = " ".join(fold(name).split())
    return folded if case_sensitive else "\0" + folded.casefold()


def key_name(key: str) -> str:
    """The name a key was made from (case-folded if the key ignores case)."""
    return key[1:] if key.startswith("\0") else key


def name_owners(gazetteer: Sequence[GazetteerEntry]) -> dict[str, list[str]]:
    """Map each (normalised) name to the place ids using it, in gazetteer order."""
    owners: dict[str, list[str]] = {}
    for entry in gazetteer:
        for name in entry.names:
            if not name.strip():
                continue
            key = name_key(name, name not in entry.case_insensitive)
            ids = owners.setdefault(key, [])
            if entry.place_id not in ids:
                ids.append(entry.place_id)
    return owners


def name_pattern(name: str) -> str:
    """A regex for `name` as a whole word sequence, any whitespace between its words."""
    # \w is Unicode-aware, so "Iraq" does not match in "Iraqi" or "Iraqiya"; a trailing
    # apostrophe ("Iraq's", folded from "Iraq’s") is not \w, so possessives still match.
    body = r"\s+".join(re.escape(part) for part in name.split(" "))
    return rf"(?<!\w){body}(?!\w)"

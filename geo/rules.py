"""The rules every data file shares: what an id may be, where the map lies, how sure a
drawing is. One home for each, so loading, the force checks, story.json and the build
scripts cannot drift apart."""

from __future__ import annotations

import re
import unicodedata

# Ids travel into URLs, widget keys, CSS classes and the map's scripts: slugs only.
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_ID_LENGTH = 64
# Actor ids also name JS globals and legend entries, so they are kept shorter.
MAX_ACTOR_ID_LENGTH = 40

# The map's region (degrees): anything outside is a typo or swapped lat/lon.
REGION_LON = (38.0, 49.0)
REGION_LAT = (29.0, 38.0)

# How far a drawing goes beyond its source, most certain first.
CERTAINTIES = ("precise", "stated", "approximate", "schematic")
# A force feature is a claim drawn over the map's places: never a surveyed position.
CLAIM_CERTAINTIES = ("stated", "approximate", "schematic")

Bounds = tuple[float, float, float, float]


def is_slug(value: str, max_length: int = MAX_ID_LENGTH) -> bool:
    """Lowercase letters and digits joined by single hyphens, at most `max_length` long."""
    return len(value) <= max_length and ID_PATTERN.fullmatch(value) is not None


def slugify(text: str) -> str:
    """Lowercase ASCII slug: 'Al-Anbar' -> 'al-anbar'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def slug_rule(max_length: int = MAX_ID_LENGTH) -> str:
    """The slug rule in words, for problem messages."""
    return (
        "must be a slug: lowercase letters and digits joined by single hyphens, "
        f"at most {max_length} characters"
    )


def in_region(bounds: Bounds) -> bool:
    """Whether (min lon, min lat, max lon, max lat) lies inside the map's region."""
    minx, miny, maxx, maxy = bounds
    return (
        REGION_LON[0] <= minx
        and maxx <= REGION_LON[1]
        and REGION_LAT[0] <= miny
        and maxy <= REGION_LAT[1]
    )


def looks_swapped(bounds: Bounds) -> bool:
    """Whether the bounds would lie in the region with latitude and longitude exchanged."""
    minx, miny, maxx, maxy = bounds
    return in_region((miny, minx, maxy, maxx))


def outside_region_message(bounds: Bounds) -> str:
    """Why bounds were refused: the region, the bounds, and a hint if lon/lat look swapped."""
    hint = " (latitude and longitude look swapped)" if looks_swapped(bounds) else ""
    return (
        f"lies outside the map's region lon {REGION_LON}, lat {REGION_LAT}: "
        f"bounds {tuple(round(b, 3) for b in bounds)}{hint}"
    )

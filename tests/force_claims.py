"""The shipped force layer and what it is checked against, loaded once for
tests/test_forces.py and tests/test_forces_validation.py: its features, the actors, the
article's passages, scripts/build_forces.py, and a tiny valid feature to vary. (The helpers
keep their leading underscore so that the tests read as they did in one module.)"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

from geo.actors import load_actors
from geo.article import parse_article

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
RAW = DATA / "raw"


def _load_build_forces() -> ModuleType:
    # scripts/ is not a package; register the module before running it.
    spec = importlib.util.spec_from_file_location(
        "build_forces", ROOT / "scripts" / "build_forces.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_forces"] = module
    spec.loader.exec_module(module)
    return module


build_forces = _load_build_forces()

FEATURES = json.loads((DATA / "forces.geojson").read_text(encoding="utf-8"))["features"]
FEATURE_IDS = [f["properties"]["id"] for f in FEATURES]
ACTORS = load_actors(DATA / "actors.json")
_, PASSAGES = parse_article((DATA / "article.txt").read_text(encoding="utf-8"))
PASSAGE_IDS = {p.id for p in PASSAGES}
ACTOR_IDS = [a.id for a in ACTORS]


def _place_ids() -> set[str]:
    return set(build_forces.read_layers(DATA))


def _feature(**overrides: object) -> dict:
    """A tiny valid force feature at (44, 35), with overrides applied to its properties."""
    props = {
        "id": "force-test",
        "name": "Test",
        "actor": "isis",
        "passages": [PASSAGES[0].id],
        "source": "the article",
        "origin": "article",
        "certainty": "stated",
        "as_of": "2021-12-07",
        "kind": "position",
        "uncertainty_km": 5,
        "note": "n",
    }
    props.update(overrides)
    props = {k: v for k, v in props.items() if v is not None}
    point = {"type": "Point", "coordinates": [44.0, 35.0]}
    return {"type": "Feature", "properties": props, "geometry": point}


def _shipped(feature_id: str) -> dict:
    return next(f for f in FEATURES if f["properties"]["id"] == feature_id)

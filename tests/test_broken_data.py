"""Broken data: every problem names its file, feature and field, and the rest still loads.

One test per case, each on a fresh copy of the shipped data folder with one thing broken.
tests/test_loading.py already covers, on places.geojson or zone.geojson: invalid JSON, not a
FeatureCollection, a missing file, a missing `source`, an unknown certainty, swapped
coordinates of a point, duplicate ids across files, a bow-tie zone and a wrong geometry type;
the cases here are the ones it leaves out, or the same fault in another file. The last test
starts the app on a folder with many faults at once.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from browsing.appserver import start_app, stop_app
from browsing.mappage import MAP_IFRAME, POINT_OF_JS
from geo.loading import Problem, load_dataset
from geo.story import Story, load_story
from tests.conftest import ARTIFACTS, DATA

N_PROVINCES = 18
N_PLACES = 21
BOWTIE = [[[44.0, 35.5], [44.4, 35.9], [44.4, 35.5], [44.0, 35.9], [44.0, 35.5]]]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the shipped data folder to break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("raw"))
    return target


def read(folder: Path, name: str) -> dict:
    return json.loads((folder / name).read_text(encoding="utf-8"))


def write(folder: Path, name: str, doc: object) -> None:
    (folder / name).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def edit_feature(folder: Path, name: str, feature_id: str, **changes: object) -> None:
    """Change properties of one feature (a value of None deletes the property);
    `geometry=` replaces its geometry."""
    doc = read(folder, name)
    (feature,) = [f for f in doc["features"] if f["properties"]["id"] == feature_id]
    geometry = changes.pop("geometry", None)
    if geometry is not None:
        feature["geometry"] = geometry
    for key, value in changes.items():
        if value is None:
            feature["properties"].pop(key, None)
        else:
            feature["properties"][key] = value
    write(folder, name, doc)


def problems_about(story_or_dataset: Story | object, file: str) -> list[str]:
    return [str(p) for p in story_or_dataset.problems if p.file == file]


def ids(story: Story, layer: str) -> set[str]:
    return set(story.dataset.layer(layer)["id"])


def only(problems: list[str]) -> str:
    assert len(problems) == 1, problems
    return problems[0]


def names(message: str, *parts: str) -> None:
    for part in parts:
        assert part in message, f"{part!r} not named in {message!r}"


def assert_geography_intact(story: Story, *, places: int = N_PLACES) -> None:
    assert len(story.dataset.layer("provinces")) == N_PROVINCES
    assert len(story.dataset.layer("places")) == places
    assert {"disputed-zone"} <= ids(story, "zone") and {"qarachok"} <= ids(story, "qarachok")


# --- invalid JSON, in the files test_loading.py does not break ---------------------------


def test_invalid_json_in_forces_costs_only_the_forces(data: Path) -> None:
    """A truncated forces.geojson is named with line and column; map, article and actors load."""
    text = (data / "forces.geojson").read_text(encoding="utf-8")
    (data / "forces.geojson").write_text(text[: len(text) // 2], encoding="utf-8")
    story = load_story(data)
    names(only(problems_about(story, "forces.geojson")), "invalid JSON at line", "column")
    assert_geography_intact(story)
    assert story.dataset.layer("forces").empty
    assert story.article is not None and len(story.actors) == 6
    assert story.passages_for("lheiban")


def test_invalid_json_in_actors_is_named(data: Path) -> None:
    """A broken actors.json is named; the geography and the article still load."""
    (data / "actors.json").write_text('{"actors": [', encoding="utf-8")
    story = load_story(data)
    names(only(problems_about(story, "actors.json")), "actors.json", "invalid JSON at line")
    assert_geography_intact(story)
    assert story.article is not None and story.passages_for("lheiban")


def test_invalid_json_in_manual_links_keeps_the_alias_links(data: Path) -> None:
    """A broken links_manual.json is named, and costs only the manual links: passages that
    name a place are still linked to it."""
    (data / "links_manual.json").write_text("{ nope", encoding="utf-8")
    story = load_story(data)
    names(
        only(problems_about(story, "links_manual.json")),
        "links_manual.json",
        "invalid JSON at line",
    )
    assert_geography_intact(story)
    # Lheiban is named in the text: alias links need no manual file.
    assert story.links is not None, "one broken file dropped every place-passage link"
    assert len(story.passages_for("lheiban")) >= 5


# --- structure -----------------------------------------------------------------------------


def test_features_not_a_list_names_the_field(data: Path) -> None:
    """A FeatureCollection whose `features` is not a list names the file and the field."""
    write(data, "qarachok.geojson", {"type": "FeatureCollection", "features": {"a": 1}})
    story = load_story(data)
    (problem,) = [p for p in story.problems if p.file == "qarachok.geojson"]
    assert problem.field == "features" and "not a list" in problem.message
    assert story.dataset.layer("qarachok").empty
    assert len(story.dataset.layer("places")) == N_PLACES


def test_an_entry_that_is_not_a_feature_is_named_by_position(data: Path) -> None:
    """A stray value among the features is named by its index; its neighbours load."""
    doc = read(data, "places.geojson")
    doc["features"].insert(3, ["not", "a", "feature"])
    write(data, "places.geojson", doc)
    story = load_story(data)
    names(only(problems_about(story, "places.geojson")), "places.geojson", "'#3'", "Feature")
    assert_geography_intact(story)


# --- coordinates -------------------------------------------------------------------------


def test_coordinates_out_of_range_skip_only_that_feature(data: Path) -> None:
    """A point at lat 95 (no such latitude) is named with its bounds; the rest load."""
    edit_feature(data, "places.geojson", "hawija", geometry={"type": "Point",
                 "coordinates": [120.0, 95.0]})  # fmt: skip
    story = load_story(data)
    message = only(problems_about(story, "places.geojson"))
    names(message, "places.geojson", "'hawija'", "'geometry'", "outside the map's region")
    assert "hawija" not in ids(story, "places")
    assert_geography_intact(story, places=N_PLACES - 1)


def test_swapped_line_is_detected(data: Path) -> None:
    """The ridge drawn [lat, lon] is named as swapped; the places and zone still load."""
    doc = read(data, "qarachok.geojson")
    geometry = doc["features"][0]["geometry"]
    geometry["coordinates"] = [[lat, lon] for lon, lat in geometry["coordinates"]]
    write(data, "qarachok.geojson", doc)
    story = load_story(data)
    message = only(problems_about(story, "qarachok.geojson"))
    names(message, "'qarachok'", "'geometry'", "look swapped")
    assert story.dataset.layer("qarachok").empty
    assert len(story.dataset.layer("places")) == N_PLACES and "disputed-zone" in ids(story, "zone")


def test_unclosed_ring_is_closed_with_a_warning(data: Path) -> None:
    """A zone ring whose last position is not its first is closed, and the warning says so."""
    doc = read(data, "zone.geojson")
    geometry = doc["features"][0]["geometry"]
    rings = geometry["coordinates"] if geometry["type"] == "Polygon" else geometry["coordinates"][0]
    rings[0].pop()  # drop the closing position
    write(data, "zone.geojson", doc)
    story = load_story(data)
    (problem,) = [p for p in story.problems if p.file == "zone.geojson"]
    assert problem.severity == "warning" and problem.feature_id == "disputed-zone"
    assert problem.field == "geometry" and "not closed" in problem.message
    zone = story.dataset.layer("zone")
    assert list(zone["id"]) == ["disputed-zone"] and zone.geometry.iloc[0].is_valid
    assert story.skipped_count == 0


def test_self_intersecting_force_area_is_repaired_with_a_warning(data: Path) -> None:
    """A bow-tie force area is repaired by make_valid, named, and still drawn for its actor."""
    edit_feature(data, "forces.geojson", "force-pmf-disputed-zone",
                 geometry={"type": "Polygon", "coordinates": BOWTIE})  # fmt: skip
    story = load_story(data)
    (problem,) = problems_about(story, "forces.geojson")
    names(problem, "'force-pmf-disputed-zone'", "'geometry'", "make_valid")
    assert story.skipped_count == 0
    forces = story.dataset.layer("forces")
    repaired = forces[forces["id"] == "force-pmf-disputed-zone"].geometry.iloc[0]
    assert repaired.is_valid and repaired.geom_type in ("Polygon", "MultiPolygon")


# --- ids -----------------------------------------------------------------------------------


def test_duplicate_id_in_one_file_keeps_the_first(data: Path) -> None:
    """Two features with one id in the same file: the second is named and skipped."""
    doc = read(data, "places.geojson")
    twin = json.loads(json.dumps(doc["features"][1]))  # debaga
    twin["properties"]["name"] = "Debaga again"
    doc["features"].append(twin)
    write(data, "places.geojson", doc)
    story = load_story(data)
    message = only(problems_about(story, "places.geojson"))
    names(message, "'debaga'", "'id'", "duplicate id (also in places.geojson)")
    places = story.dataset.layer("places")
    assert list(places[places["id"] == "debaga"]["name"]) == ["Debaga"]
    assert_geography_intact(story)


@pytest.mark.parametrize(
    "bad_id",
    ['<img src=x onerror="alert(1)">', "{{ 7*7 }}", "Lheiban Village", "x" * 300],
    ids=["markup", "template", "spaces", "overlong"],
)
def test_an_id_that_is_not_a_slug_is_rejected(data: Path, bad_id: str) -> None:
    """Ids go into URLs, widget keys and the map's scripts: a non-slug id is named, skipped."""
    edit_feature(data, "places.geojson", "kifri", id=bad_id)
    story = load_story(data)
    (problem,) = [p for p in story.problems if p.file == "places.geojson"]
    assert problem.field == "id" and "must be a slug" in problem.message
    assert problem.feature_id == bad_id[:80]
    assert bad_id not in ids(story, "places")
    assert_geography_intact(story, places=N_PLACES - 1)


def test_an_actor_id_that_is_not_a_slug_is_rejected(data: Path) -> None:
    """An actor id becomes a JS global name on the map: markup in it is refused, named."""
    doc = read(data, "actors.json")
    doc["actors"][5]["id"] = "x;alert(1)//"
    write(data, "actors.json", doc)
    story = load_story(data)
    message = only(problems_about(story, "actors.json"))
    names(message, "actors[5]", "'id'", "must be a slug")
    assert_geography_intact(story)


# --- links to passages and places that do not exist ---------------------------------------


def test_force_citing_a_missing_passage_is_skipped_and_named(data: Path) -> None:
    """A force feature citing a passage id the article lacks is named (id, `passages`)."""
    edit_feature(data, "forces.geojson", "force-jcc-baghdad", passages=["p22-4dc1", "p99-dead"])
    story = load_story(data)
    message = only(problems_about(story, "forces.geojson"))
    names(message, "'force-jcc-baghdad'", "'passages'", "'p99-dead'")
    forces = ids(story, "forces")
    assert "force-jcc-baghdad" not in forces and "force-jcc-erbil" in forces


def test_force_at_a_missing_place_is_skipped_and_named(data: Path) -> None:
    """`at_place` naming no place is named (id, `at_place`); other features load."""
    edit_feature(data, "forces.geojson", "force-iraqi-army-mosul", at_place="atlantis")
    story = load_story(data)
    message = only(problems_about(story, "forces.geojson"))
    names(message, "'force-iraqi-army-mosul'", "'at_place'", "'atlantis'")
    assert "force-iraqi-army-kirkuk" in ids(story, "forces")


def test_manual_link_to_a_missing_place_costs_only_that_entry(data: Path) -> None:
    """links_manual.json naming a place the map lacks: that entry is named (file, entry,
    field) and ignored; every other link, manual or by alias, still loads."""
    doc = read(data, "links_manual.json")
    doc["implicit"].append(
        {"passage_contains": "Lheiban", "place_id": "atlantis", "reason": "a stale entry"}
    )
    write(data, "links_manual.json", doc)
    story = load_story(data)
    message = only(problems_about(story, "links_manual.json"))
    names(message, "links_manual.json", "implicit[8]", "'atlantis'")
    assert "place_id" in message, "the problem should name the field"
    assert story.links is not None, "one stale entry dropped every place-passage link"
    assert len(story.passages_for("lheiban")) == len(load_story(DATA).passages_for("lheiban"))


def test_actor_rule_matching_no_passage_costs_only_that_rule(data: Path) -> None:
    """An actor's implicit rule whose snippet is in no passage (the article was edited) is
    named (file, actor, field) and the story still loads."""
    doc = read(data, "actors.json")
    doc["actors"][4]["implicit"][0]["passage_contains"] = "a sentence the article lacks"
    write(data, "actors.json", doc)
    story = load_story(data)  # must not raise
    message = only(problems_about(story, "actors.json"))
    names(message, "isis", "implicit[0]", "occurs in no passage")
    assert_geography_intact(story)
    assert len(story.actors) == 6 and story.actor_passages("peshmerga")


# --- required fields, unknown actors and layers ----------------------------------------------


def test_missing_certainty_on_a_province_skips_only_it(data: Path) -> None:
    """A province without `certainty` is named (file, id, field); the 17 others load."""
    edit_feature(data, "provinces.geojson", "prov-diyala", certainty=None)
    story = load_story(data)
    message = only(problems_about(story, "provinces.geojson"))
    names(message, "provinces.geojson", "'prov-diyala'", "'certainty'", "missing")
    assert len(story.dataset.layer("provinces")) == N_PROVINCES - 1
    assert "baqubah" in ids(story, "places")  # its towns stay


def test_missing_source_on_a_force_feature_skips_only_it(data: Path) -> None:
    """A force feature without `source` is named; the actor's other features stay."""
    edit_feature(data, "forces.geojson", "force-iraqi-army-makhmur", source=None)
    story = load_story(data)
    message = only(problems_about(story, "forces.geojson"))
    names(message, "'force-iraqi-army-makhmur'", "'source'")
    forces = ids(story, "forces")
    assert "force-iraqi-army-makhmur" not in forces and "force-iraqi-army-lheiban" in forces


def test_unknown_actor_is_named_and_skipped(data: Path) -> None:
    """A force feature for actor "martians" is named (file, id, `actor`); the rest load."""
    edit_feature(data, "forces.geojson", "force-isis-lheiban-attacks", actor="martians")
    story = load_story(data)
    message = only(problems_about(story, "forces.geojson"))
    names(message, "forces.geojson", "'force-isis-lheiban-attacks'", "'actor'", "'martians'")
    forces = ids(story, "forces")
    assert "force-isis-lheiban-attacks" not in forces and "force-isis-qarachok-descent" in forces
    assert [a.id for a in story.actors] == [
        "peshmerga", "iraqi-army", "jcc", "pmf", "isis", "coalition"
    ]  # fmt: skip


def test_unexpected_geojson_file_is_reported_not_read(data: Path) -> None:
    """A *.geojson the app does not read (say, a misspelt layer) is named with a warning:
    otherwise a renamed layer would vanish from the map without a word."""
    shutil.copy(data / "places.geojson", data / "place.geojson")
    dataset = load_dataset(data)
    (problem,) = dataset.problems
    assert problem.file == "place.geojson" and problem.severity == "warning"
    assert "not a layer this map reads" in problem.message and "places.geojson" in problem.message
    assert len(dataset.layer("places")) == N_PLACES


# --- the article -----------------------------------------------------------------------------


@pytest.mark.parametrize("content", ["", "  \n\t\n"], ids=["empty", "blank"])
def test_empty_article_is_named_and_the_map_stays(data: Path, content: str) -> None:
    """An empty article is named; geography, actors and context force features still load."""
    (data / "article.txt").write_text(content, encoding="utf-8")
    story = load_story(data)
    (problem,) = [p for p in story.problems if p.file == "article.txt"]
    names(str(problem), "article.txt", "is empty")
    assert story.article is None
    assert_geography_intact(story)
    assert len(story.actors) == 6
    # Context features rest on no passage: nothing about them depends on the article.
    assert {"force-iraqi-army-makhmur", "force-iraqi-army-mosul"} <= ids(story, "forces")


def test_missing_article_is_named_and_the_map_stays(data: Path) -> None:
    """A missing article file is named; the geography loads and places list no passage."""
    (data / "article.txt").unlink()
    story = load_story(data)
    (problem,) = [p for p in story.problems if p.file == "article.txt"]
    names(str(problem), "article.txt", "does not exist")
    assert_geography_intact(story)
    assert story.passages_for("lheiban") == []


def test_article_with_unterminated_attribute_keeps_its_text(data: Path) -> None:
    """An unterminated quote in an <a> would make the sanitiser drop the rest of the
    article; the text is read leniently instead, nothing is lost, and a warning says so."""
    text = (data / "article.txt").read_text(encoding="utf-8")
    cut = text.index("Iraq declared ISIS was defeated")
    (data / "article.txt").write_text(
        text[:cut] + '<a href="https://example.org/x title=oops>' + text[cut:], encoding="utf-8"
    )
    story = load_story(data)
    assert story.article is not None
    assert "Thankfully, this will continue in 2022" in story.article.text
    assert any("sanitiser would drop" in w for w in story.article.warnings)


# --- the app, on a folder with many faults ------------------------------------------------------


def break_many(folder: Path) -> list[str]:
    """Break one thing in each of several files; return text the problems panel must show."""
    (folder / "qarachok.geojson").write_text('{"type": "FeatureCollection", "features": [',
                                             encoding="utf-8")  # fmt: skip
    edit_feature(folder, "places.geojson", "hawija",
                 geometry={"type": "Point", "coordinates": [35.4, 44.1]})  # fmt: skip
    edit_feature(folder, "places.geojson", "kifri", id='<img src=x onerror="window.__pwned=1">')
    edit_feature(folder, "provinces.geojson", "prov-diyala", certainty=None)
    edit_feature(folder, "forces.geojson", "force-isis-lheiban-attacks", actor="martians")
    shutil.copy(folder / "zone.geojson", folder / "zones-old.geojson")
    return [
        "qarachok.geojson",
        "invalid JSON",
        "hawija",
        "look swapped",
        '<img src=x onerror="window.__pwned=1">',
        "must be a slug",
        "prov-diyala",
        "certainty",
        "force-isis-lheiban-attacks",
        "martians",
        "zones-old.geojson",
    ]


@pytest.fixture(scope="module")
def broken_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    folder = tmp_path_factory.mktemp("broken") / "data"
    shutil.copytree(DATA, folder, ignore=shutil.ignore_patterns("raw"))
    shown = break_many(folder)
    ARTIFACTS.mkdir(exist_ok=True)
    proc, url = start_app(data=folder)
    yield url, shown
    stop_app(proc)


@pytest.mark.e2e
def test_app_lists_the_problems_and_draws_the_rest(page: Page, broken_app) -> None:
    """On a broken folder the app opens a "Data problems" panel naming each fault, and the
    map still draws the valid features: Lheiban is there and clickable."""
    url, shown = broken_app
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    frame = page.frame_locator(MAP_IFRAME)
    expect(frame.locator("path.leaflet-interactive").first).to_be_attached(timeout=30_000)
    panel = page.get_by_test_id("stExpander").filter(has_text="Data problems")
    expect(panel).to_contain_text("skipped")
    for text in shown:
        expect(panel).to_contain_text(text)
    # The open problems panel pushes the map down: bring it into view to click it.
    page.locator(MAP_IFRAME).scroll_into_view_if_needed()
    point = frame.locator("body").evaluate(POINT_OF_JS, "lheiban")
    assert point is not None, "Lheiban is not drawn"
    assert frame.locator("body").evaluate(POINT_OF_JS, "hawija") is None
    box = page.locator(MAP_IFRAME).bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    expect(page.locator("#dz-panel-title")).to_have_text("Lheiban", timeout=15_000)
    assert page.evaluate("() => window.__pwned || null") is None
    assert errors == []
    page.screenshot(path=str(ARTIFACTS / "broken-data.png"), full_page=True)


def test_problem_strings_name_file_feature_and_field() -> None:
    """The format every message above relies on."""
    p = Problem("places.geojson", "is missing or empty", feature_id="kifri", field="source")
    assert str(p) == "places.geojson, feature 'kifri', field 'source': is missing or empty"

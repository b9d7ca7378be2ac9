"""The page as Streamlit builds it (AppTest cannot see inside the map iframe)."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.story import load_story
from tests.conftest import DATA
from ui.tabs import TABS_KEY

APP = "../app.py"


def run_app(
    data: Path | None = None, args: tuple[str, ...] = (), tab: str | None = None, **query: str
) -> AppTest:
    """Run the app; ``tab`` opens one of the story's tabs (only the open one is run)."""
    argv = ["app.py", *(["--data", str(data)] if data else []), *args]
    saved = sys.argv
    sys.argv = argv
    try:
        at = AppTest.from_file(APP, default_timeout=60)
        for key, value in query.items():
            at.query_params[key] = value
        if tab is not None:
            at.session_state[TABS_KEY] = tab
        return at.run()
    finally:
        sys.argv = saved


def map_args(at: AppTest) -> dict:
    (element,) = [e for e in at.get("component_instance") if "st_folium" in e.proto.component_name]
    return json.loads(element.proto.json_args)


def plain(markdown: str) -> str:
    return markdown.replace("\\", "")


@pytest.fixture
def story_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("raw"))
    return target


def test_page_runs_and_sends_the_map() -> None:
    """The app runs without exceptions and sends a map script naming the zone and Lheiban."""
    at = run_app()
    assert not at.exception
    assert plain(at.title[0].value) == "Iraq's disputed zone: Lheiban, December 2021"
    script = map_args(at)["script"]
    assert "disputed-zone" in script and "lheiban" in script
    assert not [link for link in map_args(at)["js_links"] if link.startswith("http")]


def test_place_in_url_fills_the_side_panel() -> None:
    """?place=lheiban selects Lheiban: its panel lists its passages."""
    at = run_app(place="lheiban")
    assert at.session_state["selected"] == "lheiban"
    assert any("Once numbering 65 families" in m.value for m in at.markdown)


def test_passage_in_url_shows_it_and_moves_the_map_to_its_places() -> None:
    """?passage=ID shows that passage in the panel and frames its places on the map."""
    story = load_story(DATA)
    target = next(p for p in story.article.passages if "moved his family to Debaga" in p.text)
    at = run_app(passage=target.id)
    assert at.session_state["passage"] == target.id
    assert any(s.value.startswith("Passage ") for s in at.subheader)
    view = at.session_state["view"]
    half_width_deg = 360 * 600 / (256 * 2**view.zoom) / 2  # the framed map is 600 px wide
    assert abs(view.lon - 43.79) < half_width_deg and abs(view.lat - 35.865) < half_width_deg
    assert map_args(at)["zoom"] == view.zoom


def test_unknown_place_in_url_is_ignored_with_a_notice() -> None:
    """An unknown ?place= is named in a notice and nothing is selected."""
    at = run_app(place="<script>x</script>")
    assert at.session_state["selected"] is None
    assert any("which this map does not have" in i.value for i in at.info)


def test_events_are_for_the_benchmark_only() -> None:
    """?events= is ignored (with a notice) unless the app runs with --bench."""
    at = run_app(events="1000")
    assert at.session_state["events"] == 0
    assert any("for the benchmark only" in i.value for i in at.info)
    assert run_app(args=("--bench",), events="1000").session_state["events"] == 1000


def markdown_tables(at: AppTest) -> list[list[list[str]]]:
    """The page's markdown tables, each as rows of cells (the header first), unescaped."""
    out = []
    for m in at.markdown:
        lines = m.value.splitlines()
        if len(lines) > 1 and lines[0].startswith("| ") and set(lines[1]) <= set("|-:"):
            out.append(
                [[plain(c).strip() for c in re.split(r"(?<!\\)\|", ln)[1:-1]]
                 for ln in [lines[0], *lines[2:]]]
            )  # fmt: skip
    return out


def test_measurements_tab_states_numbers_with_methods() -> None:
    """The measurements tab gives the zone's area per province and the method of each number,
    in static tables (no data grid: its JavaScript is not loaded for the page)."""
    at = run_app(tab="Measurements")
    assert not at.dataframe and not at.table
    tables = markdown_tables(at)
    (areas,) = [t for t in tables if t[0] == ["Province", "Area (km²)", "Share of zone (%)"]]
    by_province = {row[0]: row[1:] for row in areas[1:]}
    assert set(by_province) >= {"Nineveh", "Kirkuk", "Salaheddin", "Diyala", "Whole zone"}
    assert by_province["Whole zone"][1] == "100.0"
    (measures,) = [t for t in tables if t[0] == ["Measure", "Value", "Method"]]
    rows = {row[0]: row[1:] for row in measures[1:]}
    value, method = rows["Zone's widest point"]
    assert value.startswith(("39.", "40.")) and "UTM 38N" in method
    assert "Lheiban" in rows["Places inside the zone"][0]
    assert "Debaga" not in rows["Places inside the zone"][0]
    assert "Lheiban to Debaga" in rows


def test_places_table_mirrors_the_map_and_a_choice_opens_the_place() -> None:
    """The places tab: a static table of the map's places, most-discussed first, and a
    choice of place that opens its panel and empties again."""
    at = run_app(tab="Places table")
    (table,) = [t for t in markdown_tables(at) if t[0][0] == "Name" and "Passages" in t[0]]
    names = [row[0] for row in table[1:]]
    assert table[1] == ["Lheiban", "village", "Kirkuk", "approximate", "9"]
    assert {"Debaga", "Makhmur"} <= set(names)
    choice = at.selectbox(key="places_choice")
    assert choice.value is None and "Lheiban (village, Kirkuk): 9 passages" in choice.options
    at = choice.select("lheiban").run()
    assert at.session_state["selected"] == "lheiban"
    assert at.query_params["place"] == "lheiban"
    assert at.selectbox(key="places_choice").value is None


def test_names_the_map_lacks_are_reported_not_dropped() -> None:
    """The article tab lists place names the text uses but the map does not draw."""
    at = run_app()
    notes = [c.value for c in at.caption if "not drawn on the map" in c.value]
    assert notes and "Iraq \\(4 passages\\)" in notes[0] and "Iran" in notes[0]


def test_another_story_folder_needs_no_code_change(story_copy: Path) -> None:
    """A folder with its own story.json: its title, default layers and opening view apply."""
    doc = json.loads((story_copy / "story.json").read_text(encoding="utf-8"))
    doc.update(title="Another story", default_layers=["pmf"], opening_view="zone")
    (story_copy / "story.json").write_text(json.dumps(doc), encoding="utf-8")
    at = run_app(data=story_copy)
    assert not at.exception
    assert plain(at.title[0].value) == "Another story"
    assert at.session_state["layers"] == ("pmf",)
    assert '"initial": ["pmf"]' in map_args(at)["script"]  # the map's own default


def test_broken_story_file_is_named_and_the_page_still_draws(story_copy: Path) -> None:
    """Invalid JSON in story.json is listed as a problem; the map and article still draw."""
    (story_copy / "story.json").write_text("{ not json", encoding="utf-8")
    at = run_app(data=story_copy)
    assert not at.exception
    problems = " ".join(e.label for e in at.expander if e.label.startswith("Data problems"))
    assert "Data problems: 1" in problems
    assert any("story.json" in plain(m.value) and "invalid JSON" in m.value for m in at.markdown)
    assert "disputed-zone" in map_args(at)["script"]


def test_about_tab_offers_the_published_edition_as_a_zip() -> None:
    """The About tab offers the published edition and the GeoJSON layers as downloads."""
    at = run_app(tab="About and download")
    labels = [b.proto.label for b in at.get("download_button")]
    assert any("published edition" in label for label in labels), labels
    assert any("GeoJSON" in label for label in labels), labels


def test_event_in_url_shows_it_and_sets_the_day() -> None:
    """?event=joint-move-into-lheiban shows the event with its passage; the day is 7 Dec 2021
    and Lheiban is framed."""
    at = run_app(event="joint-move-into-lheiban")
    assert not at.exception
    assert at.session_state["event"] == "joint-move-into-lheiban"
    assert at.session_state["asof"].isoformat() == "2021-12-07"
    assert any("move into Lheiban" in plain(s.value) for s in at.subheader)
    view = at.session_state["view"]
    assert abs(view.lat - 35.66) < 0.05 and abs(view.lon - 43.84) < 0.05


def test_asof_in_url_sets_the_day_and_a_bad_one_gets_a_notice() -> None:
    """?asof=2016-05-01 sets the map's day; ?asof=2099-01-01 is named and ignored."""
    at = run_app(asof="2016-05-01")
    assert at.session_state["asof"].isoformat() == "2016-05-01"
    at = run_app(asof="2099-01-01")
    assert at.session_state["asof"].isoformat() == "2021-12-17"  # the article's date
    assert any("is not a day YYYY-MM-DD" in plain(i.value) for i in at.info)


def test_a_selected_place_offers_its_printable_brief() -> None:
    """With Lheiban selected, the panel offers "Printable brief: Lheiban"; with nothing
    selected, the story's brief."""
    labels = [plain(b.proto.label) for b in run_app(place="lheiban").get("download_button")]
    assert "Printable brief: Lheiban" in labels
    labels = [plain(b.proto.label) for b in run_app().get("download_button")]
    assert "Printable brief: the story" in labels


def test_measurements_give_the_area_gained_in_2014_and_lost_in_2017() -> None:
    """The measurements tab has, per province, the km² gained in 2014 and lost in October
    2017 (UTM 38N): Kirkuk's gain is thousands of km², and it is lost again."""
    tables = markdown_tables(run_app(tab="Measurements"))
    (changes,) = [t for t in tables if t[0][:2] == ["Province", "From"]]
    kirkuk = [r for r in changes[1:] if r[0] == "Kirkuk"]
    gained = {r[2]: r[3] for r in kirkuk}
    lost = {r[2]: r[4] for r in kirkuk}
    assert int(gained["control-krg-2014"].replace(",", "")) > 5000
    assert int(lost["control-krg-2017"].replace(",", "")) > 5000


def article(at: AppTest) -> dict | None:
    """What the article tab's component was given (ui/article.py), or None if not shown."""
    shown = [e for e in at.get("bidi_component") if e.proto.component_name == "dz_article"]
    return json.loads(shown[0].proto.json) if shown else None


def passages_shown(at: AppTest) -> int:
    """The article tab's passages on the page."""
    data = article(at)
    return len(data["passages"]) if data else 0


def test_the_article_component_gets_each_passage_its_chips_and_the_selection() -> None:
    """Every passage in order with its sanitised HTML and chips; the selected place and the
    chosen passage go with them (the component draws the pressed chip and the border)."""
    story = load_story(DATA)
    target = next(p for p in story.article.passages if "moved his family to Debaga" in p.text)
    data = article(run_app(place="debaga"))
    assert [p["id"] for p in data["passages"]] == [p.id for p in story.article.passages]
    assert [p["n"] for p in data["passages"]] == list(range(1, len(story.article.passages) + 1))
    shown = next(p for p in data["passages"] if p["id"] == target.id)
    assert shown["html"] == target.html
    assert {
        "id": "debaga",
        "name": "Debaga",
        "help": "Show Debaga on the map and its passages",
    } in shown["chips"]
    assert data["selected"] == "debaga" and data["chosen"] is None
    assert article(run_app(passage=target.id))["chosen"] == target.id


def test_only_the_open_tab_is_run() -> None:
    """The page opens on the article; the other tabs are run only when a reader opens one."""
    first = run_app()
    assert passages_shown(first) == len(load_story(DATA).article.passages)
    assert not [t for t in markdown_tables(first) if t[0][0] == "Province"]
    measures = run_app(tab="Measurements")
    assert [t for t in markdown_tables(measures) if t[0][0] == "Province"]
    assert passages_shown(measures) == 0

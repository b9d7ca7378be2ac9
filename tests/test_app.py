"""The page as Streamlit builds it (AppTest cannot see inside the map iframe)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from streamlit.testing.v1 import AppTest

from geo.reader import reader_model
from geo.story import load_story
from tests.conftest import DATA, ROOT
from ui import cache, session
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


def test_page_runs_and_sends_the_map() -> None:
    """The app runs without exceptions and sends a map script naming the zone and Lheiban."""
    at = run_app()
    assert not at.exception
    assert plain(at.title[0].value) == "Iraq's disputed zone: Lheiban, December 2021"
    script = map_args(at)["script"]
    assert "disputed-zone" in script and "lheiban" in script
    assert not [link for link in map_args(at)["js_links"] if link.startswith("http")]


def reader_data(at: AppTest) -> dict:
    """What the reader's component was given (ui/reader.py)."""
    (shown,) = [e for e in at.get("bidi_component") if e.proto.component_name == "dz_reader"]
    return json.loads(shown.proto.json)


def test_the_reader_is_given_its_model_and_the_map_returns_nothing() -> None:
    """The reader's component gets the address of its model, a file the app serves that
    holds the story's reader model; the report component is on the page; the map returns
    nothing to Python (no rerun from it)."""
    at = run_app()
    data = reader_data(at)
    assert data["command"] is None and data["model"].startswith("app/static/reader/model-")
    served = ROOT / "static" / data["model"].removeprefix("app/static/")
    assert json.loads(served.read_text(encoding="utf-8")) == reader_model(load_story(DATA))
    assert [e.proto.component_name for e in at.get("bidi_component")] == ["dz_report", "dz_reader"]
    assert map_args(at)["returned_objects"] == []


def test_the_reader_s_report_is_checked_and_kept_for_the_brief(monkeypatch) -> None:
    """What the reader tells the app is checked against the story (the browser may send
    anything) and kept in the session's record; the brief's button holds the brief of the
    place told (drawn with the file: never a file made on the click, which Streamlit may
    delete before the browser asks for it)."""
    story = load_story(DATA)
    told = session.reported(
        story,
        {"place": "lheiban", "passage": "nope", "event": "iraqi-army-collapse",
         "day": "2014-06-30", "layers": ["pmf", "martians", 3]},
    )  # fmt: skip
    assert told == {"place": "lheiban", "passage": None, "event": "iraqi-army-collapse",
                    "day": "2014-06-30", "layers": ("pmf",)}  # fmt: skip
    for hostile in (None, 42, "x", [], {"place": ["lheiban"]}, {"place": "z" * 10_000},
                    {"day": "2014-06-30'); alert(1)"}, {"layers": "pmf"}):  # fmt: skip
        got = session.reported(story, hostile)
        assert set(got.values()) == {None}, (hostile, got)
    made = []
    monkeypatch.setattr(cache, "brief", lambda data_dir, place, layers: made.append(
        (place, layers)) or b"%PDF-")  # fmt: skip
    at = run_app()
    (button,) = [b for b in at.get("download_button") if b.proto.label.startswith("Printable")]
    assert plain(button.proto.label) == "Printable brief of the place chosen"
    assert not button.proto.deferred_file_id and button.proto.url  # the file, drawn with it
    assert made == [(None, None)]  # the story's brief before any report
    at.session_state[session.TOLD] = {**told, "n": 1}  # as the report's callback keeps it
    at.run()
    assert made[-1] == ("lheiban", ("pmf",))
    (button,) = [b for b in at.get("download_button") if b.proto.label.startswith("Printable")]
    assert button.proto.url


def test_events_are_for_the_benchmark_only() -> None:
    """?events= is ignored (with a notice) unless the app runs with --bench."""
    at = run_app(events="1000")
    assert at.session_state[session.SYNTHETIC_COUNT] == 0
    assert any("for the benchmark only" in i.value for i in at.info)
    assert run_app(args=("--bench",), events="1000").session_state[session.SYNTHETIC_COUNT] == 1000


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
    assert reader_data(at)["command"] == {"n": 1, "place": "lheiban"}  # the reader chooses
    assert at.selectbox(key="places_choice").value is None
    at = at.selectbox(key="places_choice").select("lheiban").run()
    assert reader_data(at)["command"] == {"n": 2, "place": "lheiban"}  # again, a new number


def test_another_story_folder_needs_no_code_change(story_copy: Path) -> None:
    """A folder with its own story.json: its title, default layers and opening view apply."""
    doc = json.loads((story_copy / "story.json").read_text(encoding="utf-8"))
    doc.update(title="Another story", default_layers=["pmf"], opening_view="zone")
    (story_copy / "story.json").write_text(json.dumps(doc), encoding="utf-8")
    at = run_app(data=story_copy)
    assert not at.exception
    assert plain(at.title[0].value) == "Another story"
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


def test_the_timeline_tab_asks_the_reader_for_an_event() -> None:
    """Each event is a button in the Timeline tab (its date at its precision, its title); a
    click asks the reader to show it."""
    at = run_app(tab="Timeline")
    labels = [plain(b.label) for b in at.button]
    assert "June 2014 · The Iraqi army collapses" in labels
    assert "9–10 Jun 2014 · ISIS offensive: Mosul overrun" in labels
    at = at.button(key="timeline-iraqi-army-collapse").click().run()
    assert reader_data(at)["command"] == {"n": 1, "event": "iraqi-army-collapse"}


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


def test_only_the_open_tab_is_run() -> None:
    """The page opens on the timeline; the other tabs are run only when a reader opens one."""
    first = run_app()
    assert any(b.key == "timeline-iraqi-army-collapse" for b in first.button)
    assert not [t for t in markdown_tables(first) if t[0][0] == "Province"]
    measures = run_app(tab="Measurements")
    assert [t for t in markdown_tables(measures) if t[0][0] == "Province"]
    assert not any(b.key == "timeline-iraqi-army-collapse" for b in measures.button)

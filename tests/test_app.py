"""The page as Streamlit builds it (AppTest cannot see inside the map iframe)."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

APP = "../app.py"


def run_app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def map_args(at: AppTest) -> dict:
    (element,) = [e for e in at.get("component_instance") if "st_folium" in e.proto.component_name]
    return json.loads(element.proto.json_args)


def test_page_runs_and_sends_the_map() -> None:
    """The app runs without exceptions and sends a map script naming the zone and Lheiban."""
    at = run_app()
    assert not at.exception
    assert at.title[0].value.startswith("Iraq's disputed zone")
    script = map_args(at)["script"]
    assert "disputed-zone" in script and "lheiban" in script
    assert not [link for link in map_args(at)["js_links"] if link.startswith("http")]


def test_place_in_url_fills_the_side_panel() -> None:
    """?place=lheiban selects Lheiban: its panel lists its passages."""
    at = run_app(place="lheiban")
    assert at.session_state["selected"] == "lheiban"
    assert any("Once numbering 65 families" in m.value for m in at.markdown)


def test_unknown_place_in_url_is_ignored_with_a_notice() -> None:
    """An unknown ?place= is named in a notice and nothing is selected."""
    at = run_app(place="<script>x</script>")
    assert at.session_state["selected"] is None
    assert any("which this map does not have" in i.value for i in at.info)


def test_measurements_tab_states_numbers_with_methods() -> None:
    """The measurements tab gives the zone's area per province and the method of each number."""
    at = run_app()
    frames = [d.value for d in at.dataframe]
    (areas,) = [f for f in frames if "Area (km²)" in f.columns]
    assert set(areas["Province"]) >= {"Nineveh", "Kirkuk", "Salaheddin", "Diyala", "Whole zone"}
    measures = at.table[0].value
    widest = measures.loc["Zone's widest point"]
    assert widest["Value"].startswith(("39.", "40.")) and "UTM 38N" in widest["Method"]
    inside = measures.loc["Places inside the zone"]
    assert "Lheiban" in inside["Value"] and "Debaga" not in inside["Value"]


def test_names_the_map_lacks_are_reported_not_dropped() -> None:
    """The article tab lists place names the text uses but the map does not draw."""
    at = run_app()
    notes = [c.value for c in at.caption if "not drawn on the map" in c.value]
    assert notes and "Iraq \\(4 passages\\)" in notes[0] and "Iran" in notes[0]

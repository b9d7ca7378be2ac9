"""The map as it was on a day, in Python: the days each feature carries to the browser,
the day checks, the map's time script, the areas of
control (tooltips, simplified edges, escaping), the districts, and the lighter governorates.
The browser side is in tests/map_browser/test_map_on_a_day.py and the reader's tests."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date, timedelta

import folium
import pytest
import shapely

import geo.map as geomap
from geo.isodates import is_valid_on
from geo.map.areas_of_control import (
    EDGE_DECIMALS,
    control_collection,
    control_group,
    control_tip,
    period_text,
    short_date,
)
from geo.map.districts import district_collection, district_label, district_tip
from geo.map.features import client_collection, day_spans
from geo.map.shapes import coverage_shapes
from geo.map.time import TimeScript, actor_spans, check_day, day_text
from geo.story import Story

HOSTILE = "<img src=x onerror=alert(1)>${x}`{{ 7*7 }}"


def shown(props: dict, day: str) -> bool:
    """What static/time.js decides: from <= day <= to, as strings."""
    return (not props.get("from") or props["from"] <= day) and (
        not props.get("to") or props["to"] >= day
    )


# --- days ---


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "expected"),
    [
        ("2021-12", None, {"from": "2021-12-01"}),
        ("2021", "2022", {"from": "2021-01-01", "to": "2022-12-31"}),
        ("2003-03-19", "2014-06-11", {"from": "2003-03-19", "to": "2014-06-11"}),
        ("2014-02", "2014-02", {"from": "2014-02-01", "to": "2014-02-28"}),
        ("2009/2014", None, {"from": "2009-01-01"}),
        (None, "2017-10", {"to": "2017-10-31"}),
        (float("nan"), None, {}),
        ("not a date", "2021-13", {}),
    ],
)
def test_day_spans_cover_each_date_at_its_precision(valid_from, valid_to, expected) -> None:
    assert day_spans({"valid_from": valid_from, "valid_to": valid_to}) == expected


def test_string_comparison_of_days_agrees_with_is_valid_on(story: Story) -> None:
    """Every dated feature (forces, control) on every day from 2003 to 2023, sampled
    weekly and at each feature's own ends: time.js's test and geo.events agree."""
    frames = [story.dataset.layer("forces"), story.dataset.layer("control")]
    days = {date(2003, 1, 1) + timedelta(days=7 * i) for i in range(1100)}
    for frame in frames:
        for _, row in frame.iterrows():
            props = row.drop(labels="geometry").to_dict()
            spans = day_spans(props)
            for end in spans.values():
                d = date.fromisoformat(end)
                days |= {d - timedelta(days=1), d, d + timedelta(days=1)}
            for d in days:
                day = d.isoformat()
                assert shown(spans, day) == is_valid_on(props, day), (props["id"], day)


def test_force_features_carry_their_days_to_the_browser(story: Story) -> None:
    layers = geomap.force_layers(story.dataset, story.actors)
    by_id = {}
    for layer in layers:
        for part in (layer.areas, layer.lines, layer.circles, *layer.points.values()):
            for f in part["features"] if part else []:
                by_id.setdefault(f["properties"]["id"], []).append(f["properties"])
    assert {p["from"] for p in by_id["force-peshmerga-lheiban"]} == {"2021-12-07"}
    attacks = by_id["force-isis-lheiban-attacks"]  # a point and its uncertainty circle
    assert len(attacks) == 2
    assert all((p["from"], p["to"]) == ("2021-12-01", "2021-12-07") for p in attacks)
    assert all("to" not in p for p in by_id["force-jcc-erbil"])


def test_undated_layers_carry_no_days(story: Story) -> None:
    for name in ("provinces", "zone", "places", "districts"):
        for f in client_collection(story.dataset.layer(name), {})["features"]:
            assert "from" not in f["properties"] and "to" not in f["properties"]


@pytest.mark.parametrize("day", ["2021-12-17", "2003-03-19", "2024-02-29", None])
def test_check_day_takes_days_and_none(day) -> None:
    assert check_day(day) == day


@pytest.mark.parametrize(
    "bad", ["2021-12", "2021-02-30", "17/12/2021", "2021-12-17T00:00", '");alert(1);("', 20211217]
)
def test_check_day_refuses_anything_else(bad) -> None:
    with pytest.raises(ValueError):
        check_day(bad)


def test_day_text_names_the_day() -> None:
    assert day_text("2021-12-17") == "17 December 2021"
    assert day_text("2014-06-01") == "1 June 2014"


# --- script fragments ---


def test_build_map_passes_the_day_and_every_dated_group(story: Story) -> None:
    m = geomap.build_map(story.dataset, actors=story.actors, story=story.config, as_of="2021-12-17")
    (time,) = [c for c in m._children.values() if isinstance(c, TimeScript)]
    assert time.options["day"] == "2021-12-17"
    names = [g.layer_name for g in time.groups]
    assert names == [f"force-{a.id}" for a in story.actors] + ["dz-control"]
    html = m.get_root().render()
    assert "window.dzTime = api;" in html
    badge = time.options["html"]
    assert 'class="dz-time"' in badge and 'aria-label="Date shown on the map"' in badge
    assert "dz-time-text" in html  # as JSON, its < and > escaped by |tojson
    spans = time.options["spans"]
    assert spans["peshmerga"] == [["2021-12-01", ""], ["2021-12-07", ""]]
    layers = geomap.force_layers(story.dataset, story.actors)
    assert {k: len(v) for k, v in actor_spans(layers).items()} == {
        layer.actor.id: layer.count for layer in layers
    }


def test_build_map_without_a_day_filters_nothing(story: Story) -> None:
    m = geomap.build_map(story.dataset, actors=story.actors, story=story.config)
    (time,) = [c for c in m._children.values() if isinstance(c, TimeScript)]
    assert time.options["day"] is None


def test_build_map_refuses_a_bad_day(story: Story) -> None:
    with pytest.raises(ValueError):
        geomap.build_map(story.dataset, story=story.config, as_of="December 2021")


def test_the_day_reaches_the_page_only_as_json(story: Story) -> None:
    m = geomap.build_map(story.dataset, story=story.config, as_of="2014-06-30")
    html = m.get_root().render()
    assert re.search(r'\{"day": "2014-06-30", "html": ', html)


# --- areas of control ---


def test_control_tips_say_the_period_and_how_sure() -> None:
    props = {
        "valid_from": "2003-03-19",
        "valid_to": "2014-06-11",
        "certainty": "schematic",
        "uncertainty_km": 15,
    }
    assert control_tip(props) == "KRG-held area, 19 Mar 2003 – 11 Jun 2014 (schematic, ±15 km)"
    assert (
        control_tip({**props, "valid_from": "2017-10-27", "valid_to": None})
        == "KRG-held area, from 27 Oct 2017 (schematic, ±15 km)"
    )
    assert short_date("2014-06") == "Jun 2014" and short_date("2014") == "2014"
    assert period_text({"valid_to": "2017"}) == "until 2017"


def test_control_edges_carry_id_tip_name_days_and_band(story: Story) -> None:
    control = story.dataset.layer("control")
    edges = control_collection(control)
    props = {f["properties"]["id"]: f["properties"] for f in edges["features"]}
    assert set(props) == {"control-krg-2003", "control-krg-2014", "control-krg-2017"}
    p = props["control-krg-2003"]
    assert p["tip"] == "KRG-held area, 19 Mar 2003 – 11 Jun 2014 (schematic, ±15 km)"
    assert (p["from"], p["to"], p["km"]) == ("2003-03-19", "2014-06-11", 15.0)
    assert "to" not in props["control-krg-2017"]
    assert p["label"].startswith("KRG-held area, 19 Mar 2003")
    # On any day at most one area is valid; none from 16 to 26 October 2017.
    for day in ("2003-03-19", "2014-06-11", "2014-06-12", "2017-10-15", "2021-12-17"):
        assert len([i for i, q in props.items() if shown(q, day)]) == 1, day
    for day in ("2017-10-16", "2017-10-20", "2017-10-26", "2002-12-31"):
        assert not [i for i, q in props.items() if shown(q, day)], day


def test_control_edges_are_light_and_close_to_the_data(story: Story) -> None:
    control = story.dataset.layer("control")
    edges = control_collection(control)
    assert len(json.dumps(edges)) < 20_000
    for feature, (_, row) in zip(edges["features"], control.iterrows(), strict=True):
        simple = shapely.geometry.shape(feature["geometry"])
        assert simple.is_valid
        # Within 2 km of the data everywhere (about 0.02 degrees here).
        assert simple.hausdorff_distance(row.geometry) < 0.02
        coords = shapely.get_coordinates(simple).ravel()
        assert all(round(c, EDGE_DECIMALS) == c for c in coords)


def test_control_texts_are_escaped(story: Story) -> None:
    control = story.dataset.layer("control").copy()
    control["certainty"] = HOSTILE
    for f in control_collection(control)["features"]:
        for key in ("tip", "label"):
            text = f["properties"][key]
            assert "<img" not in text and "${" not in text and "{{" not in text


def test_control_group_is_an_edge_layer_and_its_band_script(story: Story) -> None:
    group = control_group(story.dataset.layer("control"))
    m = folium.Map(tiles=None)
    group.add_to(m)
    html = m.get_root().render()
    assert '"pane": "dz-control"' in html
    assert "item.band.setStyle({weight: 2 * item.km * 1000 / metresPerPixel});" in html
    assert control_group(story.dataset.layer("control").iloc[0:0]) is None


# --- districts ---


def test_districts_are_named_sourced_and_escaped(story: Story) -> None:
    districts = story.dataset.layer("districts")
    features = district_collection(districts)["features"]
    assert len(features) == 15
    sinjar = next(f["properties"] for f in features if f["properties"]["id"] == "district-sinjar")
    assert sinjar["name"] == "Sinjar district"
    assert sinjar["tip"].startswith("Sinjar district · disputed district (UNAMI 2009)")
    assert "source: UNAMI press release, 22 Apr 2009" in sinjar["tip"]
    hostile = districts.copy()
    hostile["name"] = HOSTILE
    hostile["source"] = HOSTILE
    for f in district_collection(hostile)["features"]:
        for key in ("tip", "label", "name"):
            text = f["properties"][key]
            assert "<img" not in text and "${" not in text and "{{" not in text
    assert district_label({"name": "Sinjar"}) == "Sinjar district"
    assert "source" not in district_tip({"name": "X"})


def test_base_map_has_the_districts_switch_off_by_default(story: Story) -> None:
    m = geomap.build_map(story.dataset, actors=story.actors, story=story.config)
    html = m.get_root().render()
    assert 'data-layer=\\"districts\\" aria-label=\\"Disputed districts (UNAMI 2009), 15' in html
    assert 'aria-checked=\\"false\\" class=\\"dz-layer-switch\\" data-layer=\\"districts' in html


def test_hostile_actor_names_stay_escaped_next_to_the_time_script(story: Story) -> None:
    actors = [replace(a, name=HOSTILE) for a in story.actors]
    m = geomap.build_map(story.dataset, actors=actors, story=story.config, as_of="2021-12-17")
    html = m.get_root().render()
    assert "<img src=x" not in html and "${x}" not in html


# --- governorates ---


def test_governorates_are_lighter_and_still_tile(story: Story) -> None:
    provinces = story.dataset.layer("provinces")
    simple = coverage_shapes(provinces)
    assert bool(shapely.coverage_is_valid(simple.values))
    before = shapely.get_num_coordinates(provinces.geometry.values).sum()
    after = shapely.get_num_coordinates(simple.values).sum()
    assert after < 0.7 * before
    for original, lighter in zip(provinces.geometry, simple, strict=True):
        assert lighter.hausdorff_distance(original) < 0.03  # about 3 km

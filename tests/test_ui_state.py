"""The permalink, read and written as plain values (ui/state.py)."""

from __future__ import annotations

import pytest

from ui.state import View, fit_view, layers_param, parse_url, parse_view

PLACES = frozenset({"lheiban", "debaga"})
PASSAGES = frozenset({"p01-aaaa", "p02-bbbb"})
ACTORS = ("peshmerga", "iraqi-army", "jcc", "isis")


def _parse(params: dict[str, str], **options):
    return parse_url(params, place_ids=PLACES, passage_ids=PASSAGES, actor_ids=ACTORS, **options)


def read(**params: str):
    return _parse(params, default_layers=("peshmerga", "isis"))


def test_empty_link_gives_the_story_defaults() -> None:
    """No parameters: nothing selected, the story's default layers, no view, no notice."""
    s = read()
    assert (s.place, s.passage, s.view, s.notices) == (None, None, None, ())
    assert s.layers == ("peshmerga", "isis")
    assert s.params == {}


def test_whole_view_is_read_back() -> None:
    """place, passage, layers and view all come back as given."""
    s = read(place="lheiban", passage="p02-bbbb", layers="isis,jcc", view="35.66,43.84,11")
    assert s.place == "lheiban" and s.passage == "p02-bbbb"
    assert s.layers == ("jcc", "isis")  # in the story's order
    assert s.view == View(35.66, 43.84, 11)
    assert s.notices == ()
    assert s.params == {
        "place": "lheiban",
        "passage": "p02-bbbb",
        "layers": "jcc,isis",
        "view": "35.6600,43.8400,11",
    }


def test_unknown_place_is_dropped_with_a_notice() -> None:
    """A place the story lacks is named in a notice and not kept in the URL."""
    s = read(place="<script>atlantis</script>")
    assert s.place is None and "place" not in s.params
    assert "which this map does not have" in s.notices[0] and "atlantis" in s.notices[0]


def test_unknown_passage_is_dropped_with_a_notice() -> None:
    """A passage the article lacks is named in a notice."""
    s = read(passage="p99")
    assert s.passage is None and "which the article does not have" in s.notices[0]


def test_unknown_layers_are_named_and_known_ones_kept() -> None:
    """?layers=isis,martians keeps ISIS and names the martians."""
    s = read(layers="isis,martians")
    assert s.layers == ("isis",)
    assert "'martians'" in s.notices[0]
    assert s.params["layers"] == "isis"


def test_empty_layers_means_all_off() -> None:
    """?layers= (empty) switches every layer off, without a notice."""
    s = read(layers="")
    assert s.layers == () and s.notices == ()


def test_overlong_layers_value_is_cut_with_a_notice() -> None:
    """A layers value past 200 characters is cut and reported."""
    s = read(layers="isis," + "x" * 400)
    assert s.layers == ("isis",) and s.notices


@pytest.mark.parametrize(
    "value",
    ["35.66,43.84", "a,b,c", "nan,43.84,11", "35.66,43.84,11.5", "35.66,43.84,30", "0,0,8",
     "43.84,35.66,11", "35.66,43.84,11,2", "inf,43,9", ""],
)  # fmt: skip
def test_bad_view_is_ignored_with_a_notice(value: str) -> None:
    """A view that is not LAT,LON,ZOOM inside the region and zoom range is ignored."""
    s = read(view=value)
    assert s.view is None and "view" not in s.params
    assert "is not LAT,LON,ZOOM" in s.notices[0]


def test_parse_view_rounds_and_accepts_integral_float_zoom() -> None:
    """'35.123456789,43.9,10.0' → View(35.12346, 43.9, 10)."""
    assert parse_view("35.123456789,43.9,10.0") == View(35.12346, 43.9, 10)


def test_view_param_round_trips() -> None:
    """A view written to the URL reads back as the same view."""
    v = View(35.66, 43.84, 11)
    assert parse_view(v.param()) == v


def test_layers_param_joins_with_commas() -> None:
    """Layers are written comma-separated, in the order given."""
    assert layers_param(["jcc", "isis"]) == "jcc,isis"


def test_fit_view_frames_the_focus_box_at_zoom_ten() -> None:
    """A 63 km box fits a 600x500 map at zoom 9 or 10, centred on the box."""
    v = fit_view((43.40, 35.47, 44.10, 36.02), (600, 500), max_zoom=18)
    assert v.zoom in (9, 10)
    assert v.lat == pytest.approx(35.745) and v.lon == pytest.approx(43.75)


def test_fit_view_caps_the_zoom_for_a_point() -> None:
    """A single point (zero-size box) is framed at the cap, not at zoom 18."""
    assert fit_view((43.84, 35.66, 43.84, 35.66), max_zoom=11).zoom == 11


def test_fit_view_of_a_wide_box_zooms_out() -> None:
    """Baghdad to Erbil (300 km) needs a lower zoom than the focus box."""
    wide = fit_view((44.0, 33.3, 44.4, 36.2), (600, 500))
    assert wide.zoom <= 7


def read_time(**params: str):
    from datetime import date

    return _parse(
        params,
        default_layers=None,
        event_ids=frozenset({"joint-move-into-lheiban"}),
        date_range=(date(2003, 1, 1), date(2022, 12, 31)),
    )


def test_event_and_date_are_read_back() -> None:
    """?event= and ?asof= come back as the event id and the day."""
    s = read_time(event="joint-move-into-lheiban", asof="2021-12-07")
    assert s.event == "joint-move-into-lheiban" and s.asof.isoformat() == "2021-12-07"
    assert s.params == {"event": "joint-move-into-lheiban", "asof": "2021-12-07"}
    assert s.notices == ()


@pytest.mark.parametrize("value", ["2021-13-01", "1990-01-01", "2021-12", "yesterday", "<b>"])
def test_bad_date_is_ignored_with_a_notice(value: str) -> None:
    """An as-of date that is not a day inside the story's range is named and ignored."""
    s = read_time(asof=value)
    assert s.asof is None and "asof" not in s.params
    assert "is not a day YYYY-MM-DD" in s.notices[0]


def test_unknown_event_is_ignored_with_a_notice() -> None:
    """An event the timeline lacks is named and ignored."""
    s = read_time(event="moon-landing")
    assert s.event is None and "which the timeline does not have" in s.notices[0]

"""geo.analysis's control changes: gains and losses of controlled area per province, on tiny
geometries worked out by hand and on the shipped areas."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from geo import analysis
from geo.loading import load_dataset
from tests.utm_shapes import frame, utm_box


def control_frame(*areas: tuple[str, str, shapely.Polygon]) -> gpd.GeoDataFrame:
    return frame([{"id": i, "valid_from": d, "geometry": g} for i, d, g in areas])


def two_provinces() -> gpd.GeoDataFrame:
    return frame(
        [
            {"id": "west", "name": "West", "geometry": utm_box(0, 0, 10, 10)},
            {"id": "east", "name": "East", "geometry": utm_box(10, 0, 20, 10)},
        ]
    )


def test_control_changes_gain_then_loss_per_province() -> None:
    """West held; then West + half of East (+50 km2); then West only again (-50 km2)."""
    control = control_frame(
        ("after", "2017-10-27", utm_box(0, 0, 10, 10)),  # listed out of order on purpose
        ("before", "2003-03-19", utm_box(0, 0, 10, 10)),
        ("peak", "2014-06-12", utm_box(0, 0, 15, 10)),
    )
    rows = analysis.control_changes(control, two_provinces())
    summary = [(r.from_id, r.to_id, r.province_id, round(r.gained_km2), round(r.lost_km2))
               for r in rows]  # fmt: skip
    assert summary == [("before", "peak", "east", 50, 0), ("peak", "after", "east", 0, 50)]
    assert rows[0].name == "East"
    assert "UTM 38N" in rows[0].method


def test_control_changes_leave_out_edge_noise() -> None:
    """A change under min_km2 in a province is not reported."""
    control = control_frame(
        ("a", "2003", utm_box(0, 0, 10, 10)), ("b", "2014", utm_box(0, 0, 10.1, 10))
    )
    assert analysis.control_changes(control, two_provinces()) == ()
    (row,) = analysis.control_changes(control, two_provinces(), min_km2=0.5)
    assert row.province_id == "east" and round(row.gained_km2) == 1


def test_control_changes_need_ids_and_dates() -> None:
    """Control without valid_from is refused, naming the column."""
    control = frame([{"id": "a", "geometry": utm_box(0, 0, 1, 1)}])
    with pytest.raises(ValueError, match="valid_from"):
        analysis.control_changes(control, two_provinces())


def test_control_changes_on_the_shipped_areas(data_dir) -> None:
    """2014 gains and October 2017 losses are mostly Nineveh and Kirkuk (about 7,000 km2 of
    Kirkuk province, 70 % of it), with none in Sulaymaniyah."""
    dataset = load_dataset(data_dir)
    rows = analysis.control_changes(dataset.layer("control"), dataset.layer("provinces"))
    gained = {r.province_id: r.gained_km2 for r in rows if r.to_id == "control-krg-2014"}
    lost = {r.province_id: r.lost_km2 for r in rows if r.from_id == "control-krg-2014"}
    assert set(gained) >= {"prov-nineveh", "prov-kirkuk", "prov-diyala", "prov-salaheddin"}
    assert 6_500 < gained["prov-kirkuk"] < 7_900
    assert abs(lost["prov-kirkuk"] - gained["prov-kirkuk"]) < 5
    assert "prov-sulaymaniyah" not in gained
    assert max(gained, key=gained.get) == "prov-nineveh"

"""Measurements: the zone's area by province, its length and width, story distances.

Static markdown tables (``ui.tables.markdown_table``): no data grid or Arrow bundle to load.
"""

from __future__ import annotations

import streamlit as st

from geo.analysis import ControlChange, StoryMeasurements
from geo.safety import escape_markdown
from geo.story import Story
from ui.tables import markdown_table

AREA_COLUMNS = ("Province", "Area (km²)", "Share of zone (%)")
MEASURE_COLUMNS = ("Measure", "Value", "Method")


def tab(story: Story, m: StoryMeasurements, changes: tuple[ControlChange, ...] = ()) -> None:
    if m.uncertainty_note:
        st.caption(escape_markdown(m.uncertainty_note))
    if m.areas is not None:
        st.markdown(f"**The zone's area by province** ({escape_markdown(m.areas.method)})")
        areas = [(r.name, f"{r.area_km2:,.0f}", f"{r.pct_of_zone:.1f}") for r in m.areas.rows]
        areas.append(("Whole zone", f"{m.areas.total_km2:,.0f}", "100.0"))
        st.markdown(
            markdown_table(AREA_COLUMNS, areas, numeric={"Area (km²)", "Share of zone (%)"})
        )
    rows = []
    if m.length is not None:
        rows.append(("Zone length", f"{m.length.km:,.0f} km", m.length.method))
    if m.widest is not None:
        rows.append(
            (
                "Zone's widest point",
                f"{m.widest.width_km:.1f} km, at {m.widest.lat:.3f}°N {m.widest.lon:.3f}°E",
                m.widest.method,
            )
        )
    rows += [(label, f"{length.km:.1f} km", length.method) for label, length in m.distances]
    if m.inside is not None:
        names = [str((story.dataset.feature(i) or {}).get("name", i)) for i in m.inside.ids]
        rows.append(("Places inside the zone", ", ".join(names) or "none", m.inside.method))
    # Long values (the places inside the zone) wrap instead of being cut.
    st.markdown(markdown_table(MEASURE_COLUMNS, rows))
    _control_changes(changes)


CHANGE_COLUMNS = ("Province", "From", "To", "Gained (km²)", "Lost (km²)")


def _control_changes(changes: tuple[ControlChange, ...]) -> None:
    """Who held what: the area the KRG gained and lost per province between the schematic
    areas of control (mid-2014: gained; October 2017: lost)."""
    shown = [c for c in changes if max(c.gained_km2, c.lost_km2) >= 1]
    if not shown:
        return
    st.markdown(
        "**Who held what: area gained in 2014 and lost in October 2017, by province** "
        f"({escape_markdown(shown[0].method)})"
    )
    st.markdown(
        markdown_table(
            CHANGE_COLUMNS,
            [
                (c.name, c.from_id, c.to_id, f"{c.gained_km2:,.0f}", f"{c.lost_km2:,.0f}")
                for c in shown
            ],
            numeric={"Gained (km²)", "Lost (km²)"},
        )
    )

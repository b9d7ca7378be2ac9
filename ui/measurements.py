"""Measurements: the zone's area by province, its length and width, story distances."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.analysis import StoryMeasurements
from geo.safety import escape_markdown
from geo.story import Story


def tab(story: Story, m: StoryMeasurements) -> None:
    if m.uncertainty_note:
        st.caption(escape_markdown(m.uncertainty_note))
    if m.areas is not None:
        st.markdown(f"**The zone's area by province** ({escape_markdown(m.areas.method)})")
        # A static table (no data grid to load): the rows are few and read as text.
        st.table(
            pd.DataFrame(
                [
                    {
                        "Province": r.name,
                        "Area (km²)": f"{r.area_km2:,.0f}",
                        "Share of zone (%)": f"{r.pct_of_zone:.1f}",
                    }
                    for r in m.areas.rows
                ]
                + [
                    {
                        "Province": "Whole zone",
                        "Area (km²)": f"{m.areas.total_km2:,.0f}",
                        "Share of zone (%)": "100.0",
                    }
                ]
            ).set_index("Province")
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
    # A static table: long values (the places inside the zone) wrap instead of being cut.
    st.table(
        pd.DataFrame([{"Measure": a, "Value": b, "Method": c} for a, b, c in rows]).set_index(
            "Measure"
        )
    )

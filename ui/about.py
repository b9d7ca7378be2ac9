"""About this map: its sources, and the download of every layer."""

from __future__ import annotations

import streamlit as st

from geo.safety import escape_markdown


def tab(about: str, export_zip: bytes) -> None:
    if about:
        st.markdown(escape_markdown(about))
    st.download_button(
        "Download all layers (GeoJSON + passages.json, zip)",
        data=export_zip,
        file_name="disputed-zone-map-export.zip",
        mime="application/zip",
        icon=":material/download:",
    )

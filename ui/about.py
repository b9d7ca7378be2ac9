"""About this map: its sources; every layer as GeoJSON; the published edition as a zip."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from geo.safety import escape_markdown


def tab(
    about: str, export_zip: Callable[[], bytes], edition_zip: Callable[[], bytes] | None
) -> None:
    """The downloads are made when clicked (deferred: no zip is built for a reader who does
    not ask for one, and the page's first run stays short)."""
    if about:
        st.markdown(escape_markdown(about))
    st.download_button(
        "Download all layers (GeoJSON + passages.json, zip)",
        data=export_zip,
        file_name="disputed-zone-map-export.zip",
        mime="application/zip",
        on_click="ignore",
        icon=":material/download:",
    )
    if edition_zip is not None:
        st.download_button(
            "Download the published edition (static web page, zip)",
            data=edition_zip,
            file_name="disputed-zone-map-edition.zip",
            mime="application/zip",
            on_click="ignore",
            icon=":material/public:",
            help="The same map and passages as a folder of static files: unzip it and put it "
            "on any web server; no Python needed, and nothing is loaded from other hosts.",
        )

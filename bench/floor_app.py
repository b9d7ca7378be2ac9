"""The stack's floor for a cold start: one Streamlit page holding one small folium map in
streamlit-folium, and nothing else (no story, no panel, no search, no timeline).

What this page takes to start and paint on a machine is what Streamlit, streamlit-folium
and Leaflet cost before the app does anything; ``bench.floor`` measures it the way
``bench.run`` measures the app's cold start. The map's scripts are the local copies
(``geo.assets``, a module free of folium and the story) so it paints offline.
"""

from __future__ import annotations

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo.assets import localized_links

st.set_page_config(page_title="Stack floor (benchmark)", layout="wide")
m = folium.Map(location=[35.5, 44.0], zoom_start=7, tiles=None)
square = [[[43.0, 35.0], [45.0, 35.0], [45.0, 36.5], [43.0, 36.5], [43.0, 35.0]]]
folium.GeoJson({"type": "Polygon", "coordinates": square}).add_to(m)
m.default_js = localized_links(m.default_js)
m.default_css = localized_links(m.default_css)
st_folium(m, height=640, use_container_width=True, returned_objects=[])

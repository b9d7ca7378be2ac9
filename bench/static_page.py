"""Variant (b), the floor: the same layers as one static folium page, no server logic.

The page is the app's base map plus every actor's force group as an overlay in
folium's client-side ``LayerControl``, built with ``geo.map`` so the drawing
code and the data are the app's own. It is served, with ``static/vendor``, by a
plain file server on 127.0.0.1 (``browsing.staticfiles``), so its bytes are comparable
with the app's.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import folium
from branca.element import MacroElement
from folium.template import Template

import geo.map as geomap
from geo.story import load_story

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "static" / "vendor"
VENDOR_URL = "/vendor"
PAGE_NAME = "index.html"


class _ExposeMap(MacroElement):
    """Publishes the Leaflet map as ``window.map``, as streamlit-folium does in its iframe."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        window.map = {{ this._parent.get_name() }};
        {% endmacro %}"""
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "ExposeMap"


def build_page(data_dir: Path, width_px: int, height_px: int) -> str:
    """The static page's HTML: base map, its force groups also as LayerControl overlays.

    ``width_px`` x ``height_px`` is the map's size, set to the app's map iframe so
    both draw the same area at the same zoom.
    """
    story = load_story(data_dir)
    m = geomap.build_map(
        story.dataset,
        story.passage_counts,
        actors=story.actors,
        # Every layer on at start, as this page was measured.
        story=replace(story.config, default_layers=None),
        assets_base_url=VENDOR_URL,
    )
    m.width = (width_px, "px")
    m.height = (height_px, "px")
    # The base map holds every actor's group (switched by its in-map panel); listing the
    # same groups in LayerControl too keeps this page's toggles as they were measured.
    for child in m._children.values():
        if isinstance(child, folium.FeatureGroup) and child.layer_name.startswith("force-"):
            child.control = True
            child.overlay = True
    geomap.localize_assets(m, VENDOR_URL)
    # LayerControl's script names the layers it lists, so it must come after them;
    # build_map added it before the force groups existed.
    for name, child in list(m._children.items()):
        if isinstance(child, folium.LayerControl):
            m._children.move_to_end(name)
    _ExposeMap().add_to(m)
    return m.get_root().render()


def write_site(site_dir: Path, data_dir: Path, width_px: int, height_px: int) -> Path:
    """Write the page into ``site_dir`` with ``vendor`` linked to the app's local assets."""
    site_dir.mkdir(parents=True, exist_ok=True)
    page = site_dir / PAGE_NAME
    page.write_text(build_page(data_dir, width_px, height_px), encoding="utf-8")
    link = site_dir / VENDOR_URL.strip("/")
    if not link.exists():
        link.symlink_to(VENDOR, target_is_directory=True)
    return page

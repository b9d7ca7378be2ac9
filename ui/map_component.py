"""The map component: streamlit-folium's ``st_folium``, with the base map rendered once.

``st_folium`` renders the whole map on every run: for this story's map (about 160 layers)
that is 0.3-0.5 s of branca compiling and rendering templates, on every click, for a script
that is the same for every reader. Here the base map's part of the component's arguments
(its script, header, html, asset links, bounds and the component key) is rendered once per
server (``rendered_base``, cached by ``ui.cache``), and a run renders only its own small
feature groups (the selection, the day, the bench's events) with streamlit-folium's own
helpers. The arguments sent are the ones ``st_folium`` would send for the same map and
groups, but for one: Leaflet and its plugins are linked as one file (``geo.assets``).
``tests/test_map_component.py`` compares the two, so a streamlit-folium release that changes
them (the package is pinned below 0.28 in pyproject.toml) fails there, not silently.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import streamlit_folium as sf

import geo.map as geomap
from geo import assets


@dataclass(frozen=True)
class RenderedBase:
    """The base map's share of the component's arguments, the same for every run."""

    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    bounds: dict[str, dict[str, float]]
    zoom: Any
    hash_key: str

    def keyed(self, key: str) -> RenderedBase:
        """The same map under another component key (as ``st_folium`` derives it)."""
        return dataclasses.replace(self, hash_key=sf.generate_js_hash(self.script, key, False))


def rendered_base(story_map: geomap.StoryMap, key: str) -> RenderedBase:
    """Render the base map as ``st_folium`` does (on a copy: rendering re-parents children)."""
    m = copy.deepcopy(story_map)
    m.render()
    html, header = sf._get_html(m), sf._get_header(m)
    script = sf._get_map_string(m)
    (south, west), (north, east) = m.get_bounds()
    css, js = _links(m)
    return RenderedBase(
        script=script,
        header=header,
        html=html,
        map_id=sf.get_full_id(m),
        css_links=css,
        js_links=js,
        bounds={
            "_southWest": {"lat": south, "lng": west},
            "_northEast": {"lat": north, "lng": east},
        },
        zoom=m.options.get("zoom"),
        hash_key=sf.generate_js_hash(script, key, False),
    )


def _links(*elements: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The stylesheets and scripts element trees ask for, in order, without repeats."""
    css: list[str] = []
    js: list[str] = []
    for elem in (e for element in elements for e in _walk(element)):
        css.extend(href for _, href in getattr(elem, "default_css", []))
        js.extend(src for _, src in getattr(elem, "default_js", []))
    return tuple(dict.fromkeys(css)), tuple(dict.fromkeys(js))


def _walk(element: Any):
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def groups_script(groups: Sequence[Any]) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """A run's feature groups: their script (as ``st_folium`` writes it) and asset links."""
    host = geomap.group_host()
    script = "".join(
        sf._get_feature_group_string(group, map=host, idx=idx) for idx, group in enumerate(groups)
    )
    css, js = _links(*groups)
    return script, css, js


def show(base: RenderedBase, groups: Sequence[Any], *, key: str, height: int) -> None:
    """The map, as ``st_folium(base_map, key=key, use_container_width=True, render=False,
    feature_group_to_add=groups, returned_objects=[])`` shows it: it returns nothing (the
    reader in the page hears the map, ui/reader.py), so nothing on the map reruns the page."""
    group_script, group_css, group_js = groups_script(groups)
    sf._component_func(
        script=base.script,
        header=base.header,
        html=base.html,
        id=base.map_id,
        key=base.hash_key,
        height=height,
        width=None,
        returned_objects=[],
        default={},
        zoom=None,
        center=None,
        feature_group=group_script or None,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=list(dict.fromkeys((*base.css_links, *group_css))),
        # One request for Leaflet and its plugins instead of five in a row (geo.assets).
        js_links=list(assets.bundle_scripts(tuple(dict.fromkeys((*base.js_links, *group_js))))),
        wrap_longitude=False,
    )

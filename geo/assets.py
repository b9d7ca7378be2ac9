"""Front-end assets served locally, so the map renders with no network.

folium and its plugins point at CDNs. Every asset name folium uses is mapped here
to a file that ``scripts/vendor_assets.py`` copies from the npm packages pinned in
``package-lock.json`` into ``static/vendor``; Streamlit serves ``static/`` at
``/app/static``. An asset name not in the map is an error, never a silent CDN link.
"""

from __future__ import annotations

from collections.abc import Iterator

import folium
from folium.elements import JSCSSMixin

STREAMLIT_STATIC_URL = "/app/static/vendor"

# folium asset name -> path under static/vendor. Assets that folium loads by
# default but that this app never uses (jQuery for Popup, bootstrap and
# font-awesome for Icon) map to None and are dropped.
ASSETS: dict[str, str | None] = {
    "leaflet": "leaflet/leaflet.js",
    "leaflet_css": "leaflet/leaflet.css",
    "pattern": "leaflet.pattern/leaflet.pattern.js",
    "markerclusterjs": "leaflet.markercluster/leaflet.markercluster.js",
    "markerclustercss": "leaflet.markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": "leaflet.markercluster/MarkerCluster.Default.css",
    "jquery": None,
    "bootstrap": None,
    "awesome_markers": None,
    "bootstrap_css": None,
    "glyphicons_css": None,
    "awesome_markers_font_css": None,
    "awesome_markers_css": None,
    "awesome_rotate_css": None,
}

# Files scripts/vendor_assets.py copies: npm package -> {source in package: target}.
VENDOR_FILES: dict[str, dict[str, str]] = {
    "leaflet": {
        "dist/leaflet.js": "leaflet/leaflet.js",
        "dist/leaflet.css": "leaflet/leaflet.css",
        "dist/images/layers.png": "leaflet/images/layers.png",
        "dist/images/layers-2x.png": "leaflet/images/layers-2x.png",
        "dist/images/marker-icon.png": "leaflet/images/marker-icon.png",
        "dist/images/marker-icon-2x.png": "leaflet/images/marker-icon-2x.png",
        "dist/images/marker-shadow.png": "leaflet/images/marker-shadow.png",
    },
    "leaflet.pattern": {"dist/leaflet.pattern.js": "leaflet.pattern/leaflet.pattern.js"},
    "leaflet.markercluster": {
        "dist/leaflet.markercluster.js": "leaflet.markercluster/leaflet.markercluster.js",
        "dist/MarkerCluster.css": "leaflet.markercluster/MarkerCluster.css",
        "dist/MarkerCluster.Default.css": "leaflet.markercluster/MarkerCluster.Default.css",
    },
}


class UnknownAssetError(ValueError):
    """A folium element asks for an asset that has no local copy."""


def localize_assets(root: folium.Element, base_url: str = STREAMLIT_STATIC_URL) -> None:
    """Point every element's JS/CSS links below ``root`` at the local copies.

    Sets per-instance ``default_js``/``default_css``, which both folium's HTML
    output and streamlit-folium's link collection read.
    """
    for element in _walk(root):
        element.default_js = _localize(element.default_js, base_url)
        element.default_css = _localize(element.default_css, base_url)


def local_links(base_url: str = STREAMLIT_STATIC_URL) -> dict[str, str]:
    """The URL of every locally served asset, by folium asset name."""
    return {name: f"{base_url}/{path}" for name, path in ASSETS.items() if path}


def _localize(links: list[tuple[str, str]], base_url: str) -> list[tuple[str, str]]:
    out = []
    for name, _url in links:
        if name not in ASSETS:
            raise UnknownAssetError(
                f"folium asset {name!r} has no local copy: add it to geo.assets.ASSETS "
                "and package.json"
            )
        path = ASSETS[name]
        if path is not None:
            out.append((name, f"{base_url}/{path}"))
    return out


def _walk(element: folium.Element) -> Iterator[JSCSSMixin]:
    if isinstance(element, JSCSSMixin):
        yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)

"""Front-end assets served locally, so the map renders with no network.

folium and its plugins point at CDNs. Every asset name folium uses is mapped here
to a file that ``scripts/vendor_assets.py`` copies from the npm packages pinned in
``package-lock.json`` into ``static/vendor``; Streamlit serves ``static/`` at
``/app/static``. An asset name not in the map is an error, never a silent CDN link.
The map package applies this table to its elements (``geo.map.localize_assets``);
this module stays free of folium.
"""

from __future__ import annotations

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
    "minimap_js": "leaflet-minimap/Control.MiniMap.min.js",
    "minimap_css": "leaflet-minimap/Control.MiniMap.min.css",
    "gesture_handling_js": "leaflet-gesture-handling/leaflet-gesture-handling.min.js",
    "gesture_handling_css": "leaflet-gesture-handling/leaflet-gesture-handling.min.css",
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
    "leaflet-minimap": {
        "dist/Control.MiniMap.min.js": "leaflet-minimap/Control.MiniMap.min.js",
        "dist/Control.MiniMap.min.css": "leaflet-minimap/Control.MiniMap.min.css",
        "dist/images/toggle.svg": "leaflet-minimap/images/toggle.svg",
        "dist/images/toggle.png": "leaflet-minimap/images/toggle.png",
    },
    # The published edition's embed: the host page's resizer (embed.html) and, in embed
    # mode, the edition's side of the same protocol (geo/reader/static/src/page.js).
    "pym.js": {"dist/pym.v1.min.js": "pym.js/pym.v1.min.js"},
    "leaflet-gesture-handling": {
        "dist/leaflet-gesture-handling.min.js": (
            "leaflet-gesture-handling/leaflet-gesture-handling.min.js"
        ),
        "dist/leaflet-gesture-handling.min.css": (
            "leaflet-gesture-handling/leaflet-gesture-handling.min.css"
        ),
    },
}


# The map's scripts as one file, for the app's map frame. streamlit-folium loads a map's
# scripts one after another (each waits for the previous one's onload), so five files cost
# five round trips before the map can draw; their concatenation, in the same order, costs
# one. scripts/vendor_assets.py writes it from the copies above.
SCRIPT_BUNDLE = "map-scripts.js"
BUNDLED_SCRIPTS: tuple[str, ...] = (
    "leaflet",
    "pattern",
    "markerclusterjs",
    "minimap_js",
    "gesture_handling_js",
)


def bundled_paths() -> list[str]:
    """The files the bundle concatenates, in order (paths under static/vendor)."""
    return [path for name in BUNDLED_SCRIPTS if (path := ASSETS[name]) is not None]


def bundle_scripts(
    links: tuple[str, ...] | list[str], base_url: str = STREAMLIT_STATIC_URL
) -> tuple[str, ...]:
    """``links`` with its leading run of the bundled scripts, in the bundle's order,
    replaced by the bundle; unchanged when it does not start that way (a map that links
    the files in another order, or only some of them, loads them one by one as before)."""
    parts = [f"{base_url}/{path}" for path in bundled_paths()]
    if list(links[: len(parts)]) != parts:
        return tuple(links)
    return (f"{base_url}/{SCRIPT_BUNDLE}", *links[len(parts) :])


class UnknownAssetError(ValueError):
    """A folium element asks for an asset that has no local copy."""


def local_links(base_url: str = STREAMLIT_STATIC_URL) -> dict[str, str]:
    """The URL of every locally served asset, by folium asset name."""
    return {name: f"{base_url}/{path}" for name, path in ASSETS.items() if path}


def localized_links(
    links: list[tuple[str, str]], base_url: str = STREAMLIT_STATIC_URL
) -> list[tuple[str, str]]:
    """folium's (asset name, CDN URL) pairs as local URLs; unused assets dropped.

    Raises UnknownAssetError for a name with no local copy.
    """
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

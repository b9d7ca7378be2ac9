"""The small Leaflet extensions the map adds, each one folium ``MacroElement``.

JavaScript longer than a line lives in ``static/*.js``: each file is one function
expression ``function (map, options) {...}``, inlined by ``MapScript`` and called with
the map and options passed through ``|tojson``. Data never becomes code any other way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import folium
from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from geo.assets import STREAMLIT_STATIC_URL, localized_links
from geo.map.templates import static_text

# folium's viewport meta forbids zooming the page (WCAG 1.4.4 / 1.4.10).
_NO_ZOOM = re.compile(r",\s*maximum-scale=1\.0,\s*user-scalable=no")


class StoryMap(folium.Map):
    """folium's Map without ``maximum-scale=1.0, user-scalable=no`` in its viewport meta."""

    def render(self, **kwargs: Any) -> None:
        super().render(**kwargs)
        header = self.get_root().header
        element = header._children.get(self.get_name())
        if element is not None:
            header._children[self.get_name()] = Element(_NO_ZOOM.sub("", element.render()))


class StyleSheet(MacroElement):
    """A stylesheet from ``static/``, written into the page's header."""

    _template = Template(
        """{% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}"""
    )

    def __init__(self, name: str) -> None:
        super().__init__()
        self._name = "StyleSheet"
        self.css = static_text(name)


class MapScript(JSCSSMixin, MacroElement):
    """Runs ``static/<name>`` (a function expression) with the map and ``options``."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        ({{ this.source }})({{ this._parent.get_name() }}, {{ this.options|tojson }});
        {% endmacro %}"""
    )

    def __init__(
        self,
        name: str,
        options: Mapping[str, Any] | None = None,
        *,
        js: list[tuple[str, str]] | None = None,
        css: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__()
        self._name = "MapScript"
        self.source = static_text(name).strip().rstrip(";")
        self.options = dict(options or {})
        # Asset names only: localize_assets swaps the URLs for the local copies.
        self.default_js = list(js or [])
        self.default_css = list(css or [])


class DefaultIconPath(MacroElement):
    """Set Leaflet's default icon folder before any marker is made.

    Inside st_folium, Leaflet cannot detect it (leaflet.css is not loaded yet when
    markers are created) and requests ``.../vendor/leafletmarker-icon.png``: a 404.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
        L.Icon.Default.imagePath = {{ this.path|tojson }};
        {% endmacro %}"""
    )

    def __init__(self, path: str) -> None:
        super().__init__()
        self._name = "DefaultIconPath"
        self.path = path


class FocusWithoutScroll(MacroElement):
    """Let Leaflet focus the map on mouse-down without scrolling the page.

    Leaflet's keyboard handler focuses the map container on every mouse-down. When the
    map's iframe reaches below the window, the browser scrolls the page to show it,
    between mouse-down and mouse-up: the press and the release land on different
    features and the click is lost. ``preventScroll`` keeps the page still; keyboard
    panning works as before.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function (container) {
            var focus = container.focus;
            container.focus = function (options) {
                focus.call(container, Object.assign({preventScroll: true}, options || {}));
            };
        })({{ this._parent.get_name() }}.getContainer());
        {% endmacro %}"""
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "FocusWithoutScroll"


class ClusterAssets(JSCSSMixin, MacroElement):
    """Loads Leaflet.markercluster with the base map, so an events group can use it later.

    streamlit-folium collects scripts from the base map only, not from the groups.
    """

    _template = Template("")
    default_js = [("markerclusterjs", "https://unpkg.invalid/leaflet.markercluster.js")]
    default_css = [
        ("markerclustercss", "https://unpkg.invalid/MarkerCluster.css"),
        ("markerclusterdefaultcss", "https://unpkg.invalid/MarkerCluster.Default.css"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._name = "ClusterAssets"


class PatternRef(MacroElement):
    """Stands for a pattern made by ForcePatterns: folium writes its name, bare, as JS."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self._global = name

    def get_name(self) -> str:
        return self._global


def localize_assets(root: folium.Element, base_url: str = STREAMLIT_STATIC_URL) -> None:
    """Point every element's JS/CSS links below ``root`` at the local copies.

    Sets per-instance ``default_js``/``default_css``, which both folium's HTML
    output and streamlit-folium's link collection read. Raises
    ``geo.assets.UnknownAssetError`` for an asset with no local copy.
    """
    for element in _walk(root):
        element.default_js = localized_links(element.default_js, base_url)
        element.default_css = localized_links(element.default_css, base_url)


def _walk(element: folium.Element) -> Iterator[JSCSSMixin]:
    if isinstance(element, JSCSSMixin):
        yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def number_elements(root: folium.Element) -> None:
    """Give every element of the map a sequential id in place of folium's random one, so
    the same story publishes the same bytes (a CDN's cache, a diff, the zip = the folder).

    folium (branca) makes each JavaScript name (``map_<id>``, ``geo_json_<id>`` ...) from
    ``_id`` when it renders, so ids set before rendering are the ones written.
    """
    count = 0

    def visit(element: folium.Element) -> None:
        nonlocal count
        count += 1
        element._id = f"{count:032x}"
        for child in getattr(element, "_children", {}).values():
            visit(child)

    visit(root)


def without_charset_meta(figure: folium.Figure) -> None:
    """Leave out folium's ``<meta http-equiv="content-type">`` (for a page whose own
    template declares its charset): an empty element takes its name in the header, as
    branca's ``add_child`` replaces a child of the same name."""
    figure.header.add_child(folium.Element(""), name="meta_http")

"""The folium map of a story: the only package that imports folium (and branca).

- ``base``: ``build_map`` and the opening view; ``layers``: the story's geography;
  ``controls``: view buttons, view in the URL, tooltips, overview inset, gestures.
- ``forces``: one feature group per actor, its symbols spread around shared positions
  (``geo.symbols``, shared with the printed brief, as is ``geo.palette``).
- ``panel``: the layer panel inside the map (a switch per actor, the key), switched in
  the browser; its state is the URL's ``layers=`` (``static/url.js``, ``static/layers.js``).
- ``labels``: names with priorities; the browser hides the lower of two that collide.
- ``synthetic``: the benchmark's synthetic events (not the timeline's, ``geo.events``),
  a feature group handed to ``st_folium``.
- ``time``: the map as it was on a day (``window.dzTime``, the badge; ``build_map(as_of=)``);
  ``areas_of_control``: who held what in each period, edges in bands of their
  uncertainty; ``districts``: UNAMI's 2009 disputed districts, a reference layer with its
  own switch; ``shapes``: lighter polygons for the browser.
- ``legend``: the key's rows and the actors' area swatches (shown in the panel).
- ``elements``: the small Leaflet extensions, and asset localisation.
- ``features``: shared coordinate type, panes, hover text, client GeoJSON.

Markup lives in ``templates/`` and CSS/JavaScript in ``static/``. Everything sent to the
browser from data passes through ``escape_for_folium``; JavaScript receives data only
through ``|tojson``.
"""

from geo.actors import initial_layers
from geo.map.base import build_map, group_host
from geo.map.controls import LAYERS_PARAM, NARROW_MAP_PX, VIEW_PARAM, overview_data
from geo.map.elements import StoryMap, localize_assets, number_elements, without_charset_meta
from geo.map.features import LonLat, feature_centre, features_bounds, place_name, tip_text
from geo.map.forces import (
    ForceLayer,
    force_group,
    force_layers,
    force_name,
    force_pane,
    force_tip,
    marker_html,
    pattern_name,
)
from geo.map.labels import PRIORITY as LABEL_PRIORITY
from geo.map.legend import LEGEND_ROWS, area_css
from geo.map.panel import PANEL_TITLE, panel_html
from geo.map.synthetic import events_group
from geo.palette import PALETTE
from geo.symbols import ring_offsets, symbol_offsets

__all__ = [
    "LABEL_PRIORITY",
    "LAYERS_PARAM",
    "LEGEND_ROWS",
    "NARROW_MAP_PX",
    "PALETTE",
    "PANEL_TITLE",
    "VIEW_PARAM",
    "ForceLayer",
    "LonLat",
    "build_map",
    "events_group",
    "feature_centre",
    "features_bounds",
    "force_group",
    "force_layers",
    "force_name",
    "force_pane",
    "group_host",
    "force_tip",
    "initial_layers",
    "localize_assets",
    "number_elements",
    "without_charset_meta",
    "marker_html",
    "overview_data",
    "panel_html",
    "pattern_name",
    "place_name",
    "ring_offsets",
    "StoryMap",
    "area_css",
    "symbol_offsets",
    "tip_text",
]

"""The story's colours, shared by the folium map (``geo.map``) and the printed brief
(``geo.brief``): plain data, so the brief need not import the map's packages.

Okabe-Ito, a colour-blind-safe palette; every layer also differs in line pattern or
shape, so colour is never the only cue.
"""

PALETTE = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
    "grey": "#6b6b6b",
}

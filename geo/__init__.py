"""disputed-zone-map: an interactive map of a news story's geography.

Data flows one way: data/ files -> loading and validation (loading, storyconfig, article,
actors, events) -> linking and analysis (linking, descriptions, search, analysis) -> map building
(geo.map) -> the page (ui/, app.py) or the exports.
"""

"""disputed-zone-map: an interactive map of a news story's geography.

Data flows one way: data/ files -> loading (validation) -> linking and analysis
-> map building (mapview) -> app.py.
"""

"""Performance benchmark: the app against a static-page floor and the naive Streamlit pattern.

Run with ``make bench`` (``.venv/bin/python -m bench.run``); see ``bench/README.md``.
"""

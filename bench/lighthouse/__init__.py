"""Lighthouse on the published edition (``python -m bench.lighthouse``; see __main__)."""

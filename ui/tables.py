"""The tabs' tables as markdown (``markdown_table``): a static table needs none of
Streamlit's data-grid or Arrow bundles (about 1.5 MB of JavaScript), which the page would
otherwise load on first view.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from geo.safety import escape_markdown


def markdown_table(
    columns: Sequence[str], rows: Iterable[Sequence[object]], numeric: set[str] = frozenset()
) -> str:
    """A markdown table whose every cell shows its value as literal text (escaped: a pipe,
    a link or HTML in the data stays text); ``numeric`` columns are right-aligned."""
    head = "| " + " | ".join(escape_markdown(c) for c in columns) + " |"
    rule = "|" + "|".join("---:" if c in numeric else "---" for c in columns) + "|"
    body = ["| " + " | ".join(escape_markdown(str(v)) for v in row) + " |" for row in rows]
    return "\n".join([head, rule, *body])

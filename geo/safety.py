"""Escaping for untrusted text on its way into folium, Streamlit markdown or HTML.

Each function targets one sink; pick by where the string ends up, never chain two.
They were chosen against payloads tried in Chromium: text in folium's popups and tooltips
runs ``<img onerror>``, ``${...}`` and ``</script>`` (an unquoted ``${x}`` even with
``parse_html=True``), and ``st.markdown(..., unsafe_allow_html=True)`` runs an
``<iframe srcdoc>`` script. tests/test_safety.py and tests/test_hostile.py hold them.
"""

from __future__ import annotations

import html
import re
import string
from urllib.parse import quote, urlsplit

import nh3

SAFE_URL_SCHEMES: frozenset[str] = frozenset({"http", "https"})
LINK_REL = "noopener noreferrer nofollow"

# CommonMark lets any ASCII punctuation be backslash-escaped, so escaping all of it turns
# off every construct at once: emphasis, links, autolinks, raw HTML, tables, lists,
# headings, Streamlit's `:color[...]` directives and `$...$` LaTeX.
_MARKDOWN_SPECIALS = frozenset(string.punctuation)

# Characters kept verbatim in a markdown link destination; everything else is
# percent-encoded so the URL cannot close the `( )` or open markdown/LaTeX/HTML.
_URL_SAFE_CHARS = ":/?#@!&+,;=%~"

_MARKDOWN_COLORS = frozenset(
    {"red", "orange", "yellow", "green", "blue", "violet", "gray", "grey", "primary"}
)


_FOLIUM_ENTITIES = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;"})
# Jinja's openers: `{{`, `{%`, `{#`. Encoding each `{` that starts one leaves none.
_JINJA_OPENER = re.compile(r"\{(?=[{%#])")


def escape_for_folium(s: str) -> str:
    """HTML-escape `s`, entity-encode backtick, dollar and backslash, and break up
    Jinja delimiters.

    folium puts tooltip text inside JS template literals, where `${...}` and backticks
    execute even after HTML escaping; pass the result with `parse_html=False`. folium
    (branca) also re-reads each rendered script as a Jinja template, so a `{{ ... }}` left
    in the data would be evaluated as Python on the server: each `{` opening `{{`, `{%`
    or `{#` becomes `&#123;`.
    """
    escaped = html.escape(s, quote=True).translate(_FOLIUM_ENTITIES)
    return _JINJA_OPENER.sub("&#123;", escaped)


def escape_markdown(s: str) -> str:
    """Return `s` as markdown that renders as exactly this literal text, on one line."""
    # Newlines would start new blocks (lists, headings, code) after the escape.
    flat = " ".join(s.split("\n")).replace("\r", " ")
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIALS else ch for ch in flat)


def safe_http_url(href: str | None) -> str | None:
    """Return `href` if it is an absolute http(s) URL with a host, else None.

    Rejects javascript:, data:, relative and protocol-relative (`//host`) links; nh3
    lets the last through because it has no scheme to check.
    """
    if href is None or href != href.strip():
        return None
    if any(ch.isspace() or ord(ch) < 0x20 for ch in href):
        return None
    parts = urlsplit(href)
    if parts.scheme.lower() not in SAFE_URL_SCHEMES or not parts.netloc:
        return None
    return href


def markdown_link(anchor_markdown: str, href: str) -> str:
    """Return `[anchor](url)` for an http(s) URL, or just the anchor if the URL is unsafe.

    `anchor_markdown` must already be escaped markdown.
    """
    url = safe_http_url(href)
    if url is None:
        return anchor_markdown
    return f"[{anchor_markdown}]({quote(url, safe=_URL_SAFE_CHARS)})"


def markdown_highlight(escaped: str, color: str | None = None) -> str:
    """Wrap already-escaped markdown in bold, optionally on a Streamlit background colour."""
    if not escaped:
        return escaped
    bold = f"**{escaped}**"
    if color is None:
        return bold
    if color not in _MARKDOWN_COLORS:
        raise ValueError(
            f"unknown highlight colour {color!r}; use one of {sorted(_MARKDOWN_COLORS)}"
        )
    return f":{color}-background[{bold}]"


def clean_link_html(raw_html: str) -> str:
    """Sanitise an HTML fragment down to `<a href>` with http(s) URLs and a safe rel."""
    return nh3.clean(
        raw_html,
        tags={"a"},
        attributes={"a": {"href"}},
        url_schemes=set(SAFE_URL_SCHEMES),
        link_rel=LINK_REL,
    )


# Text made only of these characters cannot form a markdown construct inline
# (no emphasis, link, image, code, HTML, LaTeX or :directive:), so a widget label
# can show it as is and its accessible name stays free of backslashes.
_PLAIN_LABEL = re.compile(r"[\w\s/(),.'’-]+")


def widget_label(s: str) -> str:
    """A widget label (Streamlit renders labels as markdown) that shows `s` literally."""
    return s if _PLAIN_LABEL.fullmatch(s) else escape_markdown(s)

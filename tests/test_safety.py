"""geo.safety: escaping for Markdown and for folium."""

import re
import string

from geo.safety import escape_for_folium, escape_markdown
from tests.markdown_checks import HOSTILE, unescaped_specials


def _unescape_markdown(md: str) -> str:
    return re.sub(r"\\([" + re.escape(string.punctuation) + "])", r"\1", md)


def test_escape_markdown_round_trips_hostile_text():
    """Escaped markdown has every special escaped and reads back as the original text."""
    md = escape_markdown(HOSTILE)
    assert unescaped_specials(md) == []
    assert _unescape_markdown(md) == HOSTILE


def test_escape_markdown_flattens_newlines():
    """Newlines cannot start markdown blocks such as headings or lists."""
    assert "\n" not in escape_markdown("a\n# b\n- c")


def test_escape_for_folium_neutralises_payloads():
    """HTML, template-literal and backslash payloads become inert entities."""
    out = escape_for_folium('<img src=x onerror=alert(1)> ${x} `y` \\ & "q"')
    assert "<" not in out and ">" not in out
    assert "$" not in out and "`" not in out and "\\" not in out
    assert "&#36;{x}" in out and "&#96;y&#96;" in out and "&#92;" in out
    assert "&amp; &quot;q&quot;" in out

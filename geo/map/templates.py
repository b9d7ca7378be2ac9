"""Markup and static files of the map package, read from its own folders.

HTML lives in ``templates/`` (Jinja, autoescaped), CSS and JavaScript in ``static/``.
Text that reaches a template already escaped for folium is passed as ``Markup`` so it
is not escaped twice.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import jinja2
from markupsafe import Markup

from geo.safety import escape_for_folium

# folium (branca) re-reads every rendered script as a Jinja template: a static file
# must contain none of Jinja's openers, or it would be evaluated. Tests check this.
JINJA_OPENERS = ("{{", "{%", "{#")

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("geo.map", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)


def render(name: str, **context: Any) -> str:
    """Render ``templates/<name>`` with autoescaping."""
    return _ENV.get_template(name).render(**context).strip()


def folium_text(text: str) -> Markup:
    """Untrusted text for a template whose output goes into folium: escaped once."""
    return Markup(escape_for_folium(text))


@cache
def static_text(name: str) -> str:
    """The text of ``static/<name>``; refuses a file with a Jinja opener in it."""
    text = files("geo.map").joinpath("static", name).read_text(encoding="utf-8")
    found = [o for o in JINJA_OPENERS if o in text]
    if found:
        raise ValueError(f"geo/map/static/{name} contains {found[0]!r}, which folium would run")
    return text

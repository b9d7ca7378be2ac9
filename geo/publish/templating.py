"""The one Jinja environment of the published edition's files (templates/: the page and
embed.html): story texts autoescaped, an unknown name an error."""

from __future__ import annotations

import jinja2

TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("geo.publish", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)

"""The edition's page: the story's folium map placed in ``templates/index.html``, and the
vendored Leaflet files that map asks for.

The map is geo.map's own (``build_map``), rendered by folium; its header, body and
script go into the template whole, so whatever geo.map adds (controls, legends, layer
switches) appears here too. This module never imports folium: it only calls the map's
methods. Story texts reach the template as plain strings, escaped by Jinja.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from markupsafe import Markup

import geo.map as geomap
from geo.descriptions import attribution
from geo.minify import minify_css, minify_js
from geo.publish.share import ShareCard
from geo.publish.templating import TEMPLATES
from geo.reader import assets as reader_assets
from geo.reader.model import change_notes
from geo.safety import safe_http_url
from geo.story import Story

VENDOR = "vendor"  # the folder (and relative URL) of Leaflet and its plugins
DATA_FILE = "reader.json"  # the reader model (geo.reader)
ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_VENDOR_DIR = ROOT / "static" / "vendor"

_LINK = re.compile(r"""(?:src|href)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")
_INDENT = re.compile(r"\n[ \t]+")
_BLANK_LINES = re.compile(r"\n{2,}")
_CSS_COMMENT = re.compile(r"/\*.*?\*/\n?", re.DOTALL)
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL | re.IGNORECASE)
_INLINE_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL | re.IGNORECASE)


class VendorFileMissing(FileNotFoundError):
    """The map asks for a vendored file that static/vendor lacks."""


@dataclass(frozen=True)
class MapParts:
    """folium's rendering of the map, in the three places a page holds it."""

    name: str  # the map's JavaScript variable, map_<hash>
    header: str
    html: str
    script: str


def map_parts(story: Story) -> MapParts:
    """Build the story's map as the app does, with its default force layers on, and
    render it with vendor-relative asset links."""
    m = geomap.build_map(
        story.dataset,
        story.passage_counts,
        actors=story.actors,
        story=story.config,
        assets_base_url=VENDOR,
        # The map opens on the article's day, as the app's does; the timeline moves it.
        as_of=story.article.date.isoformat() if story.article is not None else None,
        # Leaflet.markercluster is for the app's synthetic events layer; a published page
        # has no such layer, so it would be 36 KB of dead weight.
        clusters=False,
    )
    geomap.localize_assets(m, VENDOR)
    figure = m.get_root()
    geomap.number_elements(figure)
    geomap.without_charset_meta(figure)  # our template declares the charset
    figure.render()
    return MapParts(
        name=m.get_name(),
        header=minify_header(figure.header.render()),
        html=figure.html.render(),
        # In a function of its own (every name shortened); the map alone stays global, for
        # the reader (<body data-dz-map>).
        script=minify_js(figure.script.render(), exports=[m.get_name()]),
    )


def compact(code: str) -> str:
    """folium's script or header without the indentation of its templates (about an
    eighth of the page). Only whitespace at the start of a line goes, and blank lines.
    JSON and quoted JavaScript strings hold no raw newline, so none of them changes (the
    data travels in those); the one multi-line template literal folium writes, its tooltip
    table, loses indentation between HTML tags only. Every line break stays, so automatic
    semicolon insertion reads each statement as before."""
    return _BLANK_LINES.sub("\n", _INDENT.sub("\n", code)).strip() + "\n"


def minify_header(header: str) -> str:
    """folium's header with each inline stylesheet and script minified (geo.minify), the
    rest (links, meta) without its templates' indentation."""

    def styles(match: re.Match[str]) -> str:
        return f"<style>{minify_css(match.group(1))}</style>"

    def scripts(match: re.Match[str]) -> str:
        return f"<script>{minify_js(match.group(1))}</script>"

    out = _INLINE_STYLE.sub(styles, header)
    return compact(_INLINE_SCRIPT.sub(scripts, out))


def render_page(story: Story, parts: MapParts, *, favicon: str, card: ShareCard) -> str:
    """index.html: the story's texts, the map, the panel's markup, the share card's meta
    tags, and a Content Security Policy allowing only this folder's files and the page's own
    inline scripts."""
    config = story.config
    article = story.article
    context: dict[str, Any] = {
        "page_title": config.page_title,
        "title": config.title,
        "standfirst": config.standfirst,
        "attribution": attribution(story),
        "change_notes": change_notes(story),
        "article_url": safe_http_url(article.url) if article is not None else None,
        "map_note": config.map_note,
        "about": config.about,
        "favicon": favicon,
        "card": card,
        "map_name": parts.name,
        "reader_html": Markup(reader_assets.markup(DATA_FILE)),
        "map_header": Markup(parts.header),
        "map_html": Markup(parts.html),
        "map_script": Markup(parts.script),
    }
    template = TEMPLATES.get_template("index.html")
    draft = template.render(csp="", **context)
    # The policy names each inline script by its hash: markup injected into the page
    # could add none that runs. Rendering again changes only the policy's own meta tag.
    page = template.render(csp=content_security_policy(draft), **context)
    if _INLINE_SCRIPT.findall(page) != _INLINE_SCRIPT.findall(draft):
        raise RuntimeError("the page's inline scripts changed with its policy")
    return page


def content_security_policy(page: str) -> str:
    """Scripts: this folder and the page's inline scripts (by hash); data: this folder;
    images: this folder, data: URLs and https (the map's optional web tiles)."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
        for s in dict.fromkeys(_INLINE_SCRIPT.findall(page))
    )
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self' {hashes}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: https:",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "frame-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )


def vendor_files(header: str, vendor_dir: Path = DEFAULT_VENDOR_DIR) -> dict[str, bytes]:
    """Every file under ``vendor/`` the map's header links, and the images their
    stylesheets name: path in the edition -> bytes. Raises VendorFileMissing."""
    wanted: list[str] = []
    for link in _LINK.findall(header):
        if not link.startswith(f"{VENDOR}/"):
            raise ValueError(f"the map links {link[:120]!r}, outside {VENDOR}/")
        wanted.append(link)
    out: dict[str, bytes] = {}
    for link in dict.fromkeys(wanted):
        data = vendor_file(link, vendor_dir)
        if link.endswith(".css"):  # minified, its license comments kept
            data = minify_css(data.decode("utf-8"), legal="inline").encode("utf-8")
        out[link] = data
        if link.endswith(".css"):
            for ref in _CSS_URL.findall(data.decode("utf-8")):
                if ref.startswith(("#", "data:")):
                    continue
                target = str(PurePosixPath(link).parent / ref)
                out.setdefault(target, vendor_file(target, vendor_dir))
    return out


def page_stylesheet() -> bytes:
    """The edition's own page stylesheet (its layout around the map and the reader)."""
    return minify_css((Path(__file__).parent / "static" / "page.css").read_text("utf-8")).encode()


def vendor_file(link: str, vendor_dir: Path = DEFAULT_VENDOR_DIR) -> bytes:
    """A vendored file by its link in the edition (``vendor/...``); VendorFileMissing."""
    relative = PurePosixPath(link).relative_to(VENDOR)
    if ".." in relative.parts:
        raise ValueError(f"{link!r} leaves {VENDOR}/")
    path = vendor_dir / relative
    if not path.is_file():
        raise VendorFileMissing(
            f"{path} is missing: run `npm ci` and `python -m scripts.vendor_assets` "
            "(`make assets` does both) first"
        )
    return path.read_bytes()

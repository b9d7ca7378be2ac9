"""The published edition: the story's map and panel as a folder of static files that any
web server or CDN can serve, with no Python behind it and no request to another host.

    index.html      the map (geo.map's, rendered by folium) and the reader's markup in
                    templates/index.html
    reader.json     the reader model (geo.reader): passages, places, events, search, words
    reader.js/.css  the reader (geo/reader, bundled and minified by esbuild): selection,
                    highlights, the timeline, search, the article, the URL's hash
    page.css        the page's layout around the map and the reader (dark, print, embed)
    favicon.*       the story's icon, if story.json names one
    vendor/...      Leaflet and the plugins the map links, copied from static/vendor
    share.png       the share card's picture (1200 x 630), for Open Graph and Twitter
    embed.html      the snippet a CMS pastes (Pym.js: vendor/pym.js/), shown working
    *.gz, *.br      each text file precompressed, for gzip_static and CDNs

``python -m geo publish [--base-url URL] OUT_DIR`` writes the folder; the app's download
button takes ``publish_zip``. Both are the same files (``edition_files``).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from geo.brief.share import share_image
from geo.jsonio import json_text
from geo.publish.compress import precompressed
from geo.publish.page import (
    DATA_FILE,
    DEFAULT_VENDOR_DIR,
    VendorFileMissing,
    map_parts,
    page_stylesheet,
    render_page,
    vendor_file,
    vendor_files,
)
from geo.publish.share import (
    EMBED_FILE,
    EXTRA_FILES,
    PYM,
    SHARE_IMAGE,
    BaseUrlError,
    base_url,
    embed_page,
    share_card,
)
from geo.reader import assets as reader_assets
from geo.reader import reader_model
from geo.story import Story

__all__ = [
    "DATA_FILE",
    "EXTRA_FILES",
    "BaseUrlError",
    "VendorFileMissing",
    "base_url",
    "edition_files",
    "publish_zip",
    "write_edition",
]

# Zip entries carry this date, so the same story gives the same bytes.
_ZIP_DATE = (2021, 12, 17, 0, 0, 0)


def edition_files(
    story: Story, vendor_dir: Path = DEFAULT_VENDOR_DIR, base: str | None = None
) -> dict[str, bytes]:
    """Path in the edition (POSIX, relative) -> bytes, index.html first. ``base``: the
    address the folder is published at (``base_url``), for the share card's and the
    embed's absolute addresses.

    Raises ``VendorFileMissing`` when static/vendor lacks a file the map links,
    ``geo.assets.UnknownAssetError`` when the map asks for an asset with no local copy, and
    ``geo.reader.assets.ReaderAssetsMissing`` when esbuild is not installed (``npm ci``).
    """
    parts = map_parts(story)
    favicon = story.config.favicon
    icon_name = f"favicon{favicon.suffix.lower()}" if favicon is not None else None
    card = share_card(story, base)
    page = render_page(story, parts, favicon=icon_name or "data:,", card=card)
    files = {
        "index.html": page.encode("utf-8"),
        DATA_FILE: json_text(reader_model(story), compact=True).encode("utf-8"),
        "reader.js": reader_assets.script("edition"),
        "reader.css": reader_assets.stylesheet(),
        "page.css": page_stylesheet(),
    }
    if favicon is not None and icon_name is not None:
        files[icon_name] = favicon.read_bytes()
    files.update(sorted(vendor_files(parts.header, vendor_dir).items()))
    files[PYM] = vendor_file(PYM, vendor_dir)
    files[EMBED_FILE] = embed_page(story, base).encode("utf-8")
    files[SHARE_IMAGE] = share_image(story)
    files.update(precompressed(files))
    return files


def write_edition(
    story: Story, out_dir: Path, vendor_dir: Path = DEFAULT_VENDOR_DIR, base: str | None = None
) -> list[Path]:
    """Write the edition into ``out_dir`` (created if missing); return the paths written.

    Files already there that the edition does not name are left alone.
    """
    files = edition_files(story, vendor_dir, base)
    written = []
    for name, data in files.items():
        path = Path(out_dir, *name.split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


def publish_zip(story: Story, vendor_dir: Path = DEFAULT_VENDOR_DIR) -> bytes:
    """The edition as one zip (the same files as ``write_edition``), for a download button."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in edition_files(story, vendor_dir).items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()

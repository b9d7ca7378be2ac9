"""The reader's front end as each host takes it: its script (ES modules in ``static/src``,
bundled and minified by esbuild: geo.minify), its stylesheet (minified too) and its markup
(``templates/reader.html``).

Two entries share every module: ``edition.js`` (the published edition's page) and
``app.js`` (the app's Streamlit component). ``make assets`` writes the app's files into
``static/reader/`` (served by Streamlit at ``/app/static/reader/``); ``python -m geo
publish`` bundles the edition's. Bundling needs ``node_modules`` (``npm ci``, which the
Makefile runs); a missing esbuild is named with what to run.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import jinja2

from geo.atomic import write_atomically
from geo.minify import TARGET, EsbuildMissing, esbuild
from geo.reader.words import WORDS
from geo.search import MAX_QUERY_CHARS

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "static" / "src"
STYLESHEET = HERE / "static" / "reader.css"
ROOT = HERE.parent.parent
# Where the app's files go: Streamlit serves ROOT/static at /app/static.
APP_DIR = ROOT / "static" / "reader"
APP_URL = "app/static/reader"
ENTRIES = {"edition": ("edition.js", "iife"), "app": ("app.js", "esm")}

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("geo.reader", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)


class ReaderAssetsMissing(EsbuildMissing):
    """The app's built files are missing (``make assets``), or esbuild to make them."""


def markup(model_url: str = "") -> str:
    """The reader's markup with its words; ``model_url`` is where the edition's reader
    fetches its model (the app's reader is told in its component's data)."""
    return _ENV.get_template("reader.html").render(
        w=WORDS, max_query=MAX_QUERY_CHARS, model_url=model_url
    )


def script(entry: str) -> bytes:
    """One entry's bundle, minified (``edition`` or ``app``)."""
    name, form = ENTRIES[entry]
    return esbuild(
        str(SOURCES / name), "--bundle", f"--format={form}", f"--target={TARGET}", "--minify"
    )


def stylesheet() -> bytes:
    """The reader's stylesheet, minified."""
    return esbuild(str(STYLESHEET), "--minify", "--loader:.css=css")


def sources_digest() -> str:
    """A digest of every source file of the reader's front end."""
    digest = hashlib.sha256()
    for path in sorted([*SOURCES.glob("*.js"), STYLESHEET]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def build_app_files(out_dir: Path = APP_DIR) -> list[Path]:
    """Write the app's bundle and stylesheet (``make assets``); returns the files written."""
    written = []
    for name, data in (("app.js", script("app")), ("reader.css", stylesheet())):
        written.append(write_atomically(out_dir / name, data))
    return written


@cache
def app_version(out_dir: Path = APP_DIR) -> str:
    """The app's bundle's digest (its URL carries it, so a new bundle is never cached as
    the old one); ReaderAssetsMissing if ``make assets`` has not built it."""
    path = out_dir / "app.js"
    if not path.is_file():
        raise ReaderAssetsMissing(f"{path} is missing: run `make assets` first")
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


if __name__ == "__main__":
    for built in build_app_files():
        print(f"wrote {built.relative_to(ROOT)} ({built.stat().st_size:,} B)")

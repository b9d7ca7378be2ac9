"""The published edition (geo.publish): the folder's files, its size, what index.html may
load, the page's texts and policy, the zip, and the reader's bundle. (Its reader model:
tests/test_reader_model.py; the edition of hostile data: tests/test_publish_hostile.py; the
command line: tests/test_publish_cli.py.)"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import zipfile
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

import geo.publish
from geo.publish import VendorFileMissing, edition_files, publish_zip, write_edition
from geo.publish.page import compact
from geo.reader.assets import SOURCES

BUDGET_BYTES = 450 * 1000  # "at most 450 KB in all, before compression"
OWN_FILES = {"index.html", "reader.json", "reader.js", "reader.css", "page.css", "favicon.svg"}
# Beside the page, never loaded by it: the share card's picture and the embed snippet.
SHARING_FILES = {"share.png", "embed.html"}
COMPRESSED = (".gz", ".br")
HTML_SINKS = (
    "innerHTML",
    "outerHTML",
    "insertAdjacentHTML",
    "document.write",
    "eval(",
    "new Function",
    'setTimeout("',
    "DOMParser",
    "createContextualFragment",
)


@pytest.fixture(scope="module")
def edition(story, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    out = tmp_path_factory.mktemp("edition")
    return out, write_edition(story, out)


@pytest.fixture(scope="module")
def index_html(edition) -> str:
    return (edition[0] / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def data(edition) -> dict:
    return json.loads((edition[0] / "reader.json").read_text(encoding="utf-8"))


class _Links(HTMLParser):
    """Every (tag, attribute, value) whose attribute loads or links something."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href", "srcset", "poster", "data", "action") and value:
                self.found.append((tag, name, value))


def links(html: str) -> list[tuple[str, str, str]]:
    parser = _Links()
    parser.feed(html)
    return parser.found


def relative(edition: tuple[Path, list[Path]]) -> set[str]:
    out, written = edition
    return {p.relative_to(out).as_posix() for p in written}


# --- the folder ------------------------------------------------------------------------


def page_files(names: set[str]) -> set[str]:
    """The files a reader's browser may load: not the compressed copies, not the sharing
    files."""
    return {n for n in names if not n.endswith(COMPRESSED) and n not in geo.publish.EXTRA_FILES}


def test_the_folder_holds_the_page_the_reader_and_the_vendored_map(edition) -> None:
    """index.html, the reader (model, script, stylesheet), the page's stylesheet, the
    favicon and Leaflet with its plugins; the share card's picture, the embed snippet and
    Pym.js beside them; a .gz and a .br beside each text file."""
    names = relative(edition)
    assert OWN_FILES | SHARING_FILES <= names
    assert {"vendor/leaflet/leaflet.js", "vendor/leaflet/leaflet.css"} <= names
    assert "vendor/pym.js/pym.v1.min.js" in names
    plain = {n for n in names if not n.endswith(COMPRESSED)}
    assert all(n.startswith("vendor/") for n in plain - OWN_FILES - SHARING_FILES)
    texts = {n for n in plain if n.endswith((".html", ".js", ".css", ".json", ".svg"))}
    assert {f"{n}{z}" for n in texts for z in COMPRESSED} == names - plain
    assert {p.relative_to(edition[0]).as_posix() for p in edition[0].rglob("*") if p.is_file()} == (
        names
    )


def test_the_edition_leaves_out_what_the_map_does_not_use(edition) -> None:
    """No marker clustering (the app's synthetic events only), no jQuery, no bootstrap."""
    names = " ".join(relative(edition))
    for unused in ("markercluster", "jquery", "bootstrap", "awesome"):
        assert unused not in names


def test_the_edition_fits_in_450_kb(edition) -> None:
    """All the files a reader's page loads, together, before compression, stay within the
    budget (not the compressed copies, not the share card or the embed snippet)."""
    out, written = edition
    sizes = Counter()
    loaded = page_files(relative(edition))
    for path in written:
        if path.relative_to(out).as_posix() in loaded:
            sizes[path.suffix or path.name] += path.stat().st_size
    total = sum(sizes.values())
    print("edition bytes by type:", dict(sizes.most_common()), "total", total)
    assert total <= BUDGET_BYTES, dict(sizes)


def test_the_edition_carries_no_streamlit_click_reporting(index_html: str) -> None:
    """Nothing on the map reports to streamlit-folium: the reader hears the map itself."""
    assert "streamlit:setComponentValue" not in index_html
    assert "__GLOBAL_DATA__" not in index_html


def test_index_html_loads_only_files_of_the_folder(edition, index_html: str, story) -> None:
    """Every src/href that loads something is a relative path to a file written; the only
    link to another host is the article's own (a link, never loaded)."""
    names = relative(edition)
    article_url = story.article.url
    found = links(index_html)
    assert found
    for tag, attr, value in found:
        if tag == "a":
            assert not re.match(r"(?i)\s*(javascript|data|vbscript):", value)
            if re.match(r"(?i)https?:", value):
                assert value == article_url, value
            continue
        if value == "data:,":  # the favicon of a story without one
            continue
        assert not re.match(r"(?i)^([a-z][a-z0-9+.-]*:|//)", value), (tag, attr, value)
        assert value in names, (tag, attr, value)
    # Links, not loads: the article's own, and the map's credit to Leaflet (in its script).
    linked = index_html.replace(f'href="{article_url}"', "").replace(
        'href="https://leafletjs.com"', ""
    )
    assert not re.search(r"""(?i)(src|href)\s*=\s*["']?\s*(https?:)?//""", linked)


def test_stylesheets_name_only_files_of_the_folder(edition) -> None:
    """Images a vendored stylesheet asks for are in the folder too."""
    out, written = edition
    names = relative(edition)
    for path in written:
        if path.suffix != ".css":
            continue
        for ref in re.findall(r"""url\(\s*["']?([^"')]+)""", path.read_text(encoding="utf-8")):
            if ref.startswith(("#", "data:")):
                continue
            target = (path.parent / ref).resolve().relative_to(out.resolve()).as_posix()
            assert target in names, (path.name, ref)


def test_the_page_has_the_story_s_texts_and_the_original_article(index_html: str, story) -> None:
    """Title, standfirst, attribution, the article's link, the map's note, the map."""
    assert "<h1>Iraq&#39;s disputed zone: Lheiban, December 2021</h1>" in index_html
    assert "co-ordinate against ISIS in the village of Lheiban" in index_html
    assert "Associated Press report by Samya Kullab" in index_html
    assert f'<a href="{story.article.url}" rel="noopener noreferrer nofollow">' in index_html
    assert "schematic band built from the article" in index_html
    assert 'data-dz-map="map_' in index_html and 'class="folium-map"' in index_html
    assert '<script src="reader.js"></script>' in index_html
    assert 'class="dz-reader" data-dz-model="reader.json"' in index_html


def test_every_inline_script_is_named_in_the_content_security_policy(index_html: str) -> None:
    """The page's policy allows its own inline scripts by hash and nothing from elsewhere."""
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', index_html)
    assert policy is not None
    csp = policy.group(1).replace("&#39;", "'")
    scripts = re.findall(r"<script>(.*?)</script>", index_html, re.DOTALL)
    assert scripts
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert "connect-src 'self'" in csp and "object-src 'none'" in csp


def test_the_same_story_publishes_the_same_bytes(story) -> None:
    """folium's random element ids are replaced by sequential ones: reproducible files."""
    assert edition_files(story) == edition_files(story)


def test_the_zip_holds_exactly_the_folder(story, edition) -> None:
    """publish_zip (the app's download) and write_edition give the same files, byte for byte."""
    out, written = edition
    with zipfile.ZipFile(io.BytesIO(publish_zip(story))) as archive:
        zipped = {name: archive.read(name) for name in archive.namelist()}
    assert zipped == {p.relative_to(out).as_posix(): p.read_bytes() for p in written}


def test_a_missing_vendored_file_is_named(story, tmp_path: Path) -> None:
    """Without static/vendor the edition is not written half-way: the error says what to run."""
    with pytest.raises(VendorFileMissing, match="leaflet.js is missing: run `npm ci"):
        write_edition(story, tmp_path / "out", vendor_dir=tmp_path / "empty")
    assert not (tmp_path / "out").exists()


def test_compact_drops_indentation_and_blank_lines_only() -> None:
    """Line breaks stay (no statement joins the next); strings keep their inner spaces."""
    code = 'var a = 1\n\n        var b = "x   y"\n\t  f(a,\n   b);\n'
    assert compact(code) == 'var a = 1\nvar b = "x   y"\nf(a,\nb);\n'


def test_the_reader_builds_no_html_from_strings(edition) -> None:
    """The reader (every module, and the shipped bundle) uses textContent and createElement
    only: no HTML parsing, no eval."""
    sources = [path.read_text(encoding="utf-8") for path in sorted(SOURCES.glob("*.js"))]
    assert len(sources) >= 10
    for source in sources:
        code = "\n".join(line.split("//")[0] for line in source.splitlines())
        for sink in HTML_SINKS:
            assert sink not in code, sink
    shipped = (edition[0] / "reader.js").read_text(encoding="utf-8")
    for sink in HTML_SINKS:
        assert sink not in shipped, sink


def test_the_shipped_reader_is_minified(edition) -> None:
    """reader.js and reader.css are esbuild's minified bundles: one line-ish, no comments."""
    script = (edition[0] / "reader.js").read_text(encoding="utf-8")
    total = sum(len(p.read_text(encoding="utf-8")) for p in SOURCES.glob("*.js"))
    assert len(script) < 0.6 * total and "// " not in script
    assert "/*" not in (edition[0] / "reader.css").read_text(encoding="utf-8")
    assert "/*" not in (edition[0] / "page.css").read_text(encoding="utf-8")

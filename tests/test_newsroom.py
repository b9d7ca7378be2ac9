"""What a newsroom does with the edition, without a browser: the share card (its meta tags
and share.png), the base URL, embed.html, the precompressed copies, and the story's updated
day and corrections in both hosts. (In the browser: tests/test_newsroom_browser.py.)"""

from __future__ import annotations

import gzip
import io
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import brotli
import pytest
from PIL import Image

from geo.__main__ import main
from geo.publish import BaseUrlError, base_url, edition_files
from geo.publish.share import EXTRA_FILES, PYM
from geo.story import load_story
from tests.conftest import DATA
from tests.test_app import plain, run_app

BASE = "https://news.example/maps/lheiban/"
UPDATED = "2021-12-20"
CORRECTIONS = [
    {"date": "2021-12-19", "text": "Lheiban lies south-east of Makhmur, not north-east."},
    {"date": "2021-12-18", "text": "An earlier version gave six JCCs <b>in Kirkuk</b>."},
]


class Head(HTMLParser):
    """The page's <meta> and <link> tags: property or name -> content, rel -> href."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.meta[a.get("property") or a.get("name") or ""] = a.get("content") or ""
        if tag == "link" and a.get("rel"):
            self.links[a["rel"] or ""] = a.get("href") or ""


def head(files: dict[str, bytes]) -> Head:
    parser = Head()
    parser.feed(files["index.html"].decode("utf-8"))
    return parser


@pytest.fixture(scope="module")
def with_base(story) -> dict[str, bytes]:
    return edition_files(story, base=BASE)


@pytest.fixture(scope="module")
def without_base(story) -> dict[str, bytes]:
    return edition_files(story)


@pytest.fixture
def corrected(tmp_path: Path) -> Path:
    """A copy of the story's folder whose story.json says it was updated and corrected."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("raw"))
    doc = json.loads((target / "story.json").read_text(encoding="utf-8"))
    doc.update(updated=UPDATED, corrections=CORRECTIONS)
    (target / "story.json").write_text(json.dumps(doc), encoding="utf-8")
    return target


# --- the share card ------------------------------------------------------------------------


def test_the_card_s_meta_tags_are_absolute_with_a_base_url(with_base, story) -> None:
    meta = head(with_base).meta
    config = story.config
    assert meta["description"] == meta["og:description"] == config.standfirst
    assert meta["og:title"] == config.title
    assert meta["og:type"] == "article"
    assert meta["og:image"] == f"{BASE}share.png"
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["og:image:alt"] and meta["twitter:image:alt"] == meta["og:image:alt"]
    assert meta["og:url"] == f"{BASE}index.html" == head(with_base).links["canonical"]
    assert meta["twitter:card"] == "summary_large_image"
    assert "article:modified_time" not in meta  # the shipped story says no update


def test_without_a_base_url_the_card_is_relative_and_has_no_own_address(without_base) -> None:
    meta = head(without_base).meta
    assert meta["og:image"] == "share.png"
    assert "og:url" not in meta and "canonical" not in head(without_base).links


def test_share_png_is_1200_by_630_and_not_blank(with_base) -> None:
    image = Image.open(io.BytesIO(with_base["share.png"]))
    assert image.format == "PNG" and image.size == (1200, 630)
    colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50  # a map and words, not a flat sheet


@pytest.mark.parametrize(
    "bad",
    ["news.example/map", "ftp://news.example/", "javascript:alert(1)", "https://x.example/?a=1",
     "https://x.example/#top", "/maps/", ""],
)  # fmt: skip
def test_a_bad_base_url_is_named(bad: str) -> None:
    with pytest.raises(BaseUrlError, match="absolute http"):
        base_url(bad)


def test_a_base_url_ends_in_a_slash() -> None:
    assert base_url("https://news.example/maps/lheiban") == BASE
    assert base_url(None) is None


def test_cli_publish_says_when_the_card_needs_a_base_url(tmp_path: Path, capsys) -> None:
    assert main(["publish", str(tmp_path / "a")]) == 0
    assert "--base-url" in capsys.readouterr().err
    assert main(["publish", "--base-url", BASE, str(tmp_path / "b")]) == 0
    assert "--base-url" not in capsys.readouterr().err
    page = (tmp_path / "b" / "index.html").read_text(encoding="utf-8")
    assert f'content="{BASE}share.png"' in page


def test_cli_publish_refuses_a_bad_base_url_and_writes_nothing(tmp_path: Path, capsys) -> None:
    assert main(["publish", "--base-url", "javascript:alert(1)", str(tmp_path / "c")]) == 2
    assert "--base-url must be an absolute http(s) address" in capsys.readouterr().err
    assert not (tmp_path / "c").exists()


# --- embed.html ------------------------------------------------------------------------------


def test_embed_html_is_the_pym_snippet_for_the_edition_in_embed_mode(with_base, story) -> None:
    snippet = with_base["embed.html"].decode("utf-8")
    assert f'data-pym-src="{BASE}index.html?embed"' in snippet
    assert f'<script src="{BASE}{PYM}"></script>' in snippet
    assert "--base-url" not in snippet  # the hint for relative addresses is not needed
    assert with_base[PYM].startswith(b"/*! pym.js - v1.3.2 ")  # vendored from npm, as shipped


def test_embed_html_without_a_base_url_says_so(without_base) -> None:
    snippet = without_base["embed.html"].decode("utf-8")
    assert 'data-pym-src="index.html?embed"' in snippet and "--base-url" in snippet


def test_the_page_never_loads_the_sharing_files(without_base) -> None:
    page = without_base["index.html"].decode("utf-8")
    assert "pym" not in page.split("</head>")[0].lower()
    for name in EXTRA_FILES:
        assert f'src="{name}"' not in page and f'href="{name}"' not in page


# --- precompressed ---------------------------------------------------------------------------


def test_each_text_file_has_a_gz_and_a_br_that_give_it_back(without_base) -> None:
    texts = [n for n in without_base if n.endswith((".html", ".css", ".js", ".json", ".svg"))]
    assert {"index.html", "reader.js", "reader.json", "vendor/leaflet/leaflet.js"} <= set(texts)
    for name in texts:
        data = without_base[name]
        assert gzip.decompress(without_base[f"{name}.gz"]) == data, name
        assert brotli.decompress(without_base[f"{name}.br"]) == data, name
        assert len(without_base[f"{name}.br"]) < len(data), name
    assert "share.png.gz" not in without_base  # images are compressed already


# --- updated and corrected -------------------------------------------------------------------


def test_the_edition_shows_updated_and_corrections_under_the_credit(corrected: Path) -> None:
    files = edition_files(load_story(corrected))
    page = files["index.html"].decode("utf-8")
    assert head(files).meta["article:modified_time"] == UPDATED
    credit = page.index('class="dz-credit"')
    notes = [
        page.index("Updated 20 Dec 2021."),
        page.index("Correction, 18 Dec 2021: An earlier version gave six JCCs &lt;b&gt;in"),
        page.index("Correction, 19 Dec 2021: Lheiban lies south-east"),
    ]
    assert credit < notes[0] < notes[1] < notes[2]
    assert "<b>in Kirkuk" not in page


def test_the_app_shows_updated_and_corrections_under_the_credit(corrected: Path) -> None:
    at = run_app(data=corrected)
    assert not at.exception
    captions = [plain(c.value) for c in at.caption]
    credit = next(i for i, c in enumerate(captions) if "The National" in c)
    assert captions[credit + 1 : credit + 4] == [
        "Updated 20 Dec 2021.",
        "Correction, 18 Dec 2021: An earlier version gave six JCCs <b>in Kirkuk</b>.",
        "Correction, 19 Dec 2021: Lheiban lies south-east of Makhmur, not north-east.",
    ]

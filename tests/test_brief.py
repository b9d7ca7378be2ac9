"""geo.brief: the printable A4 brief, read back as a person's PDF reader would (its text
layer, through pypdf) and as a picture (the PNG under test-results/)."""

from __future__ import annotations

import datetime
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from geo.__main__ import main
from geo.brief import BriefError, brief_bytes
from geo.brief.content import Line, brief_text, paginate
from geo.story import Story, load_story
from tests.conftest import ARTIFACTS
from tests.hostile_data import build_hostile_data, place_id

DAY = datetime.date(2026, 12, 2)


def pdf_text(data: bytes) -> str:
    """Every page's text, as a PDF reader extracts it."""
    assert data.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    """Lines joined with spaces: wrapped text reads as one run."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def lheiban_pdf(story: Story) -> str:
    return pdf_text(brief_bytes(story, "lheiban", today=DAY))


@pytest.fixture(scope="module")
def lheiban_png(story: Story) -> bytes:
    data = brief_bytes(story, "lheiban", fmt="png", today=DAY)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "brief-lheiban.png").write_bytes(data)
    return data


def test_place_brief_cites_every_passage_about_it_by_id(story: Story, lheiban_pdf: str) -> None:
    """The Lheiban brief lists the ids of all 9 passages about it, with their text."""
    ids = story.passages_for("lheiban")
    assert len(ids) == 9
    assert all(passage_id in lheiban_pdf for passage_id in ids)
    assert "Once numbering 65 families, Lheiban now has only 12 left" in flat(lheiban_pdf)
    assert "Passages about Lheiban (9)" in lheiban_pdf


def test_place_brief_gives_facts_source_credit_caveat_and_date(
    story: Story, lheiban_pdf: str
) -> None:
    """Name, kind, certainty and source of the place; the article's title, publisher, date
    and attribution; the map's caveat; the day the brief was made."""
    text = flat(lheiban_pdf)
    assert "Brief: Lheiban (village)" in text
    assert "approximate (researched estimate), within about ±9 km" in text
    assert "Kurdistan24 4 and 6 Dec 2021" in text
    assert "Liheban, Lheban, Lahiban, لهيبان" in text  # the text layer holds the Arabic too
    assert "Iraqi army and Kurdish fighters team up to oust ISIS" in text
    assert "The National, 17 December 2021" in text and "Samya Kullab" in text
    assert "no surveyed line exists" in text
    assert "Brief made 2026-12-02" in text
    assert "UTM 38N (EPSG:32638)" in text and "Key" in text


def test_whole_story_brief_lists_every_passage_over_several_pages(story: Story) -> None:
    """Without a place: the story's focus, every passage id, continued on later pages."""
    data = brief_bytes(story, today=DAY)
    text = pdf_text(data)
    assert len(pypdf.PdfReader(io.BytesIO(data)).pages) >= 2
    assert all(p.id in text for p in story.article.passages)
    assert "Brief: The whole story" in text and "(continued)" in text
    assert "As a backhoe dug up the ground" in flat(text)


def test_png_brief_is_a4_portrait_sheets(story: Story, lheiban_png: bytes) -> None:
    """The PNG is the A4 sheets one below the other (a copy is left in test-results/)."""
    image = Image.open(io.BytesIO(lheiban_png))
    assert image.format == "PNG"
    sheets = round(image.height / (image.width * 297 / 210))
    assert sheets >= 1 and abs(image.height / sheets / image.width - 297 / 210) < 0.01
    zone = Image.open(io.BytesIO(brief_bytes(story, fmt="png", today=DAY)))
    assert zone.width == image.width


def test_hostile_strings_are_printed_as_text(tmp_path: Path) -> None:
    """Mathtext, TeX, Jinja and markup in names and passages stay their own characters."""
    hostile = load_story(build_hostile_data(tmp_path / "data"))
    whole = pdf_text(brief_bytes(hostile, today=DAY))
    place = pdf_text(brief_bytes(hostile, place_id("P18"), fmt="pdf", today=DAY))
    for text in (whole, place):
        assert "$\\href{javascript:" in text and "$x^2$" in text
        assert "1337" not in text
    assert "{{ range(7*191)|length }}" in whole
    assert "<script>" in whole
    assert brief_bytes(hostile, place_id("P45"), fmt="png", today=DAY).startswith(b"\x89PNG")


def test_a_story_without_forces_or_actors_still_makes_a_brief(
    tmp_path: Path, data_dir: Path
) -> None:
    """No forces.geojson and no actors.json: the map has no force layers, the text is whole."""
    data = tmp_path / "data"
    ignore = shutil.ignore_patterns("raw", "forces.geojson", "actors.json")
    shutil.copytree(data_dir, data, ignore=ignore)
    bare = load_story(data)
    assert bare.actors == ()
    text = pdf_text(brief_bytes(bare, "lheiban", today=DAY))
    assert "p15-59eb" in text and "Iraqi army / federal forces" not in text
    assert brief_bytes(bare, fmt="png").startswith(b"\x89PNG")


def test_cli_writes_pdf_and_png_by_suffix(tmp_path: Path, data_dir: Path) -> None:
    """`python -m geo brief --place ID --layers a,b OUT` writes the format its suffix names."""
    out = tmp_path / "brief.pdf"
    args = ["brief", "--data", str(data_dir), "--place", "lheiban", "--layers", "peshmerga,isis"]
    assert main([*args, str(out)]) == 0
    assert "p02-ebaf" in pdf_text(out.read_bytes())
    assert main(["brief", "--data", str(data_dir), str(tmp_path / "b.png")]) == 0
    assert (tmp_path / "b.png").read_bytes().startswith(b"\x89PNG")


def test_cli_refuses_an_unknown_place_layer_or_suffix(tmp_path: Path, data_dir: Path) -> None:
    """Exit 2, nothing written, for a place or layer the story lacks or a suffix not pdf/png."""
    base = ["brief", "--data", str(data_dir)]
    assert main([*base, "--place", "atlantis", str(tmp_path / "a.pdf")]) == 2
    assert main([*base, "--layers", "vikings", str(tmp_path / "b.pdf")]) == 2
    assert main([*base, str(tmp_path / "c.svg")]) == 2
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"place_id": "atlantis"}, "no place with id 'atlantis'"),
        ({"layers": ["vikings"]}, "no actor layer 'vikings'"),
        ({"fmt": "svg"}, "format must be one of pdf, png"),
    ],
)
def test_brief_bytes_names_what_it_cannot_do(story: Story, kwargs: dict, match: str) -> None:
    """An unknown place, layer or format raises BriefError naming it."""
    with pytest.raises(BriefError, match=match):
        brief_bytes(story, **kwargs)


def test_text_lines_are_wrapped_and_tagged(story: Story) -> None:
    """Every line fits the width; a passage's id tags only its first line."""
    text = brief_text(story, "lheiban", width=60, today=DAY)
    assert all(len(line.text) <= 60 for line in text.header + text.passages)
    tagged = [line.tag for line in text.passages if line.tag]
    assert tagged == story.passages_for("lheiban")


def test_pagination_keeps_a_passage_on_one_page() -> None:
    """A passage that does not fit what is left of a page starts the next one."""
    lines = (Line("a", tag="p1"), Line("b"), Line("c", tag="p2"), Line("d"), Line("e"))
    assert paginate(lines, first=4, rest=5) == [list(lines[:2]), list(lines[2:])]
    long = tuple([Line("x", tag="p1")] + [Line("y")] * 6)
    assert [len(page) for page in paginate(long, first=3, rest=4)] == [3, 4]


def test_the_brief_imports_no_folium() -> None:
    """Every module of geo.brief imports without folium or branca: the printed brief
    shares the palette and the symbols' layout with the map (geo.palette, geo.symbols),
    not the map's package."""
    root = Path(__file__).resolve().parent.parent
    code = (
        "import importlib, pkgutil, sys\n"
        "import geo.brief\n"
        "for mod in pkgutil.walk_packages(geo.brief.__path__, 'geo.brief.'):\n"
        "    importlib.import_module(mod.name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('folium', 'branca')))\n"
        "print(sorted(m for m in sys.modules if m.startswith('geo.brief.')))\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    imported, brief_modules = done.stdout.splitlines()
    assert imported == "[]"
    assert "geo.brief.mapdraw" in brief_modules and "geo.brief.share" in brief_modules

"""The published edition (geo.publish): the folder's files, its size, what index.html may
load, the panel's data, the zip, and the command line."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import shutil
import zipfile
from collections import Counter
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

import geo.publish
from geo.__main__ import main
from geo.events import Event
from geo.publish import VendorFileMissing, edition_files, publish_zip, write_edition
from geo.publish.bundle import utf16_offsets, when
from geo.publish.page import compact, shipped_bytes, static_bytes
from geo.story import load_story
from tests.conftest import DATA
from tests.test_hostile import (
    PAYLOAD_IDS,
    STORY_PAYLOADS,
    build_hostile_data,
    payload,
    place_id,
)

BUDGET_BYTES = 600 * 1000  # "at most 600 KB in all, before compression"
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
def story():
    return load_story(DATA)


@pytest.fixture(scope="module")
def edition(story, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    out = tmp_path_factory.mktemp("edition")
    return out, write_edition(story, out)


@pytest.fixture(scope="module")
def index_html(edition) -> str:
    return (edition[0] / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def data(edition) -> dict:
    return json.loads((edition[0] / "edition.json").read_text(encoding="utf-8"))


def hostile_event_id(number: str) -> str:
    return f"hostile-event-{number.lower()}"


def add_hostile_events(data_dir: Path) -> Path:
    """An event per payload in the copy's events.json: the payload in its title and source,
    and in its summary where events.py lets one through (plain text, one sentence)."""
    path = data_dir / "events.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    for index, number in enumerate(PAYLOAD_IDS):
        day = (date(2021, 1, 1) + timedelta(days=index)).isoformat()
        raw = payload(number, "eventsummary")
        plain = not any(c in raw for c in "<>\n") and not re.search(r"[.!?]\s+[A-Z]", raw)
        doc["events"].append(
            {
                "id": hostile_event_id(number),
                "date": day,
                "precision": "day",
                "start": day,
                "end": day,
                "title": payload(number, "eventtitle"),
                "summary": f"Hostile event {number} says {raw if plain else 'nothing'} end.",
                "passages": [],
                "places": [place_id(number)],
                "actors": [],
                "origin": "context",
                "source": f"{payload(number, 'eventsource')} (2021)",
            }
        )
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return data_dir


def build_hostile_edition_data(target: Path) -> Path:
    """tests.test_hostile's hostile copy of the data, with hostile events too."""
    return add_hostile_events(build_hostile_data(target))


@pytest.fixture(scope="module")
def hostile_story(tmp_path_factory: pytest.TempPathFactory):
    return load_story(build_hostile_edition_data(tmp_path_factory.mktemp("hostile") / "data"))


@pytest.fixture(scope="module")
def hostile_files(hostile_story) -> dict[str, bytes]:
    return edition_files(hostile_story)


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


def test_the_folder_holds_the_page_its_data_its_panel_and_the_vendored_map(edition) -> None:
    """index.html, edition.json, panel.js/.css, the favicon and Leaflet with its plugins."""
    names = relative(edition)
    assert {"index.html", "edition.json", "panel.js", "panel.css", "favicon.svg"} <= names
    assert {"vendor/leaflet/leaflet.js", "vendor/leaflet/leaflet.css"} <= names
    assert all(n.startswith("vendor/") for n in names - {
        "index.html", "edition.json", "panel.js", "panel.css", "favicon.svg"})  # fmt: skip
    assert {p.relative_to(edition[0]).as_posix() for p in edition[0].rglob("*") if p.is_file()} == (
        names
    )


def test_the_edition_leaves_out_what_the_map_does_not_use(edition) -> None:
    """No marker clustering (the app's synthetic events only), no jQuery, no bootstrap."""
    names = " ".join(relative(edition))
    for unused in ("markercluster", "jquery", "bootstrap", "awesome"):
        assert unused not in names


def test_the_edition_fits_in_600_kb(edition) -> None:
    """All files together, before compression, stay within the budget."""
    out, written = edition
    sizes = Counter()
    for path in written:
        sizes[path.suffix or path.name] += path.stat().st_size
    total = sum(sizes.values())
    print("edition bytes by type:", dict(sizes.most_common()), "total", total)
    assert total <= BUDGET_BYTES, dict(sizes)


def test_the_edition_carries_no_streamlit_click_reporting(index_html: str) -> None:
    """The map's script that reports clicks to streamlit-folium does nothing in a static
    page, so the edition leaves it out (it once pushed the edition over its budget)."""
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
    assert not re.search(r"""(?i)(src|href)\s*=\s*["']?\s*(https?:)?//""", index_html.replace(
        f'href="{article_url}"', ""))  # fmt: skip


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
    assert '<script src="panel.js"></script>' in index_html


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


def test_the_panel_script_builds_no_html_from_strings() -> None:
    """panel.js uses textContent and createElement only: no HTML parsing, no eval."""
    for source in (static_bytes("panel.js").decode(), shipped_bytes("panel.js").decode()):
        code = "\n".join(line.split("//")[0] for line in source.splitlines())
        for sink in HTML_SINKS:
            assert sink not in code, sink


def test_the_shipped_panel_files_lose_only_indentation_and_comment_lines() -> None:
    """panel.js in the folder: the source without leading spaces, blank lines and whole-line
    comments, every other line the same; panel.css without its indentation and comments."""
    source = static_bytes("panel.js").decode()
    shipped = shipped_bytes("panel.js").decode()
    kept = [line.strip() for line in source.splitlines()]
    kept = [line for line in kept if line and not line.startswith("//")]
    assert shipped.splitlines() == kept
    assert len(shipped) < 0.75 * len(source)
    css = compact(static_bytes("panel.css").decode())
    assert shipped_bytes("panel.css").decode() == re.sub(r"/\*.*?\*/\n?", "", css, flags=re.S)
    assert "/*" not in shipped_bytes("panel.css").decode()


# --- the panel's data ------------------------------------------------------------------


def test_lheiban_has_its_nine_passages_with_the_mentions_marked(data: dict) -> None:
    """Each passage about Lheiban, in order; where the text names it, the span says so."""
    lheiban = data["places"]["lheiban"]
    assert lheiban["name"] == "Lheiban" and lheiban["layer"] == "places"
    assert len(lheiban["passages"]) == 9
    text = {p["id"]: p["text"] for p in data["passages"]}
    marked = [text[pid][s:e] for pid, spans, _reason in lheiban["passages"] for s, e in spans]
    assert marked == ["Lheiban"] * 5
    assert all(reason for _pid, _spans, reason in lheiban["passages"])
    facts = dict(lheiban["facts"])
    assert facts["Certainty"].startswith("approximate") and "±9 km" in facts["Certainty"]
    assert facts["Source"].startswith("Researched estimate")
    assert lheiban["at"] == [35.66, 43.84]


def test_passages_carry_their_place_chips_in_article_order(data: dict) -> None:
    """Every passage knows its places (chips); numbers run 1..n."""
    assert [p["n"] for p in data["passages"]] == list(range(1, len(data["passages"]) + 1))
    p14 = next(p for p in data["passages"] if p["id"].startswith("p14-"))
    assert p14["places"] == ["debaga", "kurdistan-region", "lheiban"]
    assert all(pid in data["places"] for p in data["passages"] for pid in p["places"])


def test_search_keys_are_folded_like_the_app_s_search(data: dict) -> None:
    """Names and aliases, Arabic included, folded (casefold, no harakat, one alef)."""
    keys = {entry[0]: entry[1] for entry in data["search"]}
    assert "لهيبان" in keys["lheiban"] and "lheiban" in keys["lheiban"]
    assert "qaraqosh" in keys["qaraqosh"]
    assert data["searchLimits"] == {"min": 2, "max": 100}
    assert data["storyPlaces"] == ["lheiban", "debaga", "makhmur", "qarachok"]


def test_force_features_have_panel_facts_and_passages(data: dict, story) -> None:
    """A force symbol is clickable in the page: its actor, origin and passages are there."""
    forces = [pid for pid, place in data["places"].items() if place["layer"] == "forces"]
    assert len(forces) == len(story.dataset.layer("forces"))
    sample = data["places"][forces[0]]
    assert {"Actor", "Origin", "Certainty", "Source"} <= {label for label, _ in sample["facts"]}


def test_the_timeline_s_events_are_in_the_data_in_date_order(data: dict, story) -> None:
    """Every event, oldest first, with its date at its precision, its day, texts, origin,
    source, passages and the places the panel has; the map's first day is the article's."""
    events = data["events"]
    assert [e["id"] for e in events] == [e.id for e in story.events]
    assert len(events) == len(story.events) >= 20
    assert data["day"] == "2021-12-17" == story.article.date.isoformat()
    by_id = {e["id"]: e for e in events}
    collapse = by_id["iraqi-army-collapse"]
    assert (collapse["when"], collapse["day"], collapse["title"]) == (
        "June 2014", "2014-06-30", "The Iraqi army collapses")  # fmt: skip
    assert collapse["origin"] == "article" and collapse["passages"] == ["p26-2104"]
    assert collapse["places"] == ["prov-nineveh", "prov-kirkuk", "prov-salaheddin", "prov-diyala"]
    move = by_id["joint-move-into-lheiban"]
    assert (move["when"], move["day"]) == ("7 Dec 2021", "2021-12-07")
    assert move["places"] == ["lheiban"] and move["passages"] == ["p03-a91e", "p16-be87"]
    assert move["source"].startswith("the article")
    assert by_id["joint-security-2009-2014"]["when"] == "2009–2014"
    assert by_id["joint-security-2009-2014"]["day"] == "2009-01-01"  # a period: its start
    assert by_id["federal-operation-kirkuk"]["when"] == "16 Oct 2017"
    assert by_id["combined-security-mechanism"]["when"] == "Nov 2009–30 Jan 2010"
    assert by_id["mosul-falls-to-isis"]["when"] == "9–10 Jun 2014"
    context = by_id["unami-disputed-boundaries-reports"]
    assert context["origin"] == "context" and "2009" in context["source"]
    # Districts are not drawn in the edition: named, not chips.
    assert context["places"] == [] and "Sinjar" in context["others"]
    passages = {p["id"] for p in data["passages"]}
    for event in events:
        assert set(event) == {"id", "when", "day", "title", "summary", "origin", "source",
                              "passages", "places", "others"}  # fmt: skip
        assert set(event["passages"]) <= passages
        assert all(pid in data["places"] for pid in event["places"])
        assert date.fromisoformat(event["day"])


def _event(value: str, precision: str) -> Event:
    return Event("e", value, precision, "T", "S.", (), (), (), "article", "the article")


@pytest.mark.parametrize(
    ("value", "precision", "label"),
    [
        ("2014", "year", "2014"),
        ("2014-06", "month", "June 2014"),
        ("2017-10-16", "day", "16 Oct 2017"),
        ("2009/2014", "period", "2009–2014"),
        ("2014-06/2014-08", "period", "Jun 2014–Aug 2014"),
        ("2017-10-15/2017-10-27", "period", "15–27 Oct 2017"),
        ("2017-09-25/2017-10-27", "period", "25 Sep–27 Oct 2017"),
        ("2016-07-12/2022", "period", "12 Jul 2016–2022"),
    ],
)
def test_when_labels_say_the_date_at_its_precision(value: str, precision: str, label: str) -> None:
    """The timeline's label: no more precise than the source's date, each end its own."""
    assert when(_event(value, precision)) == label


def test_offsets_are_utf16_code_units() -> None:
    """A character beyond the BMP counts twice, as JavaScript strings index it."""
    assert utf16_offsets("a😀b") == [0, 1, 3, 4]


def test_highlights_after_an_astral_character_stay_on_the_word() -> None:
    """A passage with an emoji before the mention: the span still covers the name in JS."""
    text = "😀 Lheiban"
    units = utf16_offsets(text)
    js = text.encode("utf-16-le")
    assert js[units[2] * 2 : units[9] * 2].decode("utf-16-le") == "Lheiban"


# --- hostile data ----------------------------------------------------------------------


def test_hostile_story_texts_reach_the_page_only_escaped(hostile_files, hostile_story) -> None:
    """story.json's payloads (title, page title, standfirst, notes) are text in index.html."""
    html = hostile_files["index.html"].decode()
    for key, number in STORY_PAYLOADS.items():
        raw = payload(number, key)
        if key in ("measurement_note",):
            continue  # not on the published page
        if "<" in raw or "&" in raw:
            assert raw not in html, key
    assert "&lt;img src=x onerror=" in html  # P02 in the title, as text
    for needle in ("<img", "<svg onload", "<iframe", "<details", "<script>window"):
        assert needle not in html


def test_hostile_links_never_reach_the_data_unless_http(hostile_files) -> None:
    """Passage anchors in edition.json are absolute http(s) URLs only."""
    data = json.loads(hostile_files["edition.json"])
    hrefs = [a[2] for p in data["passages"] for a in p["anchors"]]
    assert hrefs and all(re.match(r"https?://[^/]", h) for h in hrefs)
    assert "https://example.org/" in hrefs


def test_hostile_names_are_in_the_data_as_plain_strings(hostile_files) -> None:
    """The data holds each payload as it is (the page shows it as text), nothing dropped."""
    data = json.loads(hostile_files["edition.json"])
    for number in PAYLOAD_IDS:
        place = data["places"][f"hostile-{number.lower()}"]
        assert place["name"] == payload(number, "name")
        assert dict(place["facts"])["Source"] == payload(number, "source")
        assert place["passages"], number


def test_hostile_event_texts_are_in_the_data_as_plain_strings(hostile_files) -> None:
    """Each hostile event loads (none dropped) with its payloads as they are: the page's
    timeline shows them as text."""
    data = json.loads(hostile_files["edition.json"])
    events = {e["id"]: e for e in data["events"]}
    for number in PAYLOAD_IDS:
        event = events[f"hostile-event-{number.lower()}"]
        assert event["title"] == payload(number, "eventtitle")
        assert event["source"].startswith(payload(number, "eventsource"))
        assert event["places"] == [place_id(number)]
    assert sum("__pwned" in e["summary"] for e in events.values()) >= 5


# --- the command line ------------------------------------------------------------------


def test_cli_publish_prints_the_files_and_exits_0(tmp_path: Path, capsys) -> None:
    """`python -m geo publish OUT` writes the folder and lists each file."""
    assert main(["publish", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out.split()
    assert str(tmp_path / "out" / "index.html") in printed
    assert all(Path(p).is_file() for p in printed)


def test_cli_publish_exits_1_when_the_story_has_errors(tmp_path: Path, capsys) -> None:
    """A broken story.json is an error: the edition is still written, the exit code says so."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("raw"))
    (data / "story.json").write_text("{broken", encoding="utf-8")
    assert main(["publish", "--data", str(data), str(tmp_path / "out")]) == 1
    assert "story.json" in capsys.readouterr().err
    assert (tmp_path / "out" / "index.html").is_file()


def test_cli_publish_exits_2_when_vendored_files_are_missing(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """No static/vendor (npm ci not run): exit 2 with the file and the fix named."""

    def missing(*_args, **_kwargs):
        raise VendorFileMissing("static/vendor/leaflet/leaflet.js is missing: run `npm ci`")

    monkeypatch.setattr(geo.publish, "write_edition", missing)
    assert main(["publish", str(tmp_path / "out")]) == 2
    assert "leaflet.js is missing" in capsys.readouterr().err

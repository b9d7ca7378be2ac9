"""What a newsroom does with the edition, in headless Chromium: embed it in another site's
page (embed.html's Pym.js iframe takes the content's height and follows it), print it (A4
and Letter), and read it at night (prefers-color-scheme: dark, axe-clean). The app's dark
mode: tests/test_accessibility.py."""

from __future__ import annotations

import io
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from playwright.sync_api import Browser, Frame, Page, expect

from browsing.staticfiles import serve
from geo.publish import write_edition
from geo.story import load_story
from tests.browser import DESKTOP, PHONE, axe_violations, describe
from tests.conftest import ARTIFACTS, DATA

pytestmark = pytest.mark.e2e

READY = ".dz-reader[data-dz-ready='1']"
SIZES = {"desktop": DESKTOP, "phone": PHONE}
# The relative luminance of an element's background (WCAG's formula), 0 black to 1 white.
LUMINANCE_JS = """(el) => {
  const [r, g, b] = getComputedStyle(el).backgroundColor.match(/[\\d.]+/g).map(Number);
  const lin = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}"""


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The edition, published with its own address as the base URL, served: its folder and
    its URL."""
    folder = tmp_path_factory.mktemp("edition")
    with serve(folder) as base:
        write_edition(load_story(DATA), folder, base=f"{base}/")
        yield folder, f"{base}/"


@pytest.fixture(scope="module")
def edition(published: tuple[Path, str]) -> str:
    return published[1]


@pytest.fixture(scope="module")
def host_page(
    published: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A newsroom's page on another origin (another port): embed.html's snippet in it."""
    folder = tmp_path_factory.mktemp("newsroom")
    shutil.copy(published[0] / "embed.html", folder / "story.html")
    with serve(folder) as base:
        yield f"{base}/story.html"


def screenshot(page: Page, name: str, **options) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"newsroom-{name}.png"), **options)


# --- embed -----------------------------------------------------------------------------------


def embedded(page: Page) -> Frame:
    iframe = page.locator("iframe")
    expect(iframe).to_have_count(1, timeout=20_000)
    frame = iframe.element_handle().content_frame()
    assert frame is not None
    expect(frame.locator(READY)).to_be_attached(timeout=20_000)
    return frame


def expect_height_follows(page: Page, frame: Frame, timeout_s: float = 15.0) -> float:
    """Wait until the iframe (another origin: measured from each side) is as tall as its
    content, Pym.js's message having arrived; return that height."""
    deadline = time.monotonic() + timeout_s
    while True:
        content = frame.evaluate("() => document.body.offsetHeight")
        box = page.locator("iframe").bounding_box()
        if box and content > 300 and abs(box["height"] - content) <= 1:
            return content
        assert time.monotonic() < deadline, f"iframe {box and box['height']} px, content {content}"
        page.wait_for_timeout(100)  # polling the two sides, not waiting for a guess


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_the_embed_takes_its_content_s_height_and_follows_it(
    browser: Browser, host_page: str, size: str
) -> None:
    """embed.html's snippet on another site: Pym.js makes an iframe of the edition in embed
    mode (no article, the map at the top, nothing sized by the window), as tall as its
    content at this width; choosing a place lengthens the content, and the iframe follows.
    axe finds nothing in the host page or in the frame."""
    context = browser.new_context(viewport=SIZES[size], bypass_csp=True)  # axe is injected
    page = context.new_page()
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    try:
        page.goto(host_page)
        frame = embedded(page)
        assert "embed" in frame.url and frame.url.split("/")[2] != page.url.split("/")[2]
        assert frame.evaluate("() => document.documentElement.classList.contains('dz-embed')")
        expect(frame.locator(".dz-article")).to_be_hidden()
        expect(frame.locator(".dz-map .folium-map")).to_be_visible()
        before = expect_height_follows(page, frame)
        iframe_box = page.locator("iframe").bounding_box()
        column = page.locator("[data-pym-src]").bounding_box()  # the host's column
        assert iframe_box and column and iframe_box["width"] == pytest.approx(column["width"])
        screenshot(page, f"embed-{size}", full_page=True)

        frame.evaluate("() => { location.hash = 'place=lheiban'; }")
        expect(frame.locator("#dz-panel .dz-passage")).to_have_count(9)
        after = before
        deadline = time.monotonic() + 15
        while after <= before + 200 and time.monotonic() < deadline:
            after = expect_height_follows(page, frame)
        assert after > before + 200
        screenshot(page, f"embed-{size}-lheiban", full_page=True)
        assert not failed, failed
        found = axe_violations(page)  # the host page, and the edition in its frame
        assert not found, describe(found)
    finally:
        context.close()


# --- print -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def printed(browser: Browser, edition: str) -> Iterator[tuple[Page, dict[str, str]]]:
    """Lheiban chosen, printed to PDF on A4 and on Letter: the page and each PDF's text."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{edition}index.html#place=lheiban")
    expect(page.locator(READY)).to_be_attached(timeout=20_000)
    expect(page.locator("#dz-panel .dz-passage")).to_have_count(9)
    texts = {}
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper, print_background=True)
        reader = pypdf.PdfReader(io.BytesIO(pdf))
        width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
        texts[paper] = (round(width), round(height), len(reader.pages),
                        "\n".join(p.extract_text() for p in reader.pages))  # fmt: skip
    yield page, texts
    context.close()


def test_printing_gives_the_map_the_card_the_credit_the_date_and_the_link(
    printed, edition: str
) -> None:
    page, texts = printed
    assert texts["A4"][:2] in ((595, 842), (596, 843)) and texts["Letter"][:2] == (612, 792)
    for paper, (_w, _h, pages, text) in texts.items():
        flat = " ".join(text.split())
        assert pages <= 4, paper
        assert "Iraq's disputed zone: Lheiban, December 2021" in flat, paper
        assert f"from {edition}index.html#place=lheiban" in flat, paper  # the link
        assert "Printed " in flat and "The National, 17 December 2021" in flat, paper
        assert "Certainty approximate" in flat and "9 passages in the article" in flat, paper
        assert "Once numbering 65 families" in flat, paper  # a passage about Lheiban
        assert "https://www.thenationalnews.com/" in flat, paper  # the credit's link
        # No search, switches or buttons (the map's day badge stays: "As of 17 December").
        for control in ("Search places, passages and events", "Layers and key", "Whole zone",
                        "Timeline", "Story focus", "Force presence"):  # fmt: skip
            assert control not in flat, (paper, control)
    # After printing, the screen's layout is back: the map beside the story.
    assert not page.evaluate("() => document.documentElement.classList.contains('dz-printing')")
    box = page.locator(".dz-map").bounding_box()
    assert box and box["height"] == pytest.approx(DESKTOP["height"], abs=2)


def test_the_printed_map_is_drawn_at_its_printed_size(printed) -> None:
    """As the browser prints (print media, after beforeprint), the map sits under the title,
    186 mm wide and 110 mm tall, its tiles of shapes drawn over the whole of it."""
    page, _texts = printed
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    try:
        page.set_viewport_size({"width": 703, "height": 1050})  # A4's text width at 96 dpi
        box = page.locator(".dz-map").bounding_box()
        head = page.locator(".dz-head").bounding_box()
        assert box and head and box["y"] >= head["y"] + head["height"] - 1
        assert box["width"] == pytest.approx(703, abs=4)
        assert box["height"] == pytest.approx(110 / 25.4 * 96, abs=3)
        expect(page.locator(".dz-search")).to_be_hidden()
        expect(page.locator(".dz-map .leaflet-control-layers")).to_be_hidden()
        expect(page.locator(".dz-printed")).to_contain_text("Printed")
        screenshot(page, "print-a4", full_page=True)
    finally:
        page.emulate_media(media="screen")
        page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
        page.set_viewport_size(DESKTOP)


# --- dark ------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_dark_mode_follows_the_system_and_passes_axe(
    browser: Browser, edition: str, size: str
) -> None:
    """With the system set to dark: the page, the reader and the map's layer panel are
    dark, the map's own ground stays light; axe finds nothing, in the page and in the map."""
    context = browser.new_context(viewport=SIZES[size], color_scheme="dark", bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(f"{edition}index.html#place=lheiban")
        expect(page.locator(READY)).to_be_attached(timeout=20_000)
        expect(page.locator("#dz-panel .dz-passage")).to_have_count(9)
        assert page.locator("body").evaluate(LUMINANCE_JS) < 0.05
        assert page.locator(".dz-layer-panel").evaluate(LUMINANCE_JS) < 0.05
        assert page.locator(".folium-map").evaluate(LUMINANCE_JS) > 0.5
        found = axe_violations(page)
        assert not found, describe(found)
        screenshot(page, f"dark-{size}")
    finally:
        context.close()

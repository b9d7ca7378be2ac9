"""The servers each variant is opened from: (a) the app and (c) the naive app, each a
Streamlit process started afresh (``browsing.appserver``), and the two static sites, (b) the
LayerControl page and (d) the published edition, each started once for the whole run."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench import static_page
from bench.variants import APP, FLOOR, PUBLISHED, Variant
from browsing import ARTIFACTS, ROOT, staticfiles
from browsing.appserver import start_app, stop_app

NAIVE_APP = ROOT / "bench" / "naive_app.py"


def beside_static(workdir: Path, script: Path) -> Path:
    """A link to SCRIPT in WORKDIR, beside a ``static`` link to the app's vendor files.

    Streamlit serves ``static/`` from next to the main script, so a benchmark page run
    through this link serves the same bytes as the app, the same way."""
    workdir.mkdir(parents=True, exist_ok=True)
    linked = workdir / script.name
    for link, target in ((linked, script), (workdir / "static", ROOT / "static")):
        if not link.exists():
            link.symlink_to(target)
    return linked


@contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    """VALUES set in this process's environment (which servers started now inherit),
    the earlier values put back afterwards."""
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def start_naive(workdir: Path) -> tuple[subprocess.Popen, str]:
    """Start the naive app with ``start_app``'s flags and health polling, through a link
    beside the app's ``static/`` (``beside_static``)."""
    return start_app(script=beside_static(workdir, NAIVE_APP))


@contextmanager
def published_site(workdir: Path) -> Iterator[str]:
    """(d): ``python -m geo publish`` into ``workdir``, served from a process of its own
    (``browsing.staticfiles.serve_apart``) on a free loopback port, as any static host
    would serve the folder; yields its URL."""
    folder = workdir / "published"
    subprocess.run(
        [sys.executable, "-m", "geo", "publish", str(folder)],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    with staticfiles.serve_apart(folder) as url:
        yield url


@dataclass(frozen=True)
class Sites:
    """The static servers' base URLs: (b) the floor page, (d) the published edition."""

    floor: str
    published: str


@contextmanager
def served(variant: Variant, workdir: Path, sites: Sites) -> Iterator[str]:
    """A running server for ``variant``; yields its URL, stops it afterwards."""
    if variant is FLOOR:
        yield sites.floor
        return
    if variant is PUBLISHED:
        yield sites.published
        return
    ARTIFACTS.mkdir(exist_ok=True)  # both launchers log there; a parallel test run may clean it
    proc, url = start_app() if variant is APP else start_naive(workdir / "naive")
    try:
        yield url
    finally:
        stop_app(proc)


def page_url(variant: Variant, base: str, actor_ids: list[str]) -> str:
    """Where to open each variant with all six force layers on."""
    if variant is APP:
        return f"{base}/?layers={','.join(actor_ids)}"
    if variant is FLOOR:
        return f"{base}/{static_page.PAGE_NAME}"
    if variant is PUBLISHED:
        return f"{base}/index.html#layers={','.join(actor_ids)}"
    return f"{base}/"  # the naive app starts with every checkbox ticked


@contextmanager
def static_sites(workdir: Path) -> Iterator[Sites]:
    """(b) and (d), served for the whole run: the floor page's folder, ``workdir/site`` (its
    page written once the app's map size is known, ``bench.static_page.write_site``), and
    the published edition."""
    with (
        staticfiles.serve(workdir / "site") as floor_url,
        published_site(workdir) as published_url,
    ):
        yield Sites(floor=floor_url, published=published_url)

"""What the first load is made of: every response of one cold start, by file and by kind.

``python -m bench.first_load [--label NAME] [--variants a,d]`` opens the app (a) (and the
published edition (d)) once in a fresh Chromium context, exactly as ``bench.run`` times a
cold start, and records each HTTP response's bytes on the wire and decoded (Chrome
DevTools Protocol: ``Network.loadingFinished.encodedDataLength`` and the sum of
``Network.dataReceived.dataLength``) plus the websocket messages received. Runs are kept
in ``bench/results/first-load.json`` under their label (``before``/``after`` a change), and
``bench/results/first-load.md`` is written from all of them.
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

from bench.coldstart import cold_start
from bench.servers import Sites, published_site
from bench.variants import APP, PUBLISHED, RESULTS, VARIANTS, story_facts
from browsing.chromium import CHROMIUM, CHROMIUM_ARGS

OUT_JSON = RESULTS / "first-load.json"
OUT_MD = RESULTS / "first-load.md"
TOP_FILES = 15
# Streamlit's bundles carry a content hash: index.B4x9c2.js -> index.js.
_HASH = re.compile(r"\.[A-Za-z0-9_-]{8,}(?=\.[a-z0-9]+$)")


def kind(row: dict[str, Any]) -> str:
    """A response's kind, from CDP's resource type and its MIME type."""
    t, mime, url = row["type"], row["mime"], row["url"]
    if t == "WebSocket":
        return "websocket messages"
    if t == "Script" or "javascript" in mime:
        return "JavaScript"
    if t == "Stylesheet" or mime == "text/css":
        return "CSS"
    if t == "Font" or mime.startswith("font/") or url.endswith((".woff", ".woff2", ".ttf")):
        return "fonts"
    if t == "Document" or mime == "text/html":
        return "HTML"
    if t == "Image" or mime.startswith("image/"):
        return "images"
    if "json" in mime:
        return "JSON"
    return t or mime or "other"


def short_name(url: str) -> str:
    """The file's name without Streamlit's content hash (the path's last part)."""
    parts = urlsplit(url)
    if not parts.scheme.startswith("http"):
        return url
    name = parts.path.rstrip("/").rsplit("/", 1)[-1] or parts.path or "/"
    return _HASH.sub("", name)


def measure(variants: list[str]) -> dict[str, Any]:
    facts = story_facts()
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="first-load-") as tmp, sync_playwright() as pw:
        workdir = Path(tmp)
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        with ExitStack() as stack:
            published = stack.enter_context(published_site(workdir)) if "d" in variants else ""
            sites = Sites(floor="", published=published)
            for v in VARIANTS:
                if v.key not in variants:
                    continue
                result = cold_start(browser, v, workdir, sites, facts)
                files = [
                    {**f, "kind": kind(f), "name": short_name(f["url"])} for f in result["files"]
                ]
                out[v.key] = {
                    "label": v.label,
                    "cold_start_ms": result["ms"],
                    "navigation_to_painted_ms": result["navigation_to_painted_ms"],
                    "wire_bytes": sum(f["wire"] for f in files),
                    "decoded_bytes": sum(f["decoded"] for f in files),
                    "responses": sum(1 for f in files if f["type"] != "WebSocket"),
                    "files": files,
                }
        browser.close()
    return out


def by_kind(files: list[dict[str, Any]]) -> list[tuple[str, int, int, int]]:
    kinds: dict[str, list[int]] = {}
    for f in files:
        k = kinds.setdefault(f["kind"], [0, 0, 0])
        k[0] += 1
        k[1] += f["wire"]
        k[2] += f["decoded"]
    return sorted(((k, n, w, d) for k, (n, w, d) in kinds.items()), key=lambda r: -r[3])


def kb(n: int) -> str:
    return f"{n / 1000:,.1f}"


def markdown(runs: dict[str, Any]) -> str:
    lines = [
        "# First load, by file and by kind",
        "",
        "One cold start per variant in a fresh headless Chromium context (empty cache), counted",
        "until the page has settled (`python -m bench.first_load`; method as `bench.run`'s",
        "first-load bytes). **Wire**: `Network.loadingFinished.encodedDataLength` (headers + body",
        "as sent); **decoded**: the body after content decoding (`Network.dataReceived`). The",
        "websocket row is the Streamlit messages received (their payloads, counted alike).",
        "KB = 1000 bytes.",
        "",
        "## Totals",
        "",
        "| run | variant | responses | on the wire | decoded | cold start (navigation → painted) |",
        "|---|---|---|---|---|---|",
    ]
    for label, run in runs.items():
        for r in run["variants"].values():
            lines.append(
                f"| {label} ({run['when']}) | {r['label']} | {r['responses']} | "
                f"{r['wire_bytes'] / 1e6:.2f} MB | {r['decoded_bytes'] / 1e6:.2f} MB | "
                f"{r['cold_start_ms']:.0f} ms ({r['navigation_to_painted_ms']:.0f} ms) |"
            )
    for label, run in runs.items():
        for r in run["variants"].values():
            lines += [
                "",
                f"## {label}: {r['label']}",
                "",
                "| kind | responses | wire KB | decoded KB |",
                "|---|---|---|---|",
            ]
            for k, n, w, d in by_kind(r["files"]):
                lines.append(f"| {k} | {n} | {kb(w)} | {kb(d)} |")
            lines += [
                "",
                f"Largest {TOP_FILES} (decoded):",
                "",
                "| file | kind | wire KB | decoded KB |",
                "|---|---|---|---|",
            ]
            for f in r["files"][:TOP_FILES]:
                lines.append(
                    f"| `{f['name']}` | {f['kind']} | {kb(f['wire'])} | {kb(f['decoded'])} |"
                )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", default="now", help="this run's name (before, after, ...)")
    parser.add_argument("--variants", default="a,d", help="which of a,b,c,d (b and c: no)")
    parser.add_argument("--note", default="", help="what the run measured (a commit, a change)")
    args = parser.parse_args(argv)
    chosen = [v for v in args.variants.split(",") if v in (APP.key, PUBLISHED.key)]
    if not chosen:
        parser.error("--variants takes a and/or d")
    runs: dict[str, Any] = {}
    if OUT_JSON.exists():
        runs = json.loads(OUT_JSON.read_text(encoding="utf-8"))
    runs[args.label] = {
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        + (f", {args.note}" if args.note else ""),
        "variants": measure(chosen),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    OUT_JSON.write_text(json.dumps(runs, indent=1) + "\n", encoding="utf-8")
    text = markdown(runs)
    OUT_MD.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

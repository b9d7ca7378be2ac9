"""Lighthouse on the published edition: ``python -m bench.lighthouse [--runs N]`` (part of
``make bench``, not of ``make test``).

The edition is published into a temporary folder and served by nginx with gzip, its .gz
files sent as they are (``serve.py``: as a CDN serves it), on loopback. Lighthouse 12.2.3
(npm, pinned in ``bench/lighthouse/package-lock.json``) runs against it in Debian's Chromium
``--runs`` times for each form factor: mobile (Lighthouse's default: a 412 px phone, 4×
slower CPU, a slow 4G network, simulated) and desktop (``--preset=desktop``). Each figure is
the median of the runs, with its range. Output: ``bench/results/lighthouse.{json,md}``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.lighthouse.serve import served

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
RESULTS = ROOT / "bench" / "results"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {  # audit id -> (column, unit)
    "largest-contentful-paint": ("LCP", "s"),
    "total-blocking-time": ("TBT", "ms"),
    "cumulative-layout-shift": ("CLS", ""),
    "total-byte-weight": ("transferred", "KB"),
}
# The targets: scores (0-100), CLS, bytes transferred.
TARGETS = {"mobile": 95, "desktop": 98, "others": 100, "cls": 0.05, "kb": 130}


def run_once(url: str, form: str, out: Path) -> dict[str, Any]:
    args = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
        f"--only-categories={','.join(CATEGORIES)}",
    ]
    if form == "desktop":
        args.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(args, check=True, env=env, timeout=300, capture_output=True)
    report = json.loads(out.read_text(encoding="utf-8"))
    row: dict[str, Any] = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    for audit in METRICS:
        row[audit] = report["audits"][audit]["numericValue"]
    row["failed_audits"] = sorted(
        a["id"]
        for a in report["audits"].values()
        if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "binary"
    )
    return row


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {"runs": len(rows)}
    for key in (*CATEGORIES, *METRICS):
        values = [r[key] for r in rows]
        out[key] = {"median": statistics.median(values), "min": min(values), "max": max(values)}
    out["failed_audits"] = sorted({a for r in rows for a in r["failed_audits"]})
    return out


def _value(key: str, figure: dict[str, float]) -> str:
    unit = METRICS.get(key, ("", ""))[1]
    scale = {"s": 1 / 1000, "KB": 1 / 1000}.get(unit, 1)
    digits = 3 if key == "cumulative-layout-shift" else (1 if unit in ("s", "KB") else 0)

    def fmt(x: float) -> str:
        return f"{x * scale:.{digits}f}"

    spread = (
        "" if figure["min"] == figure["max"] else f" ({fmt(figure['min'])}–{fmt(figure['max'])})"
    )
    return f"{fmt(figure['median'])}{(' ' + unit) if unit else ''}{spread}"


def targets(summary: dict[str, Any]) -> list[tuple[str, str, bool]]:
    rows = []
    for form in ("mobile", "desktop"):
        s = summary[form]
        perf = s["performance"]["median"]
        rows.append((f"{form} performance ≥ {TARGETS[form]}", f"{perf:.0f}", perf >= TARGETS[form]))
        others = [s[c]["median"] for c in CATEGORIES[1:]]
        rows.append(
            (f"{form} accessibility, best practices, SEO = 100",
             " · ".join(f"{v:.0f}" for v in others), min(others) >= TARGETS["others"])
        )  # fmt: skip
        cls = s["cumulative-layout-shift"]["median"]
        rows.append((f"{form} CLS ≤ {TARGETS['cls']}", f"{cls:.3f}", cls <= TARGETS["cls"]))
    kb = summary["mobile"]["total-byte-weight"]["median"] / 1000
    rows.append((f"transferred ≤ {TARGETS['kb']} KB", f"{kb:.1f} KB", kb <= TARGETS["kb"]))
    return rows


def markdown(result: dict[str, Any]) -> str:
    lines = [
        "# Lighthouse on the published edition (`python -m bench.lighthouse`)",
        "",
        f"{result['when']}, commit {result['commit']}, Lighthouse {result['lighthouse']}, "
        f"Chromium at {CHROMIUM}. The edition served by nginx with gzip (its .gz files sent "
        f"as they are), on loopback. Median of {result['runs']} runs (range).",
        "",
        "| | performance | accessibility | best practices | SEO | LCP | TBT | CLS | transferred |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for form in ("mobile", "desktop"):
        s = result["summary"][form]
        cells = [_value(c, s[c]) for c in CATEGORIES] + [_value(m, s[m]) for m in METRICS]
        lines.append(f"| {form} | " + " | ".join(cells) + " |")
    lines += ["", "| target | measured | met |", "|---|---|---|"]
    lines += [f"| {t} | {v} | {'yes' if ok else '**no**'} |" for t, v, ok in result["targets"]]
    for form in ("mobile", "desktop"):
        failed = result["summary"][form]["failed_audits"]
        lines += ["", f"Pass/fail audits failed ({form}): {', '.join(failed) or 'none'}."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.lighthouse", description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--name", default="lighthouse")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        print(f"{LIGHTHOUSE} is missing: npm ci --prefix bench/lighthouse", file=sys.stderr)
        return 2
    # Imported here: the story's packages load only when the bench runs.
    from geo.publish import write_edition
    from geo.story import load_story

    with tempfile.TemporaryDirectory(prefix="dz-edition-") as folder:
        Path(folder).chmod(0o755)  # nginx's workers read it
        site, reports = Path(folder, "site"), Path(folder, "reports")
        reports.mkdir()
        write_edition(load_story(args.data), site)
        rows: dict[str, list[dict[str, Any]]] = {"mobile": [], "desktop": []}
        with served(site) as url:
            for n in range(args.runs):
                for form in rows:  # interleaved: drift on the machine touches both alike
                    rows[form].append(run_once(url, form, reports / f"{form}-{n}.json"))
                    print(f"[lighthouse] {form} run {n + 1}: "
                          f"performance {rows[form][-1]['performance']}", flush=True)  # fmt: skip
    summary = {form: summarise(r) for form, r in rows.items()}
    version = json.loads((HERE / "node_modules" / "lighthouse" / "package.json").read_text())
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=ROOT).stdout.strip()  # fmt: skip
    result = {
        "when": datetime.datetime.now().isoformat(timespec="seconds"),
        "commit": commit,
        "lighthouse": version["version"],
        "runs": args.runs,
        "raw": rows,
        "summary": summary,
    }
    result["targets"] = targets(summary)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{args.name}.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    text = markdown(result)
    (args.out / f"{args.name}.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

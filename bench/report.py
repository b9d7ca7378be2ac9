"""The run's report: the summary as a markdown table (printed, and written as
``bench/results/NAME.md``), then the targets and the machine; the whole report as
``NAME.json``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.machine import SPEED_PROBE, SPEED_PROBE_RUNS
from bench.variants import SPLIT_KEYS, VARIANTS


def fmt_ms(s: dict[str, Any] | None) -> str:
    if s is None:
        return "n/a"
    return f"{s['median']:.1f} ms ({s['min']:.1f}–{s['max']:.1f}, n={s['n']})"


def fmt_count(s: dict[str, Any] | None) -> str:
    if s is None:
        return "n/a"
    return f"{s['median']:g} ({s['min']:g}–{s['max']:g})"


def fmt_split(s: dict[str, Any] | None) -> str:
    if s is None:
        return "n/a"
    return " + ".join(f"{s[k]['median']:.0f}" for k in SPLIT_KEYS) + " ms"


def fmt_cold_split(s: dict[str, Any]) -> str:
    nav = s["cold_navigation_ms"]["median"]
    if s["cold_healthy_ms"] is None:
        return f"– + {nav:.0f} ms"
    return f"{s['cold_healthy_ms']['median']:.0f} + {nav:.0f} ms"


def fmt_bytes(s: dict[str, Any] | None) -> str:
    if s is None:
        return "n/a"
    return f"{s['median'] / 1e6:.2f} MB ({s['min'] / 1e6:.2f}–{s['max'] / 1e6:.2f})"


# The table's rows: a label, and what each variant's cell says from its summary.
ROWS: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
    ("Layer toggle → features in map DOM", lambda s: fmt_ms(s["toggle_in_dom_ms"])),
    ("Layer toggle → next frame", lambda s: fmt_ms(s["toggle_frame_ms"])),
    ("Click place → passages visible", lambda s: fmt_ms(s["click_in_dom_ms"])),
    ("Websocket bytes received per click", lambda s: fmt_count(s.get("click_ws_bytes"))),
    ("Hover → tooltip visible", lambda s: fmt_ms(s["hover_in_dom_ms"])),
    ("Cold start → map painted", lambda s: fmt_ms(s["cold_start_ms"])),
    ("… launch → healthy + navigation → painted", fmt_cold_split),
    ("Cold start, nothing saved (first start after a change)",
     lambda s: fmt_ms(s.get("cold_unprepared_ms"))),
    ("Toggle split: client + server + client", lambda s: fmt_split(s["toggle_split"])),
    ("Click split: client + server + client", lambda s: fmt_split(s["click_split"])),
    ("First load, on the wire (HTTP + WS)", lambda s: fmt_bytes(s["first_load_bytes"])),
    ("First load, decoded", lambda s: fmt_bytes(s["first_load_decoded_bytes"])),
    ("Reruns per toggle", lambda s: fmt_count(s["toggle_reruns"])),
    ("Reruns per click", lambda s: fmt_count(s["click_reruns"])),
    ("Reruns per hover", lambda s: fmt_count(s["hover_reruns"])),
    ("Failed: cold starts · interaction timeouts",
     lambda s: f"{s['cold_failed']} · "
     f"{s['toggle_timeouts'] + s['click_timeouts'] + s['hover_timeouts']}"),
    ("Re-mounts per toggle (window flag lost / iframe loads)",
     lambda s: f"{s['toggle_remounts']}/{s['toggle_n']} · {s['toggle_iframe_loads']}"),
    ("Re-mounts per click",
     lambda s: f"{s['click_remounts']}/{s['click_n']} · {s['click_iframe_loads']}"
     if s["click_n"] else "n/a"),
    ("Re-mounts per hover",
     lambda s: f"{s['hover_remounts']}/{s['hover_n']} · {s['hover_iframe_loads']}"),
]  # fmt: skip


def markdown(report: dict[str, Any]) -> str:
    """The summary as a markdown table, then the targets, then the machine."""
    summary = report["summary"]
    lines = [
        f"# Benchmark: {report['finished']}",
        "",
        "Median (min–max, n). Times from the action's DOM event to the result in the DOM."
        + (" A --quick smoke run: few samples." if report["settings"]["quick"] else ""),
        "",
        "| metric | " + " | ".join(v.label for v in VARIANTS) + " |",
        "|---|" + "---|" * len(VARIANTS),
    ]
    for label, cell in ROWS:
        lines.append(f"| {label} | " + " | ".join(cell(summary[v.key]) for v in VARIANTS) + " |")
    lines += ["", "| target | measured | met |", "|---|---|---|"]
    for t in report["targets"]:
        lines.append(f"| {t['target']} | {t['value']} | {'yes' if t['met'] else '**no**'} |")
    lines += footer(report)
    return "\n".join(lines)


def footer(report: dict[str, Any]) -> list[str]:
    """The machine, the commit, the speed probe and how busy the machine was in each phase."""
    m = report["machine"]
    return [
        "",
        f"Machine: {m['cpu_model']}, {m['cores']} cores, {m['ram_gb']:.1f} GB RAM; "
        f"Python {m['python']}; {m['chromium']}; streamlit {m['streamlit']}, "
        f"streamlit-folium {m['streamlit_folium']}, folium {m['folium']}. "
        f"Commit {m['commit']}{' (dirty)' if m['dirty'] else ''}. "
        f"Run took {report['duration_s']:.0f} s. Speed probe (a fresh `python -c "
        f'"{SPEED_PROBE}"`, median of {SPEED_PROBE_RUNS}, before the run): '
        f"{m.get('speed_probe_ms', float('nan')):.0f} ms.",
        "",
        "Whole-machine CPU busy during each phase (this run included; 2 cores = 100 %): "
        + ", ".join(
            f"{c['phase']} {100 * c['cpu_busy_fraction']:.0f} % (load {c['loadavg_1m']:.1f})"
            for c in report["cpu"][1:]
        )
        + ".",
        "",
    ]


def write_results(folder: Path, name: str, report: dict[str, Any], table: str) -> None:
    """NAME.json (the whole report) and NAME.md (its table) in FOLDER; the table printed."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps(report, indent=1) + "\n")
    (folder / f"{name}.md").write_text(table)
    print(table)

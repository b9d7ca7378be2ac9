"""The run's raw samples summed up: per variant, each metric's median, min, max and n, with
failures counted; and the issue's targets, each with its measured value and whether it is
met."""

from __future__ import annotations

import math
import statistics
from typing import Any

from bench.variants import SPLIT_KEYS, VARIANTS


def stats(values: list[float]) -> dict[str, Any] | None:
    """Median, min, max and n of the values (None when there are none)."""
    if not values:
        return None
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "n": len(values),
    }


def summarise(raw: dict[str, Any]) -> dict[str, Any]:
    """Per variant: each metric's median and min–max, failures counted."""
    out: dict[str, Any] = {}
    for v in VARIANTS:
        r = raw[v.key]
        s: dict[str, Any] = {}
        for name in ("toggle", "click", "hover"):
            samples = r["interactions"][name]
            ok = [x for x in samples if not x.get("timeout")]
            s[f"{name}_in_dom_ms"] = stats([x["in_dom_ms"] for x in ok])
            s[f"{name}_frame_ms"] = stats([x["frame_ms"] for x in ok])
            s[f"{name}_timeouts"] = len(samples) - len(ok)
            s[f"{name}_reruns"] = stats([x["reruns"] for x in samples if "reruns" in x])
            s[f"{name}_remounts"] = sum(1 for x in samples if x["remounted"])
            s[f"{name}_iframe_loads"] = sum(x["iframe_loads"] for x in samples)
            s[f"{name}_n"] = len(samples)
        for on in (False, True):
            ok = [x for x in r["interactions"]["toggle"] if x["on"] is on and not x.get("timeout")]
            s[f"toggle_{'on' if on else 'off'}_in_dom_ms"] = stats([x["in_dom_ms"] for x in ok])
        clicks = r["interactions"]["click"]
        s["click_ws_bytes"] = stats([x["ws_in_bytes"] for x in clicks if "ws_in_bytes" in x])
        for name in ("toggle", "click"):
            splits = [x["split"] for x in r["interactions"][name] if x.get("split")]
            s[f"{name}_split"] = (
                {k: stats([x[k] for x in splits]) for k in SPLIT_KEYS} if splits else None
            )
        s["cold_failed"] = len(r["cold_failed"])
        s["cold_start_ms"] = stats([x["ms"] for x in r["cold"]])
        s["cold_healthy_ms"] = stats(
            [x["launch_to_healthy_ms"] for x in r["cold"] if x["launch_to_healthy_ms"] is not None]
        )
        s["cold_navigation_ms"] = stats([x["navigation_to_painted_ms"] for x in r["cold"]])
        s["cold_unprepared_ms"] = stats([x["ms"] for x in r.get("cold_unprepared", [])])
        s["first_load_bytes"] = stats([x["bytes"]["total_wire_bytes"] for x in r["cold"]])
        s["first_load_decoded_bytes"] = stats(
            [
                x["bytes"]["http_decoded_body_bytes"] + x["bytes"]["ws_received_payload_bytes"]
                for x in r["cold"]
            ]
        )
        out[v.key] = s
    return out


def targets(summary: dict[str, Any], data_bytes: int) -> list[dict[str, Any]]:
    """The issue's targets, each with the measured value (medians of this run) and whether
    it is met."""
    a, b, c, d = summary["a"], summary["b"], summary["c"], summary["d"]

    def median(s: dict[str, Any], name: str) -> float:
        return s[name]["median"] if s[name] else math.nan

    ta, tb, tc = (median(x, "toggle_frame_ms") for x in (a, b, c))
    kinds = ("toggle", "click", "hover")
    remounts = sum(a[f"{n}_remounts"] for n in kinds)
    loads = sum(a[f"{n}_iframe_loads"] for n in kinds)
    click, click_d = median(a, "click_in_dom_ms"), median(d, "click_in_dom_ms")
    ws_click = median(a, "click_ws_bytes")
    cold, cold_d = median(a, "cold_start_ms"), median(d, "cold_start_ms")
    first, first_d = median(a, "first_load_bytes"), median(d, "first_load_bytes")
    # Comparisons with NaN are False: a metric that could not be measured is not met.
    return [
        {"target": "(a) toggle → next frame within 1.2× of (b)", "value": f"{ta / tb:.1f}× (b)",
         "met": ta <= 1.2 * tb},
        {"target": "(a) toggle → next frame ≥ 10× faster than (c)",
         "value": f"{tc / ta:.1f}× faster", "met": tc >= 10 * ta},
        {"target": "zero map re-mounts in (a)",
         "value": f"{remounts} re-mounts, {loads} iframe loads", "met": remounts + loads == 0},
        {"target": "(a) click → passages ≤ 30 ms (in the page)", "value": f"{click:.1f} ms",
         "met": click <= 30},
        {"target": "(a) ≤ 5 KB over the websocket per click", "value": f"{ws_click:.0f} B",
         "met": ws_click <= 5_000},
        {"target": "(a) cold start ≤ 3 s", "value": f"{cold / 1000:.2f} s", "met": cold <= 3000},
        {"target": "(a) first load ≤ 1.5 MB", "value": f"{first / 1e6:.2f} MB",
         "met": first <= 1.5e6},
        {"target": "(d) click → passages ≤ 50 ms", "value": f"{click_d:.1f} ms",
         "met": click_d <= 50},
        {"target": "(d) cold start ≤ 0.5 s", "value": f"{cold_d / 1000:.2f} s",
         "met": cold_d <= 500},
        {"target": "(d) first load ≤ 450 KB", "value": f"{first_d / 1000:.0f} KB",
         "met": first_d <= 450_000},
        {"target": "data/*.geojson ≤ 300 KB", "value": f"{data_bytes / 1000:.0f} KB",
         "met": data_bytes <= 300_000},
    ]  # fmt: skip

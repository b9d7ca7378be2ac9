"""The command line: ``python -m bench.load [options]`` (``make load``); also the probe's
process (``--probe-run``)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

import bench.load
from bench.load import ROOT
from bench.load.plan import run
from bench.load.probe import probe_main
from bench.load.report import markdown

RESULTS = ROOT / "bench" / "results"


def think_range(text: str) -> tuple[float, float]:
    """'1-3' -> (1.0, 3.0); '2' -> (2.0, 2.0)."""
    low, _, high = text.partition("-")
    pair = (float(low), float(high or low))
    if pair[0] < 0 or pair[1] < pair[0]:
        raise argparse.ArgumentTypeError(f"not a range of seconds: {text!r}")
    return pair


def int_list(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--probe-run"]:
        url, window_file, think, out = argv[1:5]
        asyncio.run(probe_main(url, Path(window_file), think_range(think), Path(out)))
        return 0
    parser = argparse.ArgumentParser(
        prog="python -m bench.load", description=bench.load.__doc__.splitlines()[0]
    )
    parser.add_argument("--replicas", type=int_list, default=[1, 2], help="targets (1,2)")
    parser.add_argument("--steps", type=int_list, default=[100, 250, 500, 750], help="sessions")
    parser.add_argument("--duration", type=float, default=40.0, help="measuring window, s")
    parser.add_argument("--ramp-per-session", type=float, default=0.1, help="s per session")
    parser.add_argument("--ramp-min", type=float, default=5.0)
    parser.add_argument("--ramp-max", type=float, default=40.0)
    parser.add_argument("--settle", type=float, default=3.0, help="s after the ramp")
    parser.add_argument("--think", type=think_range, default=(1.0, 3.0), help="pause, s (1-3)")
    parser.add_argument("--timeout", type=float, default=30.0, help="per request, s")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-probe", dest="probe", action="store_false")
    parser.add_argument("--fault", action="store_true", help="the fault test only")
    parser.add_argument("--no-fault", dest="with_fault", action="store_false")
    parser.add_argument("--fault-sessions", type=int, default=50)
    parser.add_argument("--fault-duration", type=float, default=45.0)
    parser.add_argument("--kill-after", type=float, default=12.0, help="s into the window")
    parser.add_argument(
        "--refine", type=int, default=1, help="extra steps to bracket the saturation point"
    )
    parser.add_argument("--quick", action="store_true", help="a short smoke run")
    parser.add_argument("--name", default=None, help="results file name (load)")
    parser.add_argument("--data", type=Path, default=None, help="data folder (default data/)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.quick:
        args.steps, args.duration, args.fault_sessions, args.refine = [10, 30], 12.0, 16, 0
        args.fault_duration, args.kill_after, args.ramp_min = 20.0, 6.0, 3.0
    if args.fault:
        args.replicas, args.steps = [], []
    args.fault = args.fault or args.with_fault
    name = args.name or ("load-quick" if args.quick else "load-fault" if not args.steps else "load")
    result = asyncio.run(run(args))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{name}.json").write_text(
        json.dumps(result, indent=1, default=str), encoding="utf-8"
    )
    text = markdown(result)
    (args.out / f"{name}.md").write_text(text, encoding="utf-8")
    print(text)
    failed = any(s.get("errors") or "failed" in s for s in result["steps"])
    fault = (result.get("fault") or {}).get("fault")
    if result.get("fault") and (
        not isinstance(fault, dict)
        or fault["failed_otherwise"]
        or fault["all_back_after_s"] is None
        or fault["reconnects_app_exception"]
    ):
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

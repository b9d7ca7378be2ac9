"""The reader's pure modules (geo/reader/static/src: search, text, url) called from Python
through Node, with a model built by geo.reader: one harness (tests/reader/harness.js)
bundled by esbuild once per session, one Node process per batch of calls."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from geo.minify import ESBUILD, ROOT

HARNESS = ROOT / "tests" / "reader" / "harness.js"
NODE = shutil.which("node") or "node"


def bundle(out_dir: Path) -> Path:
    """The harness bundled for Node (an ES module)."""
    out = out_dir / "harness.mjs"
    subprocess.run(
        [str(ESBUILD), str(HARNESS), "--bundle", "--platform=node", "--format=esm",
         f"--outfile={out}", "--log-level=warning"],
        check=True, cwd=ROOT,
    )  # fmt: skip
    return out


class NodeReader:
    """Calls into the reader's modules: ``node.calls(model, ["search", "lheiban"], ...)``."""

    def __init__(self, harness: Path) -> None:
        self.harness = harness

    def calls(self, model: dict[str, Any] | None, *calls: list[Any]) -> list[Any]:
        request = json.dumps({"model": model, "calls": [list(c) for c in calls]})
        done = subprocess.run(
            [NODE, str(self.harness)], input=request, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    def call(self, model: dict[str, Any] | None, *call: Any) -> Any:
        return self.calls(model, list(call))[0]

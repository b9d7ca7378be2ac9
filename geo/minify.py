"""Minified JavaScript and CSS, by esbuild (from npm, pinned in package-lock.json; ``npm ci``
or ``make assets`` installs it): the reader's bundles, and what the published edition ships
(its map's script, its stylesheets). No hand-written minifier: esbuild parses what it
shrinks, so a string or a regular expression is never cut."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_UNSAFE_IN_SCRIPT = re.compile(r"</script|<!--", re.IGNORECASE)
_NAME = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"
TARGET = "es2020"


class EsbuildMissing(FileNotFoundError):
    """esbuild is not installed (node_modules)."""


def esbuild(*args: str, stdin: bytes | None = None, legal: str = "none") -> bytes:
    """esbuild's output (stdout) for these arguments; RuntimeError with its message.
    ``legal``: what becomes of license comments (``inline`` keeps them: vendored files)."""
    if not ESBUILD.exists():
        raise EsbuildMissing(
            f"{ESBUILD} is missing: run `npm ci` (or `make assets`) to install esbuild"
        )
    done = subprocess.run(
        [str(ESBUILD), *args, "--log-level=warning", f"--legal-comments={legal}"],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise RuntimeError(f"esbuild failed: {done.stderr.decode(errors='replace')[-2000:]}")
    return done.stdout


def minify_js(code: str, exports: Sequence[str] | None = None) -> str:
    """A classic script (not a module), minified, for a page's inline ``<script>`` (its
    text kept as UTF-8: the page says so). Its top-level names are kept, for other scripts
    of the page may use them, as folium's do; or, given ``exports``, the script runs in a
    function of its own, where esbuild shortens every name, and only the names exported
    are left on ``window``. esbuild writes ``<`` in strings as it is, but never
    ``</script`` (it escapes the slash); a script that would still hold ``</script`` or
    ``<!--`` (which would change how a page reads an inline script) is refused."""
    args = ["--loader=js", "--minify", f"--target={TARGET}", "--charset=utf8"]
    if exports is not None:
        for name in exports:
            if not _NAME.fullmatch(name):
                raise ValueError(f"{name[:80]!r} is not a script's name")
        code += "\n" + "".join(f"window.{name} = {name};\n" for name in exports)
        args.append("--format=iife")
    out = esbuild(*args, stdin=code.encode("utf-8"))
    text = out.decode("utf-8")
    if _UNSAFE_IN_SCRIPT.search(text):
        raise ValueError("the minified script holds </script or <!--: not inlined")
    return text


def minify_css(css: str, legal: str = "none") -> str:
    out = esbuild("--loader=css", "--minify", stdin=css.encode("utf-8"), legal=legal)
    return out.decode("utf-8")

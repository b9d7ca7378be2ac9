"""Atomic file writes: the one way the app, the server scripts and the benchmarks replace a
file that another process may be reading (the reader's model and bundles, the prepared
story, nginx.conf, the supervisor's state, the load probe's window)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def write_atomically(path: Path, data: bytes | str) -> Path:
    """Write ``data`` (text as UTF-8) to ``path`` through a temporary file beside it, renamed
    into place: a reader of the path sees the old bytes or the new ones, never half of them.
    The temporary name is the writer's own (process and a random part), so two writers of
    one path never share it; it is removed if the write fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path

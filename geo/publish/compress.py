"""The edition's text files precompressed, beside each: ``.gz`` (gzip, level 9) for nginx's
``gzip_static`` and any server that sends a file's .gz when the browser takes gzip, ``.br``
(Brotli, quality 11: PyPI ``brotli``) for CDNs and servers that send Brotli. The same
story gives the same bytes (gzip's header carries no time or name)."""

from __future__ import annotations

import gzip

import brotli

TEXT_SUFFIXES = (".html", ".css", ".js", ".json", ".svg")


def precompressed(files: dict[str, bytes]) -> dict[str, bytes]:
    """``name.gz`` and ``name.br`` for each text file among ``files``."""
    out: dict[str, bytes] = {}
    for name, data in files.items():
        if name.endswith(TEXT_SUFFIXES):
            out[f"{name}.gz"] = gzip.compress(data, compresslevel=9, mtime=0)
            out[f"{name}.br"] = brotli.compress(data, quality=11)
    return out

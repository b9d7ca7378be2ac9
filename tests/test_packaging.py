"""The package ships every file geo reads at run time: pyproject.toml's package-data
matches each file under geo/ that is not Python (templates, stylesheets, scripts)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_package_data_covers_every_data_file_under_geo() -> None:
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    shipped: set[Path] = set()
    for package, patterns in setuptools["package-data"].items():
        folder = ROOT.joinpath(*package.split("."))
        for pattern in patterns:
            shipped.update(folder.glob(pattern))
    data = {
        path
        for path in (ROOT / "geo").rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    }
    assert data, "no data files found under geo/"
    assert sorted(str(p.relative_to(ROOT)) for p in data - shipped) == []
    assert setuptools["packages"]["find"]["include"] == ["geo*"]

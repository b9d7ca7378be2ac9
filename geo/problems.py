"""A problem with a story's input: named precisely enough (file, feature, field) to fix."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input; an error costs data, a warning records a repair."""

    file: str
    message: str
    feature_id: str | None = None
    field: str | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        where = self.file
        if self.feature_id is not None:
            where += f", feature {self.feature_id!r}"
        if self.field is not None:
            where += f", field {self.field!r}"
        return f"{where}: {self.message}"

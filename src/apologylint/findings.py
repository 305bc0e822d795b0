"""Findings, severities and the helpers that turn offsets into line/column positions."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum
from typing import Any


class Severity(str, Enum):
    """How much a finding matters. Ordered: ``info < warning < error``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def parse(cls, value: str | Severity) -> Severity:
        """Accept ``"error"``, ``"ERROR"`` or a ``Severity``; raise ``ValueError`` otherwise."""
        if isinstance(value, Severity):
            return value
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            names = ", ".join(s.value for s in cls)
            raise ValueError(f"unknown severity {value!r} (expected one of: {names})") from None

    def __str__(self) -> str:
        return self.value


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True)
class Finding:
    """One problem found in a draft.

    ``start``/``end`` index the decoded source string (``source[start:end] == text`` for every
    reader that does not transform text); ``line``/``column`` are 1-based and counted in Unicode
    code points; ``end_line``/``end_column`` are exclusive, one past the last code point.
    """

    code: str
    name: str
    category: str
    severity: Severity
    message: str
    suggestion: str
    text: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    path: str | None = None
    record: str | None = None
    #: The probability a model-backed rule gave this finding; ``None`` for pattern and code rules.
    confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.value
        if self.confidence is None:  # the JSON key exists only for model findings
            del data["confidence"]
        return data

    @property
    def sort_key(self) -> tuple[str, str, int, int, str]:
        return (self.path or "", self.record or "", self.line, self.column, self.code)

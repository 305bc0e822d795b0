"""Reporters: each turns findings and errors into one output format. They know nothing of spaCy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TextIO

from ..errors import InputError
from ..findings import Finding, Severity
from ..registry.rule import Rule


@dataclass
class Report:
    """Everything a run produced: findings (sorted), input errors, and files linted."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    files: int = 0
    #: The paths linted, in order ("-" for stdin): reporters that list clean files use it.
    paths: list[str] = field(default_factory=list)
    #: The rules in force (metadata for formats that describe rules, such as SARIF).
    rules: list[Rule] = field(default_factory=list)
    #: Decoded source text per path, for excerpts (text on a terminal, the HTML report).
    sources: dict[str, str] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Severity}
        for f in self.findings:
            counts[f.severity.value] += 1
        return counts

    def summary(self) -> dict[str, object]:
        c = self.counts()
        return {"files": self.files, "findings": len(self.findings), "errors": len(self.errors),
                "by_severity": c,
                "by_category": _tally(f.category for f in self.findings),
                "by_rule": _tally(f.code for f in self.findings)}


def _tally(items: object) -> dict[str, int]:
    out: dict[str, int] = {}
    for item in items:  # type: ignore[attr-defined]
        out[item] = out.get(item, 0) + 1
    return dict(sorted(out.items()))


FORMATS: Sequence[str] = ("text", "json")


def write(report: Report, fmt: str, stream: TextIO, *, color: bool = False,
          sources: dict[str, str] | None = None) -> None:
    if fmt == "json":
        from .json import write_json

        write_json(report, stream)
    else:
        from .text import write_text

        write_text(report, stream, color=color, sources=sources or {})

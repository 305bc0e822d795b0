"""Reporters: each turns findings and errors into one output format. They know nothing of spaCy.

Every format lives in a module of its own (``text``, ``json``, ``jsonl``, ``sarif``, ``github``,
``junit``, ``gitlab``, ``html``) exposing one ``write_<format>(report, stream, ...)`` function;
:func:`write` dispatches to it and imports only the module it needs. Columns are 1-based Unicode
code points everywhere, end columns exclusive (one past the last code point), as in
:class:`~apologylint.findings.Finding`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any, TextIO

from ..errors import InputError, UsageError
from ..findings import Finding, Severity
from ..notices import Notice
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
    #: What is worth saying but is neither a finding nor an error (see ``apologylint.notices``).
    notices: list[Notice] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Severity}
        for f in self.findings:
            counts[f.severity.value] += 1
        return counts

    def summary(self) -> dict[str, object]:
        c = self.counts()
        return {
            "files": self.files,
            "findings": len(self.findings),
            "errors": len(self.errors),
            "by_severity": c,
            "by_category": _tally(f.category for f in self.findings),
            "by_rule": _tally(f.code for f in self.findings),
            # drafts (or records) the rules could not read, e.g. not English
            "not_checked": sum(n.not_checked is not None for n in self.notices),
        }


def _tally(items: object) -> dict[str, int]:
    out: dict[str, int] = {}
    for item in items:  # type: ignore[attr-defined]
        out[item] = out.get(item, 0) + 1
    return dict(sorted(out.items()))


#: format name -> (module, function, the options it takes besides ``color``/``sources``)
_WRITERS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "text": ("text", "write_text", ("statistics", "quiet")),
    "json": ("json", "write_json", ()),
    "jsonl": ("jsonl", "write_jsonl", ()),
    "sarif": ("sarif", "write_sarif", ()),
    "github": ("github", "write_github", ("summary_path",)),
    "junit": ("junit", "write_junit", ()),
    "gitlab": ("gitlab", "write_gitlab", ()),
    "html": ("html", "write_html", ()),
}

FORMATS: Sequence[str] = tuple(_WRITERS)

#: Options :func:`write` accepts; each is passed only to the formats that use it.
OPTIONS = frozenset(opt for _, _, opts in _WRITERS.values() for opt in opts)


def write(
    report: Report,
    fmt: str,
    stream: TextIO,
    *,
    color: bool = False,
    sources: dict[str, str] | None = None,
    **options: Any,
) -> None:
    """Write ``report`` to ``stream`` in format ``fmt`` (one of :data:`FORMATS`).

    ``color`` (text only) adds ANSI colour and, with the sources, the source line with the
    matched words underlined; the caller decides (a TTY, no ``NO_COLOR``). ``sources`` (path ->
    decoded text) defaults to ``report.sources``. Options: ``statistics`` and ``quiet`` (text),
    ``summary_path`` (github: the ``$GITHUB_STEP_SUMMARY`` file to append a Markdown table to).
    An option that does not apply to ``fmt`` is ignored, so a caller may pass all of them; an
    unknown one is a ``TypeError``.
    """
    unknown = set(options) - OPTIONS
    if unknown:
        raise TypeError(f"write() got unexpected option(s): {', '.join(sorted(unknown))}")
    try:
        module, func, takes = _WRITERS[fmt]
    except KeyError:
        expected = ", ".join(FORMATS)
        raise UsageError(f"unknown format {fmt!r} (expected one of: {expected})") from None
    writer = getattr(import_module(f".{module}", __name__), func)
    kwargs = {k: v for k, v in options.items() if k in takes}
    if fmt == "text":
        kwargs["color"] = color
    if fmt in ("text", "html", "sarif"):
        kwargs["sources"] = report.sources if sources is None else sources
    writer(report, stream, **kwargs)


# -- helpers shared by several formats ---------------------------------------------------------


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary_line(report: Report) -> str:
    """``Found N problems (E errors, W warnings, I info) in F files.`` (a fixed format),
    then how many inputs could not be read, if any: "0 problems" must not read as all clear."""
    c = report.counts()
    line = (
        f"Found {plural(len(report.findings), 'problem')} ({plural(c['error'], 'error')}, "
        f"{plural(c['warning'], 'warning')}, {c['info']} info) in "
        f"{plural(report.files, 'file')}."
    )
    if report.errors:
        n = len(report.errors)
        line += f" {plural(n, 'file')} could not be read."
    return line


def rule_index(report: Report) -> dict[str, Rule]:
    """The rules in force by code, plus a stand-in for any code a finding carries that is not
    among them (so formats that describe rules never point at a missing one)."""
    rules = {r.code: r for r in report.rules}
    for f in report.findings:
        if f.code not in rules:
            rules[f.code] = Rule(
                code=f.code,
                name=f.name,
                category=f.category,
                severity=f.severity,
                message=f.message,
                summary=f.message,
                why="",
                suggestion=f.suggestion,
            )
    return dict(sorted(rules.items()))


def relative_path(path: str | None) -> str:
    """A path as CI systems want it: relative to the working directory when it lies inside it,
    with forward slashes. ``None`` (a string, not a file) becomes ``-``, like stdin."""
    if not path:
        return "-"
    if os.path.isabs(path):
        cwd = os.getcwd()
        try:
            if os.path.commonpath([cwd, path]) == cwd:
                path = os.path.relpath(path, cwd)
        except ValueError:  # different drives on Windows
            pass
    return path.replace(os.sep, "/") if os.sep != "/" else path


_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """Replace the characters XML 1.0 and HTML forbid (C0/C1 controls other than tab, LF, CR;
    lone surrogates; U+FFFE/U+FFFF) with U+FFFD, so a stray escape byte in a template cannot
    make a report unparseable. Length is preserved, so offsets stay valid."""
    return _INVALID_XML.sub("\ufffd", text)


def severity_order(findings: Iterable[Finding]) -> list[Finding]:
    """Most severe first, keeping the report's (path, line, column) order within a severity."""
    return sorted(findings, key=lambda f: -f.severity.rank)

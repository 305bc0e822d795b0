"""SARIF 2.1.0 output, for GitHub code scanning and other SARIF viewers.

One run. ``tool.driver.rules`` describes every rule in force (id, name, short and full
description, help as text and Markdown, default level, category); each result names its rule
(``ruleId``, ``ruleIndex``), a level (error/warning/note), a message (with the suggestion), one
physical location (a relative URI with forward slashes; a region with start/end line and column and
the source snippet) and ``partialFingerprints["apologylint/v1"]`` (see :mod:`.fingerprint`: no line
numbers in it, so edits elsewhere in the file keep it). The run declares
``columnKind: "unicodeCodePoints"``: columns count code points, as everywhere in apologylint, and
``endColumn`` is exclusive, as SARIF defines it. Input errors are
``invocations[0].toolExecutionNotifications``, and make ``executionSuccessful`` false.
"""

from __future__ import annotations

import json
from typing import Any, TextIO
from urllib.parse import quote

from .._version import __version__
from ..findings import Finding, Severity
from ..registry.rule import Rule
from . import Report, relative_path, rule_index
from .fingerprint import VERSION as FINGERPRINT_VERSION
from .fingerprint import fingerprints

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
#: Where SARIF viewers send people for the tool (``tool.driver.informationUri``).
INFORMATION_URI = "https://pypi.org/project/apologylint/"
FINGERPRINT_KEY = f"apologylint/v{FINGERPRINT_VERSION}"

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def uri(path: str | None) -> str:
    """A relative URI reference for a path: forward slashes, everything else percent-encoded
    (so spaces, ``#``, ``%`` and non-ASCII names survive, and a colon cannot read as a scheme)."""
    return quote(relative_path(path), safe="/")


def _rule(rule: Rule) -> dict[str, Any]:
    full = " ".join(part for part in (rule.summary, rule.why) if part)
    text = [rule.summary]
    markdown = [f"**{rule.name}** ({rule.code}, {rule.category}): {_md(rule.summary)}"]
    if rule.why:
        text.append(f"Why it hurts a customer: {rule.why}")
        markdown.append(f"### Why it hurts a customer\n{_md(rule.why)}")
    if rule.suggestion:
        text.append(f"Better: {rule.suggestion}")
        markdown.append(f"### Better\n{_md(rule.suggestion)}")
    if rule.examples.fires:
        text.append("Fires on: " + " | ".join(rule.examples.fires))
        markdown.append("### Fires on\n" + "\n".join(f"- {_md(e)}" for e in rule.examples.fires))
    if rule.examples.passes:
        text.append("Does not fire on: " + " | ".join(rule.examples.passes))
        markdown.append(
            "### Does not fire on\n" + "\n".join(f"- {_md(e)}" for e in rule.examples.passes)
        )
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary or rule.name},
        "fullDescription": {"text": full or rule.name},
        "help": {"text": "\n\n".join(text), "markdown": "\n\n".join(markdown)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"category": rule.category, "tags": [rule.category]},
    }


def _md(text: str) -> str:
    """Text for Markdown: one line, Markdown/HTML punctuation escaped."""
    text = " ".join(text.split())
    for ch in "\\`*_[]<>#|~":
        text = text.replace(ch, "\\" + ch)
    return text


def _result(f: Finding, index: int, fingerprint: str, sources: dict[str, str]) -> dict[str, Any]:
    source = sources.get(f.path or "-")
    snippet = source[f.start : f.end] if source is not None and f.end <= len(source) else f.text
    region = {
        "startLine": f.line,
        "startColumn": f.column,
        "endLine": f.end_line,
        "endColumn": f.end_column,
        "snippet": {"text": snippet},
    }
    properties: dict[str, Any] = {
        "category": f.category,
        "severity": f.severity.value,
        "name": f.name,
        "suggestion": f.suggestion,
    }
    if f.record is not None:
        properties["record"] = f.record
    return {
        "ruleId": f.code,
        "ruleIndex": index,
        "level": LEVELS[f.severity],
        "message": {"text": f"{f.message}\nSuggestion: {f.suggestion}"},
        "locations": [
            {"physicalLocation": {"artifactLocation": {"uri": uri(f.path)}, "region": region}}
        ],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        "properties": properties,
    }


def to_dict(report: Report, sources: dict[str, str] | None = None) -> dict[str, Any]:
    sources = report.sources if sources is None else sources
    rules = rule_index(report)
    index = {code: i for i, code in enumerate(rules)}
    results = [
        _result(f, index[f.code], fp, sources)
        for f, fp in zip(report.findings, fingerprints(report.findings))
    ]
    notifications = []
    for e in report.errors:
        note: dict[str, Any] = {"level": "error", "message": {"text": e.reason}}
        if e.path:
            physical: dict[str, Any] = {"artifactLocation": {"uri": uri(e.path)}}
            if e.line is not None and e.line >= 1:
                physical["region"] = {"startLine": e.line}
            note["locations"] = [{"physicalLocation": physical}]
        if e.record is not None:
            note["properties"] = {"record": e.record}
        notifications.append(note)
    invocation: dict[str, Any] = {"executionSuccessful": not report.errors}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "apologylint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(r) for r in rules.values()],
                    }
                },
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def write_sarif(report: Report, stream: TextIO, *, sources: dict[str, str] | None = None) -> None:
    json.dump(to_dict(report, sources), stream, ensure_ascii=False, indent=2)
    stream.write("\n")

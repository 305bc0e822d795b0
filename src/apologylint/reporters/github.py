"""GitHub Actions output: workflow-command annotations, plus a Markdown summary.

Each finding becomes one line the runner turns into an inline annotation on the pull request::

    ::error file=a.txt,line=1,col=4,endLine=1,endColumn=21,title=FA101 sorry-if-you-feel::…

(``error`` for error, ``warning`` for warning, ``notice`` for info; columns in code points,
``endColumn`` exclusive; ``col``/``endColumn`` omitted when a finding spans lines, as GitHub
requires). Escaping: in the message ``%`` → ``%25``, CR → ``%0D``, LF → ``%0A``; in property values
also ``:`` → ``%3A`` and ``,`` → ``%2C``. Most severe first. Input errors are ``::error``
annotations titled ``apologylint: input error``.

GitHub shows only the first 10 errors and 10 warnings of a step, so when ``summary_path`` is given
(the CLI passes ``$GITHUB_STEP_SUMMARY``) a Markdown table of every finding (file, line, code,
severity, message; most severe first) is appended to that file; it stops before the step
summary's 1 MiB limit and says how many rows it left out.
"""

from __future__ import annotations

from typing import TextIO

from ..findings import Finding, Severity
from . import Report, relative_path, severity_order, summary_line

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
#: The step summary must stay under 1 MiB; leave room for other steps' text and the footer.
SUMMARY_BUDGET = 900_000


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding) -> str:
    props = []
    if f.path:
        props.append(("file", relative_path(f.path)))
    props.append(("line", str(f.line)))
    if f.end_line == f.line:
        props += [
            ("col", str(f.column)),
            ("endLine", str(f.end_line)),
            ("endColumn", str(f.end_column)),
        ]
    else:
        props.append(("endLine", str(f.end_line)))
    props.append(("title", f"{f.code} {f.name}"))
    message = f"{f.message}\nSuggestion: {f.suggestion}"
    if f.record:
        message += f"\nRecord: {f.record}"
    head = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{COMMANDS[f.severity]} {head}::{escape_data(message)}\n"


def write_github(report: Report, stream: TextIO, *, summary_path: str | None = None) -> None:
    for f in severity_order(report.findings):
        stream.write(annotation(f))
    for e in report.errors:
        props = []
        if e.path:
            props.append(("file", relative_path(e.path)))
        if e.line is not None:
            props.append(("line", str(e.line)))
        props.append(("title", "apologylint: input error"))
        message = e.reason if e.record is None else f"{e.reason}\nRecord: {e.record}"
        head = ",".join(f"{k}={escape_property(v)}" for k, v in props)
        stream.write(f"::error {head}::{escape_data(message)}\n")
    if summary_path:
        with open(summary_path, "a", encoding="utf-8") as fh:
            fh.write(markdown_summary(report))


def _cell(text: str) -> str:
    """Text for a Markdown table cell: HTML and Markdown punctuation escaped, one line."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "\\`*_[]|~":
        text = text.replace(ch, "\\" + ch)
    return "<br>".join(text.splitlines()) if "\n" in text or "\r" in text else text


def markdown_summary(report: Report, budget: int = SUMMARY_BUDGET) -> str:
    out = [f"## apologylint\n\n{summary_line(report)}\n"]
    if report.findings:
        out.append("\n| File | Line | Code | Severity | Message |\n|---|---:|---|---|---|\n")
    size = sum(len(s.encode()) for s in out)
    findings = severity_order(report.findings)
    for shown, f in enumerate(findings):
        where = relative_path(f.path) + (f" [{f.record}]" if f.record else "")
        row = (
            f"| {_cell(where)} | {f.line}:{f.column} | {_cell(f.code)} {_cell(f.name)} | "
            f"{f.severity.value} | {_cell(f.message)} |\n"
        )
        size += len(row.encode())
        if size > budget:
            out.append(
                f"\n…and {len(findings) - shown} more (the step summary is limited "
                "to 1 MiB; see the job log or use another format).\n"
            )
            break
        out.append(row)
    if report.errors:
        out.append("\n**Input errors**\n\n")
        for e in report.errors[:200]:
            where = (e.path or "-") + (f":{e.line}" if e.line is not None else "")
            where += f" [{e.record}]" if e.record is not None else ""
            out.append(f"- {_cell(where)}: {_cell(e.reason)}\n")
        if len(report.errors) > 200:
            out.append(f"- …and {len(report.errors) - 200} more\n")
    out.append("\n")
    return "".join(out)

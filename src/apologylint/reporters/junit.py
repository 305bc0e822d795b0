"""JUnit XML output, so CI systems (GitLab, Jenkins, Azure Pipelines) show findings as tests.

::

    <testsuites name="apologylint" tests="3" failures="1" errors="1">
      <testsuite name="replies/a.txt" tests="1" failures="1" errors="0" skipped="0">
        <testcase classname="replies/a.txt" name="FA101 1:4" file="replies/a.txt" line="1">
          <failure type="FA101" message="Conditional apology …">replies/a.txt:1:4: FA101 …</failure>
        </testcase>
      </testsuite>
      <testsuite name="replies/ok.txt" tests="1" failures="0" errors="0" skipped="0">
        <testcase classname="replies/ok.txt" name="apologylint" file="replies/ok.txt"/>
      </testsuite>
      …

One ``<testsuite>`` per linted file (in the order linted; name = path), one ``<testcase>`` per
finding (``name`` = ``CODE line:col``, columns in code points) holding a single ``<failure>`` whose
text gives the position, severity, category, matched text and suggestion; a clean file gets one
passing ``<testcase name="apologylint">``. An input error is a ``<testcase name="read">`` with an
``<error>`` in its file's suite. Characters XML cannot carry become U+FFFD.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TextIO

from ..errors import InputError
from ..findings import Finding
from . import Report, printable, relative_path


def _failure_text(f: Finding) -> str:
    where = relative_path(f.path) + (f"[{f.record}]" if f.record else "")
    lines = [
        f"{where}:{f.line}:{f.column}: {f.code} [{f.severity.value}] {f.message}",
        f"rule: {f.name} ({f.category})",
        f"matched: {f.text}",
        f"suggestion: {f.suggestion}",
    ]
    if f.record:
        lines.insert(1, f"record: {f.record}")
    return "\n".join(lines)


def to_element(report: Report) -> ET.Element:
    suites: dict[str, list[Finding | InputError]] = {p: [] for p in report.paths}
    for f in report.findings:
        suites.setdefault(f.path or "-", []).append(f)
    for e in report.errors:
        suites.setdefault(e.path or "-", []).append(e)
    root = ET.Element("testsuites", name="apologylint")
    totals = [0, 0, 0]
    for path, items in suites.items():
        name = printable(relative_path(path) if path != "-" else "-")
        suite = ET.SubElement(root, "testsuite", name=name)
        failures = errors = 0
        if not items:
            ET.SubElement(suite, "testcase", classname=name, name="apologylint", file=name)
        for item in items:
            if isinstance(item, Finding):
                case = ET.SubElement(
                    suite,
                    "testcase",
                    classname=name,
                    name=f"{item.code} {item.line}:{item.column}",
                    file=name,
                    line=str(item.line),
                )
                failure = ET.SubElement(
                    case, "failure", type=item.code, message=printable(item.message)
                )
                failure.text = printable(_failure_text(item))
                failures += 1
            else:
                case = ET.SubElement(suite, "testcase", classname=name, name="read", file=name)
                if item.line is not None:
                    case.set("line", str(item.line))
                detail = item.reason if item.record is None else f"{item.reason} [{item.record}]"
                error = ET.SubElement(case, "error", type="InputError", message=printable(detail))
                error.text = printable(str(item))
                errors += 1
        tests = max(1, len(items))
        suite.set("tests", str(tests))
        suite.set("failures", str(failures))
        suite.set("errors", str(errors))
        suite.set("skipped", "0")
        totals[0] += tests
        totals[1] += failures
        totals[2] += errors
    root.set("tests", str(totals[0]))
    root.set("failures", str(totals[1]))
    root.set("errors", str(totals[2]))
    return root


def write_junit(report: Report, stream: TextIO) -> None:
    root = to_element(report)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")

"""Every report format, parsed back: positions (in code points, also after an emoji), escaping,
counts, fingerprints, and SARIF against the official 2.1.0 schema."""

from __future__ import annotations

import io
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from apologylint import Document, Finding, InputError, Rule, Severity, UsageError
from apologylint.reporters import FORMATS, Report, relative_path, summary_line, write
from apologylint.reporters.fingerprint import fingerprints
from apologylint.reporters.github import escape_data, escape_property, markdown_summary

SHARED = Path(__file__).resolve().parents[2] / "shared"
SARIF_SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"

RULES = {
    "FA101": Rule(
        "FA101",
        "sorry-if-you-feel",
        "fake-apology",
        Severity.ERROR,
        "Conditional apology: '{match}'",
        "Apologises for feelings.",
        "It blames the customer's reaction.",
        "Apologise for what happened.",
    ),
    "NA101": Rule(
        "NA101",
        "apology-with-excuse",
        "non-apology",
        Severity.ERROR,
        "Apology taken back: '{match}'",
        "An apology with a 'but'.",
        "The 'but' cancels it.",
        "Drop the 'but'.",
    ),
    "DF102": Rule(
        "DF102",
        "you-should-have",
        "defensive",
        Severity.WARNING,
        "Blames the customer: '{match}'",
        "Blames the customer.",
        "Nobody likes a lecture.",
        "Describe the cause neutrally.",
    ),
    "SA101": Rule(
        "SA101",
        "sorry-for-any-inconvenience",
        "scripted-apology",
        Severity.INFO,
        "Boilerplate: '{match}'",
        "Names no problem.",
        "It sounds canned.",
        "Name the actual problem.",
    ),
}

EMOJI = "🙏🏽 Sorry if you feel that way.\nWe apologize for any inconvenience, but it is policy.\n"
ODD_PATH = "replies/odd: name, 100%.txt"
ODD = "You should have read the terms. Also, you should have read the terms.\n"


def finding(
    source: str,
    phrase: str,
    code: str,
    *,
    path: str | None,
    nth: int = 0,
    message: str | None = None,
    record: str | None = None,
) -> Finding:
    """A finding on the ``nth`` occurrence of ``phrase``, positioned the way the Linter does."""
    start = -1
    for _ in range(nth + 1):
        start = source.index(phrase, start + 1)
    end = start + len(phrase)
    doc = Document.from_text(source)
    line, column = doc.position(start)
    end_line, end_column = doc.position(end)
    rule = RULES[code]
    return Finding(
        code=code,
        name=rule.name,
        category=rule.category,
        severity=rule.severity,
        message=message or rule.message.replace("{match}", phrase),
        suggestion=rule.suggestion,
        text=phrase,
        start=start,
        end=end,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        path=path,
        record=record,
    )


def make_report(emoji_source: str = EMOJI) -> Report:
    findings = [
        finding(emoji_source, "Sorry if you feel", "FA101", path="replies/emoji.txt"),
        finding(
            emoji_source,
            "that way.\nWe apologize for any inconvenience, but",
            "NA101",
            path="replies/emoji.txt",
        ),
        finding(emoji_source, "apologize for any inconvenience", "SA101", path="replies/emoji.txt"),
        finding(
            ODD,
            "You should have read",
            "DF102",
            path=ODD_PATH,
            message="100% blame,\r\nsecond line: \x1b[31mred",
        ),
        finding(ODD, "you should have read", "DF102", path=ODD_PATH),
    ]
    findings.sort(key=lambda f: f.sort_key)
    return Report(
        findings=findings,
        errors=[
            InputError("replies/bad.txt", "not valid UTF-8", line=3),
            InputError("exports/macros.json", "record has no text", record="42"),
        ],
        files=3,
        paths=["replies/clean.txt", "replies/emoji.txt", ODD_PATH],
        rules=[RULES[c] for c in sorted(RULES)],
        sources={
            "replies/clean.txt": "Thanks!\n",
            "replies/emoji.txt": emoji_source,
            ODD_PATH: ODD,
        },
    )


def render(report: Report, fmt: str, **kwargs: object) -> str:
    out = io.StringIO()
    write(report, fmt, out, **kwargs)
    return out.getvalue()


def fa101(report: Report) -> Finding:
    return next(f for f in report.findings if f.code == "FA101")


# -- dispatch ----------------------------------------------------------------------------------


def test_every_format_is_listed_and_writes():
    assert set(FORMATS) == {"text", "json", "jsonl", "sarif", "github", "junit", "gitlab", "html"}
    report = make_report()
    for fmt in FORMATS:
        assert render(report, fmt), fmt


def test_unknown_format_and_unknown_option_are_refused():
    with pytest.raises(UsageError, match="unknown format 'xml'"):
        render(make_report(), "xml")
    with pytest.raises(TypeError, match="statistcs"):
        render(make_report(), "text", statistcs=True)


def test_options_for_other_formats_are_ignored():
    report = make_report()
    assert render(report, "json", statistics=True, quiet=True, summary_path=None) == render(
        report, "json"
    )


def test_the_old_signature_still_works():
    report = make_report()
    out = io.StringIO()
    write(report, "text", out, color=False, sources=report.sources)
    assert out.getvalue().endswith(summary_line(report) + "\n")


# -- columns after an emoji, in every format that reports them ---------------------------------


def _column_text(report: Report) -> tuple[int, int]:
    text = render(report, "text")
    line = next(x for x in text.splitlines() if " FA101 " in x)
    _, ln, col, _ = line.split(":", 3)
    return int(ln), int(col)


def _column_json(report: Report) -> tuple[int, int]:
    f = next(f for f in json.loads(render(report, "json"))["findings"] if f["code"] == "FA101")
    return f["column"], f["end_column"]


def _column_jsonl(report: Report) -> tuple[int, int]:
    rows = [json.loads(x) for x in render(report, "jsonl").splitlines()]
    f = next(r for r in rows if r.get("code") == "FA101")
    return f["column"], f["end_column"]


def _column_sarif(report: Report) -> tuple[int, int]:
    results = json.loads(render(report, "sarif"))["runs"][0]["results"]
    region = next(r for r in results if r["ruleId"] == "FA101")["locations"][0]["physicalLocation"][
        "region"
    ]
    return region["startColumn"], region["endColumn"]


def _column_github(report: Report) -> tuple[int, int]:
    line = next(x for x in render(report, "github").splitlines() if "FA101" in x)
    props = dict(p.split("=", 1) for p in line.split(" ", 1)[1].split("::")[0].split(","))
    return int(props["col"]), int(props["endColumn"])


def _column_junit(report: Report) -> tuple[int, int]:
    root = ET.fromstring(render(report, "junit"))
    case = next(c for c in root.iter("testcase") if c.get("name", "").startswith("FA101"))
    line, col = case.get("name").split()[1].split(":")
    return int(line), int(col)


def _column_gitlab(report: Report) -> tuple[int, int]:
    issue = next(i for i in json.loads(render(report, "gitlab")) if i["check_name"] == "FA101")
    pos = issue["location"]["positions"]
    return pos["begin"]["column"], pos["end"]["column"]


@pytest.mark.parametrize(
    "fmt,extract,expected",
    [
        ("text", _column_text, (1, 4)),
        ("json", _column_json, (4, 21)),
        ("jsonl", _column_jsonl, (4, 21)),
        ("sarif", _column_sarif, (4, 21)),
        ("github", _column_github, (4, 21)),
        ("junit", _column_junit, (1, 4)),
        ("gitlab", _column_gitlab, (4, 21)),
    ],
)
def test_columns_are_code_points_after_an_emoji(fmt, extract, expected):
    # "🙏🏽" is two code points (four UTF-16 units, eight UTF-8 bytes): "Sorry" is at column 4.
    report = make_report()
    assert EMOJI.split("\n")[0][3:20] == "Sorry if you feel"
    assert extract(report) == expected


def test_real_linter_positions_after_an_emoji(linter):
    source = "🙏🏽 Sorry if you feel that way."
    findings = linter.lint(source, path="chat.txt")
    report = Report(
        findings=findings,
        files=1,
        paths=["chat.txt"],
        rules=list(linter.rules),
        sources={"chat.txt": source},
    )
    f = fa101(report)
    assert (f.column, f.end_column) == (4, 21)
    assert _column_sarif(report) == _column_gitlab(report) == _column_github(report) == (4, 21)


# -- text ---------------------------------------------------------------------------------------


def test_text_lines_suggestions_and_summary():
    report = make_report()
    lines = render(report, "text").splitlines()
    assert lines[0] == (
        "replies/emoji.txt:1:4: FA101 [error] Conditional apology: 'Sorry if you feel'"
    )
    assert lines[1] == "    suggestion: Apologise for what happened."
    assert lines[-1] == (
        "Found 5 problems (2 errors, 2 warnings, 1 info) in 3 files. 2 files could not be read."
    )
    assert "|" not in "\n".join(lines)  # no excerpts without colour
    # One line per finding, and nothing from a draft can send escape sequences to a terminal.
    assert len(lines) == 2 * len(report.findings) + 1
    assert "\x1b" not in "\n".join(lines)
    assert lines[6].endswith(" DF102 [warning] 100% blame, second line: \ufffd[31mred")


def test_text_summary_line_is_unchanged():
    empty = Report(files=1)
    assert render(empty, "text") == "Found 0 problems (0 errors, 0 warnings, 0 info) in 1 file.\n"
    one = Report(findings=[fa101(make_report())], files=1)
    assert render(one, "text").endswith(
        "Found 1 problem (1 error, 0 warnings, 0 info) in 1 file.\n"
    )


def test_text_colour_underlines_the_match_under_the_emoji_line():
    report = make_report()
    report.findings = [fa101(report)]
    out = render(report, "text", color=True)
    plain = _strip_ansi(out).splitlines()
    assert plain[2] == "    | 🙏🏽 Sorry if you feel that way."
    # The emoji takes two terminal cells (the skin-tone modifier none), then a space.
    assert plain[3] == "    |    " + "^" * len("Sorry if you feel")
    assert "\x1b[31m" in out


def test_text_excerpt_of_a_finding_spanning_lines_underlines_to_the_end_of_the_line():
    report = make_report()
    report.findings = [f for f in report.findings if f.code == "NA101"]
    plain = _strip_ansi(render(report, "text", color=True)).splitlines()
    assert plain[3] == "    |" + " " * (1 + 2 + 1 + len("Sorry if you feel ")) + "^" * 9


def test_text_sources_default_to_the_report_and_can_be_overridden():
    report = make_report()
    report.findings = [fa101(report)]
    assert "Sorry if you feel that way" in render(report, "text", color=True)
    out = render(report, "text", color=True, sources={})
    assert "that way" not in out


def test_text_statistics_count_per_rule_before_the_summary():
    report = make_report()
    lines = render(report, "text", statistics=True).splitlines()
    stats = lines[-5:-1]
    assert stats[0].split() == ["2", "DF102", "you-should-have"]
    assert [s.split()[1] for s in stats] == ["DF102", "FA101", "NA101", "SA101"]
    assert all(s.split()[0] == "1" for s in stats[1:])
    assert lines[-1].startswith("Found 5 problems")
    assert lines[0].startswith("replies/emoji.txt:1:4: FA101")  # findings still listed


def test_text_quiet_prints_only_the_summary():
    report = make_report()
    assert render(report, "text", quiet=True) == summary_line(report) + "\n"
    out = render(report, "text", quiet=True, statistics=True).splitlines()
    assert len(out) == 5 and out[-1] == summary_line(report)


def _strip_ansi(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


# -- json / jsonl -------------------------------------------------------------------------------


def test_json_shape_is_unchanged():
    report = make_report()
    data = json.loads(render(report, "json"))
    assert list(data) == ["version", "findings", "errors", "notices", "summary"]
    assert data["version"] == 1
    assert data["findings"] == [f.to_dict() for f in report.findings]
    assert data["errors"] == [
        {"path": "replies/bad.txt", "message": "not valid UTF-8", "line": 3},
        {"path": "exports/macros.json", "message": "record has no text", "record": "42"},
    ]
    assert data["summary"]["by_severity"] == {"info": 1, "warning": 2, "error": 2}


def test_jsonl_one_finding_per_line_then_errors():
    report = make_report()
    text = render(report, "jsonl")
    rows = [json.loads(line) for line in text.splitlines()]
    assert len(rows) == len(report.findings) + len(report.errors)
    assert text.count("\n") == len(rows)  # a newline inside a message is escaped
    findings = [r for r in rows if r["type"] == "finding"]
    assert [{k: v for k, v in r.items() if k != "type"} for r in findings] == [
        f.to_dict() for f in report.findings
    ]
    assert rows[len(findings) :] == [
        {"type": "error", "path": "replies/bad.txt", "message": "not valid UTF-8", "line": 3},
        {
            "type": "error",
            "path": "exports/macros.json",
            "message": "record has no text",
            "record": "42",
        },
    ]
    assert "🙏🏽" not in text and "Sorry if you feel" in text  # the emoji is not in a finding
    assert render(Report(), "jsonl") == ""


# -- fingerprints -------------------------------------------------------------------------------


def test_fingerprints_ignore_edits_elsewhere_but_not_the_finding():
    before = make_report()
    after = make_report("A new first line.\n\n" + EMOJI)
    assert fa101(after).line == fa101(before).line + 2
    assert fingerprints(before.findings) == fingerprints(after.findings)
    a = finding(EMOJI, "Sorry if you feel", "FA101", path="p.txt")
    # Case, curly quotes and whitespace are normalised; other words, the rule or the path not.
    b_src = EMOJI.replace("Sorry if you feel", "sorry  if you\nFEEL")
    b = finding(b_src, "sorry  if you\nFEEL", "FA101", path="p.txt")
    c = finding(EMOJI, "Sorry if you feel that", "FA101", path="p.txt")
    d = finding(EMOJI, "Sorry if you feel", "NA101", path="p.txt")
    assert fingerprints([a]) == fingerprints([b])
    assert len({fingerprints([x])[0] for x in (a, c, d)}) == 3
    moved = [
        Finding(**{**f.to_dict(), "severity": f.severity, "path": "elsewhere.txt"})
        for f in before.findings
    ]
    assert set(fingerprints(moved)).isdisjoint(fingerprints(before.findings))


def test_fingerprints_are_unique_for_repeated_phrases():
    report = make_report()
    prints = fingerprints(report.findings)
    assert len(set(prints)) == len(prints)
    assert all(len(p) == 32 and int(p, 16) >= 0 for p in prints)


def test_relative_path_inside_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    inside = os.path.join(str(tmp_path), "sub", "a.txt")
    assert relative_path(inside) == "sub/a.txt"
    assert relative_path("rel/b.txt") == "rel/b.txt"
    assert relative_path(None) == "-"
    outside = os.path.abspath(os.path.join(str(tmp_path), "..", "x.txt"))
    assert relative_path(outside) == outside


# -- SARIF --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator():
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema (a test extra) is needed")
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SARIF_SCHEMA}")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    # This copy of the schema keeps the top-level constraints in definitions/Root (its root
    # object constrains nothing), so validate against that definition.
    if "properties" not in schema and "Root" in schema.get("definitions", {}):
        schema = {**schema, "$ref": "#/definitions/Root"}
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _errors(validator, doc) -> list[str]:
    return [e.message for e in validator.iter_errors(doc)]


def test_sarif_validates_against_the_schema(sarif_validator):
    for report in (make_report(), Report(), Report(files=1, paths=["a.txt"])):
        doc = json.loads(render(report, "sarif"))
        assert _errors(sarif_validator, doc) == []


def test_the_sarif_validator_can_fail(sarif_validator):
    doc = json.loads(render(make_report(), "sarif"))
    doc["runs"][0]["results"][0]["level"] = "fatal"
    doc["runs"][0]["columnKind"] = "bytes"
    del doc["version"]
    assert len(_errors(sarif_validator, doc)) >= 3


def test_sarif_rules_results_and_locations():
    report = make_report()
    doc = json.loads(render(report, "sarif"))
    assert doc["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert doc["version"] == "2.1.0" and len(doc["runs"]) == 1
    run = doc["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert driver["name"] == "apologylint" and driver["version"] and driver["informationUri"]
    rules = driver["rules"]
    assert [r["id"] for r in rules] == ["DF102", "FA101", "NA101", "SA101"]
    fa = rules[1]
    assert fa["name"] == "sorry-if-you-feel"
    assert fa["shortDescription"]["text"] == "Apologises for feelings."
    assert "blames the customer's reaction" in fa["fullDescription"]["text"]
    assert "Apologise for what happened." in fa["help"]["text"]
    assert "### Better" in fa["help"]["markdown"]
    assert fa["defaultConfiguration"]["level"] == "error"
    assert fa["properties"]["category"] == "fake-apology"
    assert rules[3]["defaultConfiguration"]["level"] == "note"

    results = run["results"]
    assert len(results) == len(report.findings)
    for result, f in zip(results, report.findings):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == f.code
        assert (
            result["level"]
            == {"error": "error", "warning": "warning", "info": "note"}[f.severity.value]
        )
        assert result["message"]["text"].startswith(f.message)
        loc = result["locations"][0]["physicalLocation"]
        region = loc["region"]
        assert (
            region["startLine"],
            region["startColumn"],
            region["endLine"],
            region["endColumn"],
        ) == (f.line, f.column, f.end_line, f.end_column)
        assert region["snippet"]["text"] == report.sources[f.path][f.start : f.end]
        assert "\\" not in loc["artifactLocation"]["uri"]
    odd = next(r for r in results if r["ruleId"] == "DF102")
    assert (
        odd["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == "replies/odd%3A%20name%2C%20100%25.txt"
    )
    prints = [r["partialFingerprints"]["apologylint/v1"] for r in results]
    assert prints == fingerprints(report.findings)


def test_sarif_input_errors_are_notifications():
    doc = json.loads(render(make_report(), "sarif"))
    inv = doc["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    notes = inv["toolExecutionNotifications"]
    assert [n["message"]["text"] for n in notes] == ["not valid UTF-8", "record has no text"]
    assert notes[0]["locations"][0]["physicalLocation"]["region"] == {"startLine": 3}
    assert notes[1]["properties"] == {"record": "42"}
    clean = json.loads(render(Report(files=1), "sarif"))["runs"][0]
    assert clean["invocations"] == [{"executionSuccessful": True}] and clean["results"] == []


def test_sarif_uri_is_relative_for_absolute_paths_inside_the_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    report = make_report()
    absolute = str(tmp_path / "replies" / "emoji.txt")
    report.findings = [
        Finding(**{**fa101(report).to_dict(), "severity": Severity.ERROR, "path": absolute})
    ]
    doc = json.loads(render(report, "sarif", sources={}))
    loc = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "replies/emoji.txt"
    assert loc["region"]["snippet"]["text"] == "Sorry if you feel"  # falls back to the finding


def test_sarif_describes_rules_missing_from_report_rules():
    report = make_report()
    report.rules = []
    run = json.loads(render(report, "sarif"))["runs"][0]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == {"DF102", "FA101", "NA101", "SA101"}
    for result in run["results"]:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


# -- GitHub -------------------------------------------------------------------------------------


def test_github_escaping():
    assert escape_data("100%\r\nnext: a,b") == "100%25%0D%0Anext: a,b"
    assert escape_property("a: b, 100%\n") == "a%3A b%2C 100%25%0A"


def test_github_annotations():
    report = make_report()
    lines = render(report, "github").splitlines()
    assert len(lines) == len(report.findings) + len(report.errors)
    assert lines[0] == (
        "::error file=replies/emoji.txt,line=1,col=4,endLine=1,endColumn=21,"
        "title=FA101 sorry-if-you-feel::Conditional apology: 'Sorry if you feel'"
        "%0ASuggestion: Apologise for what happened."
    )
    # A finding over two lines: no col/endColumn (GitHub rejects them across lines).
    assert lines[1].startswith(
        "::error file=replies/emoji.txt,line=1,endLine=2,title=NA101 apology-with-excuse::"
    )
    # Most severe first: errors, then warnings, then notices.
    kinds = [line.split(" ", 1)[0] for line in lines[: len(report.findings)]]
    assert kinds == ["::error", "::error", "::warning", "::warning", "::notice"]
    odd = lines[2]
    assert odd.startswith("::warning file=replies/odd%3A name%2C 100%25.txt,line=1,col=1,")
    assert odd.endswith(
        "::100%25 blame,%0D%0Asecond line: \x1b[31mred%0ASuggestion: Describe the cause neutrally."
    )
    assert lines[-2] == (
        "::error file=replies/bad.txt,line=3,title=apologylint%3A input error::not valid UTF-8"
    )
    assert lines[-1] == (
        "::error file=exports/macros.json,title=apologylint%3A input "
        "error::record has no text%0ARecord: 42"
    )


def test_github_step_summary_is_appended(tmp_path):
    summary = tmp_path / "summary.md"
    summary.write_text("# Earlier step\n", encoding="utf-8")
    report = make_report()
    render(report, "github", summary_path=str(summary))
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# Earlier step\n## apologylint\n")
    assert summary_line(report) in text
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert rows[0] == "| File | Line | Code | Severity | Message |"
    assert len(rows) == 1 + len(report.findings)
    assert rows[1] == (
        "| replies/emoji.txt | 1:4 | FA101 sorry-if-you-feel | error | "
        "Conditional apology: 'Sorry if you feel' |"
    )
    odd = next(r for r in rows if "100% blame" in r)
    assert "<br>" in odd and "\n" not in odd
    assert "not valid UTF-8" in text
    render(Report(), "github", summary_path=None)  # no summary file: nothing written


def test_github_summary_stays_under_the_size_limit():
    report = make_report()
    many = report.findings * 50
    report.findings = many
    text = markdown_summary(report, budget=3000)
    assert len(text.encode()) < 3600
    assert "more (the step summary is limited" in text


def test_github_summary_cells_cannot_break_the_table():
    report = make_report()
    f = fa101(report)
    report.findings = [
        Finding(
            **{**f.to_dict(), "severity": f.severity, "message": "a | b <script>x</script> *bold*"}
        )
    ]
    row = [r for r in markdown_summary(report).splitlines() if r.startswith("| replies")][0]
    assert row.count(" | ") == 4
    assert "a \\| b &lt;script&gt;x&lt;/script&gt; \\*bold\\*" in row


# -- JUnit --------------------------------------------------------------------------------------


def test_junit_parses_back_with_correct_counts():
    report = make_report()
    root = ET.fromstring(render(report, "junit"))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    names = [s.get("name") for s in suites]
    assert names == [
        "replies/clean.txt",
        "replies/emoji.txt",
        ODD_PATH,
        "replies/bad.txt",
        "exports/macros.json",
    ]
    for suite in suites:
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == sum(len(c.findall("failure")) for c in cases)
        assert int(suite.get("errors")) == sum(len(c.findall("error")) for c in cases)
    assert root.get("tests") == str(sum(int(s.get("tests")) for s in suites)) == "8"
    assert root.get("failures") == str(len(report.findings))
    assert root.get("errors") == "2"

    clean = suites[0].findall("testcase")
    assert len(clean) == 1 and list(clean[0]) == []  # one passing case
    emoji = suites[1].findall("testcase")
    assert [c.get("name") for c in emoji] == ["FA101 1:4", "NA101 1:22", "SA101 2:4"]
    for case in emoji:
        assert case.get("classname") == "replies/emoji.txt"
        failures = list(case)
        assert len(failures) == 1 and failures[0].tag == "failure"
    failure = emoji[0].find("failure")
    assert failure.get("type") == "FA101"
    assert failure.get("message") == "Conditional apology: 'Sorry if you feel'"
    assert "suggestion: Apologise for what happened." in failure.text
    assert "matched: Sorry if you feel" in failure.text
    error = suites[3].find("testcase/error")
    assert error.get("message") == "not valid UTF-8"


def test_junit_survives_control_characters():
    root = ET.fromstring(render(make_report(), "junit"))
    odd = [c for c in root.iter("failure") if "blame" in c.get("message")][0]
    assert "\x1b" not in odd.get("message") and "\ufffd[31mred" in odd.get("message")


# -- GitLab -------------------------------------------------------------------------------------


def test_gitlab_code_quality():
    report = make_report()
    issues = json.loads(render(report, "gitlab"))
    assert len(issues) == len(report.findings) + len(report.errors)
    for issue, f in zip(issues, report.findings):
        assert issue["check_name"] == f.code
        assert f.code in issue["description"] and f.message in issue["description"]
        assert (
            issue["severity"]
            == {"error": "major", "warning": "minor", "info": "info"}[f.severity.value]
        )
        pos = issue["location"]["positions"]
        assert pos == {
            "begin": {"line": f.line, "column": f.column},
            "end": {"line": f.end_line, "column": f.end_column},
        }
        assert issue["location"]["path"] == f.path
    prints = [i["fingerprint"] for i in issues]
    assert len(set(prints)) == len(prints)
    assert prints[: len(report.findings)] == fingerprints(report.findings)
    errors = issues[len(report.findings) :]
    assert [e["check_name"] for e in errors] == ["input-error", "input-error"]
    assert errors[0]["location"] == {"path": "replies/bad.txt", "lines": {"begin": 3}}
    # Stable across runs, and across edits elsewhere in the file.
    again = json.loads(render(make_report("Hello.\n" + EMOJI), "gitlab"))
    assert [i["fingerprint"] for i in again] == prints

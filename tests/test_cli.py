"""The command line, run for real: exit codes, formats, stdin, and bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from apologylint.cli import main

FAKE = "Hi Jo,\n\nI'm sorry if you feel that way.\n"
CLEAN = "Hi Jo,\n\nThanks for your order. It ships today.\n"
INFO_ONLY = "Hi Jo,\n\nWe apologise for any inconvenience caused.\n"


def run(*args: str, input: str | bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "apologylint", *args],
        input=input,
        capture_output=True,
        text=isinstance(input, str) or input is None,
        timeout=120,
    )


@pytest.fixture
def drafts(tmp_path: Path) -> Path:
    (tmp_path / "bad.txt").write_text(FAKE, encoding="utf-8")
    (tmp_path / "good.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "notes.py").write_text("sorry if you feel = 1\n", encoding="utf-8")
    sub = tmp_path / "macros"
    sub.mkdir()
    (sub / "late.liquid").write_text(
        "Dear {{ name }}, sorry if you felt ignored.\n", encoding="utf-8"
    )
    for hidden in (".git", "node_modules", ".hidden"):
        (tmp_path / hidden).mkdir()
        (tmp_path / hidden / "x.txt").write_text(FAKE, encoding="utf-8")
    (tmp_path / ".gitignore").write_text("ignored/\n", encoding="utf-8")
    (tmp_path / "ignored").mkdir()
    (tmp_path / "ignored" / "x.txt").write_text(FAKE, encoding="utf-8")
    return tmp_path


def test_folder_walk_lints_known_types_only(drafts: Path) -> None:
    res = CliRunner().invoke(main, ["check", "--format", "json", str(drafts)])
    assert res.exit_code == 1, res.output
    data = json.loads(res.stdout)
    paths = sorted({Path(f["path"]).relative_to(drafts).as_posix() for f in data["findings"]})
    assert paths == ["bad.txt", "macros/late.liquid"]
    assert data["summary"]["files"] == 3
    assert data["errors"] == []


def test_text_output_format(drafts: Path) -> None:
    res = CliRunner().invoke(main, ["check", str(drafts / "bad.txt")])
    lines = res.stdout.splitlines()
    assert lines[0] == (
        f"{drafts / 'bad.txt'}:3:5: FA101 [error] Conditional apology for the "
        "customer's feelings: 'sorry if you feel'"
    )
    assert lines[1].startswith("    suggestion: ")
    assert lines[-1] == "Found 1 problem (1 error, 0 warnings, 0 info) in 1 file."
    assert res.exit_code == 1


def test_exit_codes_fail_on_and_exit_zero(tmp_path: Path) -> None:
    info = tmp_path / "info.txt"
    info.write_text(INFO_ONLY, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["check", str(info)]).exit_code == 0  # info < warning
    assert runner.invoke(main, ["check", "--fail-on", "info", str(info)]).exit_code == 1
    bad = tmp_path / "bad.txt"
    bad.write_text(FAKE, encoding="utf-8")
    assert runner.invoke(main, ["check", "--fail-on", "error", str(bad)]).exit_code == 1
    assert runner.invoke(main, ["check", "--exit-zero", str(bad)]).exit_code == 0
    clean = tmp_path / "clean.txt"
    clean.write_text(CLEAN, encoding="utf-8")
    assert runner.invoke(main, ["check", str(clean)]).exit_code == 0


def test_errors_win_but_the_batch_goes_on(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(FAKE, encoding="utf-8")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"abc\x00\x01\x02" * 10)
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    res = run(
        "check",
        "--format",
        "json",
        str(binary),
        str(tmp_path / "missing.txt"),
        str(empty_dir),
        str(bad),
    )
    assert res.returncode == 2
    data = json.loads(res.stdout)
    assert [f["code"] for f in data["findings"]] == ["FA101"]  # still linted
    messages = {Path(e["path"]).name: e["message"] for e in data["errors"]}
    assert "binary" in messages["blob.txt"]
    assert "no such file" in messages["missing.txt"]
    assert "no lintable files" in messages["empty"]
    err_lines = res.stderr.strip().splitlines()
    assert len(err_lines) == 3
    assert all(line.startswith("apologylint: ") for line in err_lines)
    assert "Traceback" not in res.stderr


def test_exit_zero_does_not_hide_input_errors(tmp_path: Path) -> None:
    res = run("check", "--exit-zero", str(tmp_path / "nope.txt"))
    assert res.returncode == 2


def test_empty_file_is_clean(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    res = CliRunner().invoke(main, ["check", str(empty)])
    assert res.exit_code == 0
    assert "Found 0 problems" in res.stdout


def test_stdin_and_stdin_filename() -> None:
    res = run("check", "-", input=FAKE)
    assert res.returncode == 1
    assert res.stdout.startswith("-:3:5: FA101 [error]")
    res = run("check", "--stdin-filename", "draft.eml.txt", "--format", "json", "-", input=FAKE)
    assert json.loads(res.stdout)["findings"][0]["path"] == "draft.eml.txt"


def test_no_paths_is_a_usage_error() -> None:
    res = run("check")
    assert res.returncode == 2
    assert "no paths" in res.stderr


def test_output_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(FAKE, encoding="utf-8")
    out = tmp_path / "report.json"
    res = CliRunner().invoke(main, ["check", "--format", "json", "-o", str(out), str(bad)])
    assert res.exit_code == 1
    assert res.stdout == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["version"] == 1 and len(data["findings"]) == 1
    assert set(data["summary"]) >= {"files", "findings", "errors", "by_severity"}


def test_json_findings_sorted_by_path_line_column_code(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(
        "Sorry if you feel upset.\nAs I already said, no.\n", encoding="utf-8"
    )
    (tmp_path / "a.txt").write_text("Calm down, please.\n" + FAKE, encoding="utf-8")
    res = CliRunner().invoke(main, ["check", "--format", "json", str(tmp_path)])
    keys = [
        (f["path"], f["line"], f["column"], f["code"]) for f in json.loads(res.stdout)["findings"]
    ]
    assert keys == sorted(keys)
    assert len({k[0] for k in keys}) == 2


def test_unknown_selector_is_exit_2() -> None:
    res = run("check", "--select", "FAKE", "-", input=FAKE)
    assert res.returncode == 2
    assert "unknown selector 'FAKE'" in res.stderr


def test_select_and_ignore(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(FAKE, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["check", "--ignore", "fake-apology", str(bad)]).exit_code == 0
    assert runner.invoke(main, ["check", "--select", "FA101", str(bad)]).exit_code == 1
    assert runner.invoke(main, ["check", "--select", "defensive", str(bad)]).exit_code == 0


def test_cp1252_file_is_read_with_a_notice(tmp_path: Path) -> None:
    f = tmp_path / "legacy.txt"
    f.write_bytes("We\x92re sorry if you felt ignored \x96 truly.".encode("latin-1"))
    res = run("check", "--format", "json", str(f))
    assert res.returncode == 1
    assert "cp1252" in res.stderr
    finding = json.loads(res.stdout)["findings"][0]
    assert finding["text"].startswith("sorry if you felt")


def test_utf16_with_bom(tmp_path: Path) -> None:
    f = tmp_path / "u16.txt"
    f.write_bytes("I’m sorry if you feel that way.".encode("utf-16"))
    res = run("check", "--format", "json", str(f))
    assert res.returncode == 1
    assert json.loads(res.stdout)["findings"][0]["column"] == 5


@pytest.mark.slow
def test_one_megabyte_line_is_linted(tmp_path: Path) -> None:
    filler = "Thanks for your order and your patience with us today. " * 19000
    text = filler + "I am sorry if you feel that way. " + filler
    assert len(text) > 1_000_000 and "\n" not in text
    f = tmp_path / "huge.txt"
    f.write_text(text, encoding="utf-8")
    res = run("check", "--format", "json", str(f))
    assert res.returncode == 1, res.stderr
    found = json.loads(res.stdout)["findings"]
    assert [x["code"] for x in found] == ["FA101"]
    assert text[found[0]["start"] : found[0]["end"]] == found[0]["text"]


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "big.txt"
    f.write_bytes(b"sorry if you feel that way. " * 40000)  # ~1.1 MB
    res = run("check", "--max-file-size", "1000000", str(f))
    assert res.returncode == 2
    assert "max-file-size" in res.stderr and "Traceback" not in res.stderr


def test_rules_and_explain() -> None:
    res = CliRunner().invoke(main, ["rules"])
    assert res.exit_code == 0
    assert any(line.startswith("FA101  sorry-if-you-feel") for line in res.stdout.splitlines())
    res = CliRunner().invoke(main, ["explain", "sorry-if-you-feel"])
    assert res.exit_code == 0
    assert "sorry-if-you-feel (FA101)" in res.stdout and "Fires on" in res.stdout
    res = CliRunner().invoke(main, ["explain", "FA999"])
    assert res.exit_code == 2


def test_eval_command(tmp_path: Path) -> None:
    f = tmp_path / "items.jsonl"
    f.write_text(
        "\n".join(
            json.dumps(x)
            for x in [
                {"id": "a", "text": "Sorry if you feel that way.", "labels": ["fake-apology"]},
                {"id": "b", "text": "Thanks, all fixed.", "labels": []},
                {"id": "c", "text": "Sorry to hear that.", "labels": ["fake-apology"]},
            ]
        ),
        encoding="utf-8",
    )
    res = CliRunner().invoke(main, ["eval", str(f), "--show-errors"])
    assert res.exit_code == 0
    row = next(line for line in res.stdout.splitlines() if line.startswith("fake-apology"))
    assert row.split()[1:4] == ["1.000", "0.500", "0.667"]
    assert "[c] expected ['fake-apology'], got ['clean']" in res.stdout
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["eval", str(bad)])
    assert res.exit_code == 2

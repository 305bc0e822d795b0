"""Nothing lost, nothing run: notices, batches, caches, configuration as data, and output that
quotes input safely."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from apologylint.notices import LintResult, Notice
from apologylint.run import ReadOptions, RunOptions, Settings, run

FAKE = "Hi,\n\nWe are sorry if you feel that way.\n"


def cli(*args: str, cwd: Path | None = None, input: str | None = None, env: dict | None = None):
    return subprocess.run(
        [sys.executable, "-m", "apologylint", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        input=input,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


def check_json(*args: str, cwd: Path, env: dict | None = None) -> tuple[int, dict, str]:
    res = cli("check", "--format", "json", *args, cwd=cwd, env=env)
    return res.returncode, json.loads(res.stdout) if res.stdout.strip() else {}, res.stderr


# -- notices ------------------------------------------------------------------------------------


def test_reader_notice_goes_into_the_report_not_to_stderr(tmp_path: Path, capfd) -> None:
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("We\x92re sorry if you felt ignored.".encode("latin-1"))
    report = run([str(legacy)], Settings(isolated=True), RunOptions(read=ReadOptions()))
    out, err = capfd.readouterr()
    assert out == "" and err == ""  # library code never prints
    assert [n.path for n in report.notices] == [str(legacy)]
    assert "cp1252" in report.notices[0].message


def test_json_report_lists_notices_and_the_cli_renders_them(tmp_path: Path) -> None:
    (tmp_path / "legacy.txt").write_bytes("Thanks \x96 all done.".encode("latin-1"))
    rc, data, err = check_json("legacy.txt", cwd=tmp_path)
    assert rc == 0
    assert data["notices"] == [{"path": "legacy.txt", "message": data["notices"][0]["message"]}]
    assert "cp1252" in data["notices"][0]["message"]
    assert "apologylint: legacy.txt: " in err and "cp1252" in err


def test_notice_dict_and_lint_result() -> None:
    assert Notice("m").to_dict() == {"message": "m"}
    assert Notice("m", "a.txt").to_dict() == {"path": "a.txt", "message": "m"}
    import pickle

    result = pickle.loads(pickle.dumps(LintResult([], ("read as cp1252",))))
    assert result == [] and result.notices == ("read as cp1252",)


def test_linter_result_carries_the_documents_notices(linter) -> None:
    from apologylint.readers import read

    doc = read("We\x92re sorry if you felt ignored.".encode("latin-1"), path="x.txt")
    result = linter.lint(doc)
    assert [f.code for f in result] == ["FA101"]
    assert any("cp1252" in n for n in result.notices)

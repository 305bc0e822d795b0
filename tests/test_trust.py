"""Nothing lost, nothing run: notices, batches, caches, configuration as data, and output that
quotes input safely."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from apologylint.notices import LintResult, Notice
from apologylint.reporters import Report
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
        env={k: v for k, v in {**os.environ, **(env or {})}.items() if v is not None},
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


# -- the result cache: keyed by what changes the answer, signed ---------------------------------


def lint_paths(*paths: str, cwd: Path, cache: bool = True, **settings) -> Report:  # noqa: F821
    old = os.getcwd()
    os.chdir(cwd)
    try:
        options = RunOptions(read=ReadOptions(), cache_dir=".apologylint_cache" if cache else None)
        return run(list(paths), Settings(**settings), options)
    finally:
        os.chdir(old)


def per_file_ignores_project(tmp_path: Path) -> Path:
    proj = tmp_path / "proj"
    (proj / "templates").mkdir(parents=True)
    (proj / "other").mkdir()
    (proj / "apologylint.toml").write_text(
        '[per-file-ignores]\n"templates/*" = ["fake-apology"]\n', encoding="utf-8"
    )
    sentence = "We are sorry if you feel that way.\n"
    (proj / "templates" / "a.txt").write_text(sentence, encoding="utf-8")
    (proj / "other" / "b.txt").write_text(sentence, encoding="utf-8")
    return proj


@pytest.mark.parametrize(
    "order", [("templates/a.txt", "other/b.txt"), ("other/b.txt", "templates/a.txt")]
)
def test_cache_key_covers_per_file_ignores(tmp_path: Path, order: tuple[str, str]) -> None:
    proj = per_file_ignores_project(tmp_path)
    codes = {}
    for path in order:
        report = lint_paths(path, cwd=proj)
        codes[path] = [f.code for f in report.findings]
    assert codes == {"templates/a.txt": [], "other/b.txt": ["FA101"]}


def test_cache_key_covers_named_versus_walked(tmp_path: Path) -> None:
    (tmp_path / "exports").mkdir()
    package = '{"version": "1.0.0", "dependencies": {"a": "1"}}'
    (tmp_path / "exports" / "package.json").write_text(package, encoding="utf-8")
    walked = lint_paths("exports", cwd=tmp_path)
    assert walked.files == 0 and walked.errors == []  # not a collection: skipped in a walk
    named = lint_paths("exports/package.json", cwd=tmp_path)
    assert [e.path for e in named.errors] == ["exports/package.json"]


def test_cache_key_covers_the_rule_packs_content(tmp_path: Path) -> None:
    pack = tmp_path / "team.yaml"
    body = "pack: team\nrules:\n  - extends: sorry-if-you-feel\n    severity: {}\n"
    (tmp_path / "apologylint.toml").write_text('rules = ["team.yaml"]\n', encoding="utf-8")
    (tmp_path / "d.txt").write_text(FAKE, encoding="utf-8")
    severities = []
    for level in ("warning", "info"):
        pack.write_text(body.format(level), encoding="utf-8")
        from apologylint import registry

        registry._RULESETS.clear()  # a new process would load the pack afresh
        severities.append([f.severity.value for f in lint_paths("d.txt", cwd=tmp_path).findings])
    assert severities == [["warning"], ["info"]]


def _entries(folder: Path) -> list[Path]:
    return sorted(p for p in (folder / ".apologylint_cache").rglob("*.json"))


def test_planted_cache_entries_never_match(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_text(FAKE, encoding="utf-8")
    (tmp_path / "good.txt").write_text("Thanks, your refund is on its way.\n", encoding="utf-8")
    first = lint_paths("bad.txt", "good.txt", cwd=tmp_path)
    assert [f.code for f in first.findings] == ["FA101"]
    entries = _entries(tmp_path)
    assert len(entries) == 2
    clean = '{"findings": [], "notices": [], "skipped": false}'
    good_entry = next(e for e in entries if b'"findings": []' in e.read_bytes())
    bad_entry = next(e for e in entries if e != good_entry)
    plants = [
        clean.encode(),  # unsigned, as committed to a pull request
        b"apologylint-signed-1\n" + b"0" * 64 + b"\n" + clean.encode(),  # forged signature
        good_entry.read_bytes(),  # a genuine entry replayed under another name
    ]
    for planted in plants:
        bad_entry.write_bytes(planted)
        again = lint_paths("bad.txt", cwd=tmp_path)
        assert [f.code for f in again.findings] == ["FA101"]
    # and the genuine entries are hits
    assert lint_paths("bad.txt", cwd=tmp_path).findings == first.findings


def test_signing_key_is_private_and_outside_caches(tmp_path: Path) -> None:
    from apologylint import signing

    assert signing.user_key() is not None
    key = signing.key_file()
    assert key.stat().st_mode & 0o777 == 0o600
    cache_home = Path(os.environ["XDG_CACHE_HOME"]).resolve()
    assert cache_home not in key.resolve().parents
    assert signing.verify("a", signing.sign("a", b"x")) == b"x"
    assert signing.verify("b", signing.sign("a", b"x")) is None


def test_a_key_others_can_read_is_not_used(tmp_path: Path, monkeypatch) -> None:
    from apologylint import signing

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert signing.user_key() is not None
    signing.key_file().chmod(0o644)
    monkeypatch.setattr(signing, "_cached_key", None)
    assert signing.user_key() is None


# -- batches: errors cross process boundaries; one Linter per configuration ----------------------


def test_errors_survive_a_pickle_round_trip() -> None:
    import pickle

    from apologylint.config import ConfigError
    from apologylint.errors import InputError, RulePackError, UsageError
    from apologylint.readers._collection_csv import CSVSyntaxError
    from apologylint.readers._collection_json import JSONSyntaxError
    from apologylint.readers._collection_yaml import YAMLSyntaxError
    from apologylint.recovery import UnknownFramework
    from apologylint.run import _Result

    errors = [
        InputError("x.txt", "binary file", record="7", line=3),
        RulePackError("p.yaml", "bad", rule="X101", field="patterns", line=4),
        ConfigError("apologylint.toml", "unknown key"),
        UsageError("bad selector"),
        UnknownFramework("unknown framework 'x'"),
        CSVSyntaxError("unclosed quote", 3),
        JSONSyntaxError("expected ','", 2),
        YAMLSyntaxError("bad indent", None),
    ]
    for exc in errors:
        back = pickle.loads(pickle.dumps(exc))
        assert type(back) is type(exc) and str(back) == str(exc)
        assert vars(back) == vars(exc)
    res = pickle.loads(pickle.dumps(_Result("x.txt", errors=[errors[0]])))
    assert res.errors[0].line == 3 and res.errors[0].record == "7"


@pytest.mark.slow
def test_an_unreadable_file_does_not_abort_a_parallel_batch(tmp_path: Path) -> None:
    from apologylint.run import PARALLEL_MIN_FILES

    drafts = tmp_path / "lib"
    drafts.mkdir()
    for i in range(PARALLEL_MIN_FILES):
        (drafts / f"d{i:03d}.txt").write_text(f"Order {i}.\n{FAKE}", encoding="utf-8")
    (drafts / "x.txt").write_bytes(b"\x00\x01binary\x00")
    rc, data, err = check_json("--no-cache", "-j", "2", "lib", cwd=tmp_path)
    assert "BrokenProcessPool" not in err and "internal error" not in err
    assert rc == 2
    assert [Path(e["path"]).name for e in data["errors"]] == ["x.txt"]
    assert data["summary"]["files"] == PARALLEL_MIN_FILES
    assert len(data["findings"]) == PARALLEL_MIN_FILES


def test_equal_configurations_share_one_linter(tmp_path: Path) -> None:
    for folder in ("a", "b", "c"):
        (tmp_path / folder).mkdir()
    walked = Settings()
    configs = {id(walked.config_for(str(tmp_path / f / "x.txt"))) for f in ("a", "b", "c")}
    assert len(configs) == 1
    isolated = Settings(isolated=True)
    one = isolated.config_for(str(tmp_path / "a" / "x.txt"))
    two = isolated.config_for(str(tmp_path / "b" / "x.txt"))
    assert one is two
    from apologylint.config import Config

    assert isolated.linter_for(one) is isolated.linter_for(Config(**vars(one)))


def test_a_batch_is_linted_through_lint_many(tmp_path: Path, linter) -> None:
    from apologylint.run import _Job, _lint_jobs

    calls = []

    class Recording:
        def lint_many(self, docs):
            calls.append(len(docs))
            return linter.lint_many(docs)

        def lint(self, doc):  # pragma: no cover - must not be used
            raise AssertionError("linted one by one")

    from apologylint.config import Config

    paths = []
    for i in range(5):
        p = tmp_path / f"{i}.txt"
        p.write_text(FAKE, encoding="utf-8")
        paths.append(_Job(str(p), True, Config()))
    results = _lint_jobs(paths, Recording(), ReadOptions(), False)
    assert calls == [5]
    assert [[f.code for f in r.findings] for r in results] == [["FA101"]] * 5


# -- configuration is data ------------------------------------------------------------------------

RULE_PY = """\
import pathlib
pathlib.Path({marker!r}).write_text("ran")
from apologylint import CodeRule
"""


@pytest.mark.parametrize("where", ["apologylint.toml", "pyproject.toml", "--config"])
def test_a_config_naming_a_python_file_is_an_error_and_runs_nothing(
    tmp_path: Path, where: str
) -> None:
    marker = tmp_path / "ran.txt"
    (tmp_path / "x.py").write_text(RULE_PY.format(marker=str(marker)), encoding="utf-8")
    (tmp_path / "d.txt").write_text(FAKE, encoding="utf-8")
    body = 'rules = ["x.py"]\n'
    extra: tuple[str, ...] = ()
    if where == "pyproject.toml":
        (tmp_path / "pyproject.toml").write_text("[tool.apologylint]\n" + body, encoding="utf-8")
    elif where == "--config":
        (tmp_path / "ci.toml").write_text(body, encoding="utf-8")
        extra = ("--config", "ci.toml")
    else:
        (tmp_path / "apologylint.toml").write_text(body, encoding="utf-8")
    for command in (["check", *extra, "d.txt"], ["config", *extra], ["recovery", *extra, "d.txt"]):
        res = cli(*command, cwd=tmp_path)
        assert res.returncode == 2, (command, res.stdout, res.stderr)
        assert "configuration is data" in res.stderr and "--rules x.py" in res.stderr
        assert not marker.exists()


def test_a_config_folder_of_rules_loads_packs_only(tmp_path: Path) -> None:
    marker = tmp_path / "ran.txt"
    team = tmp_path / "team-rules"
    team.mkdir()
    (team / "x.py").write_text(RULE_PY.format(marker=str(marker)), encoding="utf-8")
    (team / "team.yaml").write_text(
        "pack: team\nrules:\n  - extends: sorry-if-you-feel\n    severity: info\n",
        encoding="utf-8",
    )
    (tmp_path / "apologylint.toml").write_text('rules = ["team-rules"]\n', encoding="utf-8")
    (tmp_path / "d.txt").write_text(FAKE, encoding="utf-8")
    report = lint_paths("d.txt", cwd=tmp_path, cache=False)
    assert [(f.code, f.severity.value) for f in report.findings] == [("FA101", "info")]
    assert not marker.exists()
    # the command line is the user's own choice: there a Python file is loaded
    res = cli("check", "--no-cache", "--rules", str(team / "x.py"), "d.txt", cwd=tmp_path)
    assert marker.exists(), res.stderr


def test_extend_ignore_adds_to_the_configured_ignore(tmp_path: Path) -> None:
    (tmp_path / "apologylint.toml").write_text('ignore = ["defensive"]\n', encoding="utf-8")
    (tmp_path / "d.txt").write_text(FAKE + "As I already explained, the fee stands.\n", "utf-8")
    base = lint_paths("d.txt", cwd=tmp_path, cache=False)
    assert [f.category for f in base.findings] == ["fake-apology"]
    extended = lint_paths("d.txt", cwd=tmp_path, cache=False, overrides={"extend_ignore": ("FA",)})
    assert extended.findings == []
    replaced = lint_paths("d.txt", cwd=tmp_path, cache=False, overrides={"ignore": ("FA",)})
    assert [f.category for f in replaced.findings] == ["defensive"]
    res = cli("check", "--help")
    assert "--extend-ignore" in res.stdout and "Replaces the config" in res.stdout


# -- the per-user pack and matcher cache ------------------------------------------------------


def test_a_planted_pickle_in_the_user_cache_is_ignored_and_rebuilt(tmp_path: Path) -> None:
    import pickle

    env: dict[str, str | None] = {
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    env["APOLOGYLINT_NO_PACK_CACHE"] = None
    (tmp_path / "d.txt").write_text(FAKE, encoding="utf-8")
    first = cli("check", "--no-cache", "d.txt", cwd=tmp_path, env=env)
    assert first.returncode == 1, first.stderr
    entries = sorted((tmp_path / "cache" / "apologylint").glob("*.pickle"))
    assert {e.name.split("-")[0] for e in entries} == {"builtin", "matchers"}
    marker = tmp_path / "ran.txt"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"echo ran > {marker}",))

    for entry in entries:
        entry.write_bytes(pickle.dumps(Payload()))
    again = cli("check", "--no-cache", "d.txt", cwd=tmp_path, env=env)
    assert again.returncode == 1 and "FA101" in again.stdout, again.stderr
    assert not marker.exists()
    for entry in entries:  # rebuilt, signed
        assert entry.read_bytes().startswith(b"apologylint-signed-1\n")


# -- output that quotes input -------------------------------------------------------------------


def test_control_characters_and_workflow_commands_are_neutralised(tmp_path: Path) -> None:
    from apologylint.escape import escape_controls, stderr_line

    assert escape_controls("a\x1b[31mb\nc\u202ed") == "a\\x1b[31mb\\x0ac\\u202ed"
    assert escape_controls("naïve 😀 émoji") == "naïve 😀 émoji"
    assert stderr_line("::error file=a::x").startswith("\\::")
    header = "na\x1b[31mme\n::error file=a.txt::pwned"
    (tmp_path / "h.csv").write_text(f'"{header}",id\nhello,1\n', encoding="utf-8")
    res = cli("check", "--no-cache", "h.csv", cwd=tmp_path)
    assert res.returncode == 2
    assert "\x1b" not in res.stderr
    assert not any(line.lstrip().startswith("::") for line in res.stderr.splitlines())
    assert "\\x1b[31m" in res.stderr  # shown, escaped: the user can see what is there
    name = tmp_path / "::warning::x.txt"
    name.write_text(FAKE, encoding="utf-8")
    res = cli("check", "--no-cache", name.name, cwd=tmp_path)
    assert not any(line.startswith("::") for line in res.stdout.splitlines())


# -- walks ------------------------------------------------------------------------------------


def test_symlinks_leaving_the_walked_folder_are_skipped_with_a_notice(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("We are sorry if you feel that way about the private matter.\n", "utf-8")
    macros = tmp_path / "repo" / "macros"
    macros.mkdir(parents=True)
    (macros / "leak.txt").symlink_to(secret)
    (macros / "inside.txt").symlink_to(macros / "real.txt")
    (macros / "real.txt").write_text(FAKE, encoding="utf-8")
    report = lint_paths("repo", cwd=tmp_path, cache=False)
    assert sorted(Path(p).name for p in report.paths) == ["inside.txt", "real.txt"]
    assert [(Path(n.path).name, "symlink" in n.message) for n in report.notices] == [
        ("leak.txt", True)
    ]
    assert all("private matter" not in f.text for f in report.findings)
    # named on the command line, it is the user's choice
    named = lint_paths("repo/macros/leak.txt", cwd=tmp_path, cache=False)
    assert [f.code for f in named.findings] == ["FA101"]


def test_a_walk_of_dot_reports_paths_without_dot_slash(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "x.txt").write_text(FAKE, encoding="utf-8")
    (tmp_path / "sub" / "y.txt").write_text(FAKE, encoding="utf-8")
    report = lint_paths(".", cwd=tmp_path, cache=False)
    assert sorted(report.paths) == ["sub/y.txt", "x.txt"]
    assert sorted(f.path for f in report.findings) == ["sub/y.txt", "x.txt"]


def test_text_summary_counts_unreadable_files(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_bytes(b"\x00binary")
    res = cli("check", "--no-cache", "a.txt", "b.txt", "c.txt", cwd=tmp_path)
    assert res.returncode == 2
    assert res.stdout.strip().splitlines()[-1] == (
        "Found 0 problems (0 errors, 0 warnings, 0 info) in 0 files. 3 files could not be read."
    )


# -- baselines --------------------------------------------------------------------------------


def test_write_baseline_refuses_to_overwrite_a_draft_or_other_file(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(FAKE, encoding="utf-8")
    res = cli("check", "--no-cache", "--write-baseline", "draft.txt", "draft.txt", cwd=tmp_path)
    assert res.returncode == 2 and "being checked" in res.stderr
    assert draft.read_text(encoding="utf-8") == FAKE
    notes = tmp_path / "notes.json"
    notes.write_text('{"owner": "support"}', encoding="utf-8")
    res = cli("check", "--no-cache", "--write-baseline", "notes.json", "draft.txt", cwd=tmp_path)
    assert res.returncode == 2 and "not an apologylint baseline" in res.stderr
    assert notes.read_text(encoding="utf-8") == '{"owner": "support"}'
    # a baseline is rewritten as before
    for _ in range(2):
        res = cli("check", "--no-cache", "--write-baseline", "b.json", "draft.txt", cwd=tmp_path)
        assert res.returncode == 0, res.stderr
    assert json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))["findings"]


# -- directives and quotations ------------------------------------------------------------------


def test_a_directive_after_text_on_a_plain_line_is_reported(linter) -> None:
    text = "Hi,\n\nWe are sorry if you feel that way. apologylint: disable-line\n"
    found = {(f.code, f.category, f.severity.value) for f in linter.lint(text)}
    assert found == {("FA101", "fake-apology", "error"), ("AL002", "meta", "warning")}
    alone = "Hi,\napologylint: disable-next-line=FA101\nWe are sorry if you feel that way.\n"
    assert [f.code for f in linter.lint(alone)] == []


@pytest.mark.parametrize(
    "text, code",
    [
        ('"We are not able to do anything on our end."', "DM101"),
        ("Hi Sam,\n\n“We are sorry if you feel that way.”\n\nBest, Jo", "FA101"),
    ],
)
def test_a_quotation_spanning_the_whole_text_or_paragraph_is_linted(linter, text, code) -> None:
    assert [f.code for f in linter.lint(text)] == [code]


@pytest.mark.parametrize(
    "text",
    [
        'You wrote: "sorry if you feel that way" and that was wrong of us.',
        'You wrote:\n\n"Sorry if you feel that way."\n\nThat reply was wrong of us.',
        "Hi,\n\nThe agent's “sorry if you feel that way” was wrong of us; I've refunded you.",
    ],
)
def test_a_quotation_of_someone_else_still_does_not_fire(linter, text) -> None:
    assert [f.code for f in linter.lint(text) if f.code.startswith("FA")] == []


# -- rule packs from a repository cannot hang CI ----------------------------------------------

PACK = """\
pack: team
rules:
  - code: TM101
    name: team-rule
    category: defensive
    severity: warning
    message: "m"
    summary: "s"
    why: "w"
    suggestion: "x"
    {field}
    examples:
      fires: ["a", "b", "c"]
      passes: ["d", "e", "f"]
"""


@pytest.mark.parametrize(
    "field, line",
    [
        ("phrases: [calm down]\n    unless_followed_by: ['(\\\\w+\\\\s?)*$']", 12),
        ('patterns: [[{LOWER: {REGEX: "^(a|aa)*(b+)+$"}}]]', 11),
    ],
)
def test_a_pack_regex_that_can_backtrack_for_ever_is_refused(tmp_path: Path, field, line) -> None:
    from apologylint.errors import RulePackError
    from apologylint.registry import load_pack

    pack = tmp_path / "team.yaml"
    pack.write_text(PACK.format(field=field), encoding="utf-8")
    with pytest.raises(RulePackError) as info:
        load_pack(pack)
    assert info.value.line == line and info.value.file == str(pack)
    assert "nests a variable quantifier" in str(info.value)
    (tmp_path / "apologylint.toml").write_text('rules = ["team.yaml"]\n', encoding="utf-8")
    (tmp_path / "d.txt").write_text("Calm down.\n", encoding="utf-8")
    res = cli("check", "--no-cache", "d.txt", cwd=tmp_path)
    assert res.returncode == 2 and f"team.yaml:{line}" in res.stderr, res.stderr


def test_an_invalid_op_is_a_clean_error_with_a_line_everywhere(tmp_path: Path) -> None:
    pack = tmp_path / "broken.yaml"
    pack.write_text(
        PACK.format(field='patterns: [[{LOWER: calm}, {LOWER: down, OP: "x"}]]'), "utf-8"
    )
    (tmp_path / "d.txt").write_text("Calm down.\n", encoding="utf-8")
    for command in (
        ["test-rules", "broken.yaml"],
        ["rules", "--rules", "broken.yaml"],
        ["check", "--no-cache", "--rules", "broken.yaml", "d.txt"],
    ):
        res = cli(*command, cwd=tmp_path)
        assert res.returncode == 2, (command, res.stdout, res.stderr)
        assert "broken.yaml:11" in res.stderr and "invalid OP 'x'" in res.stderr
        assert "internal error" not in res.stderr


def test_test_rules_reports_a_pattern_spacy_refuses_cleanly(tmp_path: Path) -> None:
    pack = tmp_path / "broken.yaml"
    pack.write_text(PACK.format(field="patterns: [[{LOWER: {IN: calm}}]]"), "utf-8")
    res = cli("test-rules", "broken.yaml", cwd=tmp_path)
    assert res.returncode == 2, res.stdout
    assert "broken.yaml" in res.stderr and "TM101" in res.stderr
    assert "internal error" not in res.stderr


# -- the offset contract of readers that decode ---------------------------------------------------

SENTENCE = "Hello,\n\nWe are sorry if you feel that way about the caf\u00e9 visit.\n"


def _email(encoding: str, body: str) -> bytes:
    return (
        "From: a@example.com\nSubject: Your visit\nContent-Type: text/plain; charset=utf-8\n"
        f"Content-Transfer-Encoding: {encoding}\n\n{body}"
    ).encode()


def _decode_b64(raw: str) -> str:
    import base64

    return base64.b64decode("".join(raw.split())).decode("utf-8")


def _decode_qp(raw: str) -> str:
    import quopri

    return quopri.decodestring(raw.encode()).decode("utf-8")


def _decode_entities(raw: str) -> str:
    import html

    return html.unescape(raw)


def _decode_json(raw: str) -> str:
    return json.loads(f'"{raw}"')


@pytest.mark.parametrize(
    "name, data, fmt, decode",
    [
        (
            "base64.eml",
            _email("base64", __import__("base64").encodebytes(SENTENCE.encode()).decode()),
            "email",
            _decode_b64,
        ),
        (
            "qp.eml",
            _email("quoted-printable", "Hello,\n\nWe are sor=\nry if you feel that way.\n"),
            "email",
            _decode_qp,
        ),
        (
            "x.html",
            b"<p>We are &#115;orry if you feel that way &amp; more.</p>",
            "html",
            _decode_entities,
        ),
        (
            "x.json",
            b'[{"id": 1, "body": "We are \\u0073orry if you feel that way.\\nThanks"}]',
            "json",
            _decode_json,
        ),
    ],
)
def test_decoding_readers_map_a_finding_back_to_the_raw_source(
    linter, name, data, fmt, decode
) -> None:
    from apologylint import read

    doc = read(data, fmt, path=name)
    findings = [f for f in linter.lint(doc) if f.code == "FA101"]
    assert [f.text for f in findings] == ["sorry if you feel"]
    f = findings[0]
    raw = doc.source[f.start : f.end]
    assert raw != f.text  # the source holds the encoded form
    decoded = decode(raw)
    if fmt == "email" and name.startswith("base64"):
        # base64 maps whole 4-character groups: at most two bytes more on each side
        assert f.text in decoded and len(decoded.encode()) - len(f.text.encode()) <= 4
    else:
        assert decoded == f.text
    assert (f.line, f.column) == doc.position(f.start)


def test_rules_and_explain_escape_a_packs_control_characters(tmp_path: Path) -> None:
    pack = tmp_path / "team.yaml"
    text = PACK.format(field="phrases: [calm down]").replace(
        'summary: "s"', 'summary: "s\\e[2J\\e]0;owned\\a"'
    )
    pack.write_text(text, encoding="utf-8")
    for command in (
        ["rules", "--rules", "team.yaml"],
        ["explain", "TM101", "--rules", "team.yaml"],
    ):
        res = cli(*command, cwd=tmp_path)
        assert res.returncode == 0, res.stderr
        assert "TM101" in res.stdout and "\x1b" not in res.stdout and "\x07" not in res.stdout
        assert "\\x1b[2J" in res.stdout

"""Configuration files, selection from config, allow lists and inline suppression."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from apologylint import Linter
from apologylint.cli import main
from apologylint.config import Config, ConfigError, find_config_file

FAKE = "Hi Jo,\n\nI'm sorry if you feel that way.\n"
DEFENSIVE = "As I already explained, the fee stands.\n"


def check(*args: str, cwd: Path | None = None) -> tuple[int, dict]:
    res = subprocess.run(
        [sys.executable, "-m", "apologylint", "check", "--format", "json", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )
    try:
        data = json.loads(res.stdout)
    except json.JSONDecodeError:
        data = {"stderr": res.stderr}
    data.setdefault("stderr", res.stderr)
    return res.returncode, data


def codes(data: dict) -> list[str]:
    return [f["code"] for f in data["findings"]]


@pytest.mark.parametrize(
    ("name", "body"),
    [
        (".apologylint.toml", 'ignore = ["fake-apology"]\n'),
        ("apologylint.toml", 'ignore = ["fake-apology"]\n'),
        (
            "pyproject.toml",
            '[project]\nname = "x"\n\n[tool.apologylint]\nignore = ["fake-apology"]\n',
        ),
    ],
)
def test_each_config_kind_is_found_walking_up(tmp_path: Path, name: str, body: str) -> None:
    (tmp_path / name).write_text(body, encoding="utf-8")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    draft = sub / "d.txt"
    draft.write_text(FAKE, encoding="utf-8")
    assert find_config_file(draft) == tmp_path / name
    rc, data = check(str(draft))
    assert rc == 0 and codes(data) == []


def test_preference_within_a_folder_and_nearest_wins(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.apologylint]\nignore = ["ALL"]\n', encoding="utf-8"
    )
    (tmp_path / "apologylint.toml").write_text('ignore = ["defensive"]\n', encoding="utf-8")
    (tmp_path / ".apologylint.toml").write_text('ignore = ["fake-apology"]\n', encoding="utf-8")
    assert find_config_file(tmp_path) == tmp_path / ".apologylint.toml"
    nested = tmp_path / "nested"
    nested.mkdir()
    (nested / "apologylint.toml").write_text('select = ["defensive"]\n', encoding="utf-8")
    (tmp_path / "top.txt").write_text(FAKE + DEFENSIVE, encoding="utf-8")
    (nested / "inner.txt").write_text(FAKE + DEFENSIVE, encoding="utf-8")
    rc, data = check(str(tmp_path))
    by_file = {}
    for f in data["findings"]:
        by_file.setdefault(Path(f["path"]).name, set()).add(f["category"])
    # top: .apologylint.toml ignores fake-apology; inner: nearest config selects only defensive
    assert by_file == {"top.txt": {"defensive"}, "inner.txt": {"defensive"}}


def test_pyproject_without_section_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "apologylint.toml").write_text('ignore = ["fake-apology"]\n', encoding="utf-8")
    sub = tmp_path / "pkg"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config_file(sub / "d.txt") == tmp_path / "apologylint.toml"


def test_config_flag_isolated_and_cli_override(tmp_path: Path) -> None:
    (tmp_path / ".apologylint.toml").write_text('ignore = ["fake-apology"]\n', encoding="utf-8")
    draft = tmp_path / "d.txt"
    draft.write_text(FAKE, encoding="utf-8")
    assert check(str(draft))[0] == 0
    assert codes(check("--isolated", str(draft))[1]) == ["FA101"]
    other = tmp_path / "other.toml"
    other.write_text('select = ["FA"]\nfail-on = "error"\n', encoding="utf-8")
    rc, data = check("--config", str(other), str(draft))
    assert rc == 1 and codes(data) == ["FA101"]
    # A CLI flag overrides the config file.
    assert check("--select", "defensive", "--config", str(other), str(draft))[0] == 0


def test_stdin_uses_the_current_folders_config(tmp_path: Path) -> None:
    def check_stdin() -> tuple[int, list[str]]:
        res = subprocess.run(
            [sys.executable, "-m", "apologylint", "check", "--format", "json", "-"],
            input=FAKE,
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=120,
        )
        return res.returncode, [f["code"] for f in json.loads(res.stdout)["findings"]]

    # Without a config the draft fails on FA101; the folder's config is what silences it.
    assert check_stdin() == (1, ["FA101"])
    (tmp_path / "apologylint.toml").write_text('ignore = ["fake-apology"]\n', encoding="utf-8")
    assert check_stdin() == (0, [])


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('selct = ["FA"]\n', "unknown key 'selct' (did you mean 'select'?)"),
        ('select = ["fake-apolgy"]\n', "unknown selector 'fake-apolgy'"),
        ('ignore = ["FA999"]\n', "unknown selector 'FA999'"),
        ('fail-on = "fatal"\n', "unknown severity 'fatal'"),
        ('severity = { defensive = "loud" }\n', "unknown severity 'loud'"),
        ("select = 3\n", "'select' must be a list of strings"),
        ("this is not toml\n", "invalid TOML"),
        ('per-file-ignores = { "*.txt" = ["defensiv"] }\n', "unknown per-file-ignores selector"),
    ],
)
def test_config_errors_name_the_problem(tmp_path: Path, body: str, message: str) -> None:
    cfg = tmp_path / "apologylint.toml"
    cfg.write_text(body, encoding="utf-8")
    (tmp_path / "d.txt").write_text(FAKE, encoding="utf-8")
    rc, data = check(str(tmp_path / "d.txt"))
    assert rc == 2
    assert message in data["stderr"]
    assert "Traceback" not in data["stderr"]


def test_per_file_ignores_severity_and_fail_on(tmp_path: Path) -> None:
    (tmp_path / "apologylint.toml").write_text(
        'fail-on = "error"\n'
        '[per-file-ignores]\n"legal/*" = ["fake-apology"]\n'
        '[severity]\ndefensive = "error"\n',
        encoding="utf-8",
    )
    (tmp_path / "legal").mkdir()
    (tmp_path / "legal" / "l.txt").write_text(FAKE, encoding="utf-8")
    (tmp_path / "d.txt").write_text(DEFENSIVE, encoding="utf-8")
    rc, data = check(str(tmp_path))
    assert [(Path(f["path"]).name, f["severity"]) for f in data["findings"]] == [("d.txt", "error")]
    assert rc == 1


def test_exclude_and_include(tmp_path: Path) -> None:
    (tmp_path / "apologylint.toml").write_text(
        'extend-exclude = ["drafts/old"]\n', encoding="utf-8"
    )
    (tmp_path / "drafts" / "old").mkdir(parents=True)
    (tmp_path / "drafts" / "old" / "x.txt").write_text(FAKE, encoding="utf-8")
    (tmp_path / "drafts" / "new.txt").write_text(FAKE, encoding="utf-8")
    rc, data = check(str(tmp_path))
    assert [Path(f["path"]).name for f in data["findings"]] == ["new.txt"]
    # Named explicitly, an excluded file is still linted (as ruff does).
    assert codes(check(str(tmp_path / "drafts" / "old" / "x.txt"))[1]) == ["FA101"]


def test_allow_list_is_honoured_by_every_rule() -> None:
    text = "Sorry if you feel that way is the title of our podcast. Calm down, it is fun."
    assert {f.category for f in Linter().lint(text)} >= {"fake-apology", "defensive"}
    allowed = Linter(allow=["sorry if you feel that way", "CALM DOWN"])
    assert allowed.lint(text) == []
    # Token boundaries: an allowed phrase inside a longer word does not count.
    assert Linter(allow=["calm dow"]).lint("Calm down.") != []


def test_config_object_api(tmp_path: Path) -> None:
    cfg_file = tmp_path / "apologylint.toml"
    cfg_file.write_text('select = ["defensive"]\nallow = ["calm down"]\n', encoding="utf-8")
    cfg = Config.from_file(cfg_file)
    linter = Linter(config=cfg)
    assert {r.category for r in linter.rules} == {"defensive"}
    assert linter.lint("Calm down.") == []
    assert Linter(config=cfg, select=["FA"]).lint(FAKE)[0].code == "FA101"
    with pytest.raises(ConfigError, match="unknown key"):
        Config.from_dict({"colour": 1})


def test_config_command(tmp_path: Path) -> None:
    (tmp_path / "apologylint.toml").write_text(
        'ignore = ["SA"]\nrecovery = "aware"\n', encoding="utf-8"
    )
    res = CliRunner().invoke(main, ["config", str(tmp_path)])
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert data["ignore"] == ["SA"] and data["recovery"] == "aware"
    assert data["path"].endswith("apologylint.toml")


# -- inline suppression -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "<!-- apologylint: disable-next-line=FA101 -->\nI'm sorry if you feel that way.",
        "I'm sorry if you feel that way. <!-- apologylint: disable-line=fake-apology -->",
        "{# apologylint: disable-next-line=sorry-if-you-feel #}\nI'm sorry if you feel that way.",
        "{% comment %}apologylint: disable-next-line=FA{% endcomment %}\n"
        "I'm sorry if you feel that way.",
        "{{! apologylint: disable-next-line }}\nI'm sorry if you feel that way.",
        "{{!-- apologylint: disable-next-line=FA101 --}}\nI'm sorry if you feel that way.",
        "apologylint: disable-next-line=FA101\nI'm sorry if you feel that way.",
        "apologylint: disable-file=FA101,DF\nThanks.\n\nI'm sorry if you feel that way.",
        "<!-- apologylint: disable=FA101 -->\nHi.\nI'm sorry if you feel that way.\n"
        "<!-- apologylint: enable=FA101 -->\nBye.",
    ],
    ids=[
        "html-next",
        "html-line",
        "jinja",
        "liquid",
        "mustache",
        "handlebars",
        "plain-next",
        "plain-file",
        "block",
    ],
)
def test_directive_forms_suppress(text: str) -> None:
    found = Linter().lint(text)
    assert [f.code for f in found if f.code != "AL001"] == []
    assert not [f for f in found if f.code == "AL001" and "disable-file" not in f.text], found


def test_block_ends_at_enable() -> None:
    text = (
        "<!-- apologylint: disable -->\nI'm sorry if you feel that way.\n"
        "<!-- apologylint: enable -->\nI'm sorry if you feel that way."
    )
    found = Linter().lint(text)
    assert [(f.code, f.line) for f in found] == [("FA101", 4)]


def test_disable_next_line_only_covers_the_next_line() -> None:
    text = "apologylint: disable-next-line\nFine.\nI'm sorry if you feel that way."
    found = Linter().lint(text)
    assert sorted(f.code for f in found) == ["AL001", "FA101"]


def test_unused_directive_is_reported_and_can_be_ignored() -> None:
    text = "<!-- apologylint: disable-next-line=FA101 -->\nYour refund is on its way."
    found = Linter().lint(text)
    assert [(f.code, f.line, f.column) for f in found] == [("AL001", 1, 1)]
    assert found[0].text.startswith("<!--")
    assert Linter(ignore=["AL001"]).lint(text) == []
    # A directive for a rule that is not selected may be needed elsewhere: not reported.
    assert Linter(select=["defensive", "meta"]).lint(text) == []


def test_directive_text_is_never_linted() -> None:
    found = Linter().lint("apologylint: disable-file=FA101\nsorry if you feel that way")
    assert found == []

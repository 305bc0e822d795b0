"""Third-party rules: --rules paths, config 'rules', extends, test-rules, debug, --version, and a
real plugin distribution installed into a temporary virtualenv."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from apologylint.cli import main

HERE = Path(__file__).resolve().parent
PLUGIN = HERE / "plugin_dist"
PACK = PLUGIN / "src" / "apologylint_acme" / "acme.yaml"
CODE_RULE = PLUGIN / "src" / "apologylint_acme" / "__init__.py"


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def _json(res) -> dict:
    return json.loads(res.stdout)


def _acme(findings: list[dict]) -> list[str]:
    """The plugin's codes among the findings (built-in rules may flag the same draft: "Per
    company policy, no" is a policy shield, DF113)."""
    return sorted(f["code"] for f in findings if f["code"].startswith("ACM"))


def test_rules_flag_with_a_pack_a_folder_and_a_python_file(tmp_path: Path) -> None:
    draft = tmp_path / "d.txt"
    draft.write_text("AcmeCorp here. Per company policy, no refunds.\n", encoding="utf-8")
    res = invoke("check", "--format", "json", "--rules", str(PACK), str(draft))
    assert _acme(_json(res)["findings"]) == ["ACM201"]
    res = invoke("check", "--format", "json", "--rules", str(CODE_RULE), str(draft))
    assert _acme(_json(res)["findings"]) == ["ACM101"]
    res = invoke("check", "--format", "json", "--rules", str(PACK.parent), str(draft))
    assert _acme(_json(res)["findings"]) == ["ACM101", "ACM201"]
    res = invoke(
        "check", "--format", "json", "--rules", str(PACK.parent), "--ignore", "ACM2", str(draft)
    )
    assert _acme(_json(res)["findings"]) == ["ACM101"]


def test_config_rules_are_relative_to_the_config_file(tmp_path: Path) -> None:
    packs = tmp_path / "team-rules"
    packs.mkdir()
    (packs / "acme.yaml").write_text(PACK.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "apologylint.toml").write_text('rules = ["team-rules"]\n', encoding="utf-8")
    (tmp_path / "d.txt").write_text("Per company policy, no.\n", encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "apologylint", "check", "--format", "json", "d.txt"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert [f["code"] for f in json.loads(out.stdout)["findings"]] == ["ACM201"]


def test_broken_python_rule_file_is_one_error(tmp_path: Path) -> None:
    bad = tmp_path / "broken.py"
    bad.write_text("import does_not_exist\n", encoding="utf-8")
    res = subprocess.run(
        [sys.executable, "-m", "apologylint", "check", "--rules", str(bad), "-"],
        input="Thanks!",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 2
    assert f"{bad}: failed to import: ModuleNotFoundError" in res.stderr
    assert "Traceback" not in res.stderr


def test_missing_rules_path_and_clash(tmp_path: Path) -> None:
    res = invoke("check", "--rules", str(tmp_path / "nope.yaml"), "-")
    assert res.exit_code == 2
    clash = tmp_path / "clash.yaml"
    clash.write_text(PACK.read_text(encoding="utf-8").replace("ACM201", "FA101"), encoding="utf-8")
    res = subprocess.run(
        [sys.executable, "-m", "apologylint", "check", "--rules", str(clash), "-"],
        input="x",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 2
    assert "clash.yaml" in res.stderr and "fake-apology.yaml" in res.stderr


def test_extends_adds_removes_and_changes_a_builtin_rule(tmp_path: Path) -> None:
    team = tmp_path / "team.yaml"
    team.write_text(
        textwrap.dedent("""\
        pack: team
        rules:
          - extends: sorry-if-you-feel
            severity: warning
            message: "Team style: don't write '{match}'"
            phrases: ["sorry should you feel"]
          - extends: FA101
            guards: [negated]
        """),
        encoding="utf-8",
    )
    draft = tmp_path / "d.txt"
    draft.write_text(
        "We are sorry should you feel let down.\nI'm sorry if you feel that way.\n",
        encoding="utf-8",
    )
    data = _json(invoke("check", "--format", "json", "--rules", str(team), str(draft)))
    found = [(f["code"], f["line"], f["severity"]) for f in data["findings"]]
    assert found == [("FA101", 1, "warning"), ("FA101", 2, "warning")]
    assert data["findings"][0]["message"].startswith("Team style: don't write 'sorry should")
    bad = tmp_path / "bad.yaml"
    bad.write_text("pack: t\nrules:\n  - extends: FA9999\n", encoding="utf-8")
    res = invoke("check", "--rules", str(bad), str(draft))
    assert res.exit_code == 2


def test_test_rules_reports_failures(tmp_path: Path) -> None:
    res = invoke("test-rules", str(PACK.parent))
    assert res.exit_code == 0, res.stdout
    assert "12 passed, 0 failed (2 rules)" in res.stdout
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        PACK.read_text(encoding="utf-8").replace(
            '"Company picnic policy."', '"Per company policy, sorry."'
        ),
        encoding="utf-8",
    )
    res = invoke("test-rules", str(broken))
    assert res.exit_code == 1
    assert "FAIL ACM201 per-company-policy passes: 'Per company policy, sorry.'" in res.stdout


def test_debug_shows_tokens_masks_and_vetoes() -> None:
    res = invoke("debug", 'Hi {{name}}, you said "sorry if you feel that way". I\'m sorry.')
    assert res.exit_code == 0
    assert "XXXXXXXX" in res.stdout
    assert "tokens: " in res.stdout and "'m[am]" in res.stdout
    assert "vetoed by quoted" in res.stdout


def test_version_lists_packs() -> None:
    res = invoke("--version")
    assert res.exit_code == 0
    assert res.stdout.startswith("apologylint ")
    assert "fake-apology" in res.stdout and "code rules" in res.stdout


@pytest.mark.slow
def test_installed_plugin_distribution(tmp_path: Path) -> None:
    """Build the example plugin, install it into a fresh virtualenv that sees this one's
    packages (no spaCy download), and use it from the CLI there."""
    venv = tmp_path / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True, timeout=300
    )
    py = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    # --system-site-packages exposes the base interpreter's packages; expose this environment's
    # too (where spaCy and apologylint are installed) with a .pth file.
    target = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    paths = [p for p in [*site.getsitepackages(), site.getusersitepackages()] if os.path.isdir(p)]
    paths += [p for p in sys.path if p.endswith("src") and os.path.isdir(p)]
    Path(target, "_parent_env.pth").write_text("\n".join(paths) + "\n", encoding="utf-8")
    install = subprocess.run(
        [str(py), "-m", "pip", "install", "--no-deps", "--no-build-isolation", "-q", str(PLUGIN)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert install.returncode == 0, install.stderr

    def cli(*args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(py), "-m", "apologylint", *args],
            input=input,
            capture_output=True,
            text=True,
            timeout=300,
            cwd=tmp_path,
        )

    rules = cli("rules")
    assert rules.returncode == 0, rules.stderr
    assert "ACM101  old-brand-name" in rules.stdout and "ACM201" in rules.stdout
    version = cli("--version")
    assert "plugin      apologylint-acme 1.2.0" in version.stdout
    text = "Thanks for contacting AcmeCorp. Per company policy, no.\n"
    fired = cli("check", "--format", "json", "-", input=text)
    assert _acme(json.loads(fired.stdout)["findings"]) == ["ACM101", "ACM201"]
    off = cli("check", "--format", "json", "--ignore", "ACM101,per-company-policy", "-", input=text)
    assert _acme(json.loads(off.stdout)["findings"]) == []
    assert cli("test-rules", "apologylint-acme").returncode == 0

"""The pre-commit hook, tested for real with `pre-commit try-repo` against this checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


@pytest.mark.slow
def test_hook_fails_on_a_fake_apology_and_passes_once_fixed(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        pytest.skip("pre-commit is not installed (it is in the test extras)")
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: try-repo needs one")
    repo = tmp_path / "templates"
    repo.mkdir()
    _git("init", "-q", cwd=repo)
    _git("config", "user.email", "ci@example.invalid", cwd=repo)
    _git("config", "user.name", "ci", cwd=repo)
    macro = repo / "late-delivery.liquid"
    macro.write_text(
        "Hi {{ name }},\n\nI'm sorry if you feel that we let you down.\n", encoding="utf-8"
    )
    (repo / "script.py").write_text("print('sorry if you feel that way')\n", encoding="utf-8")
    _git("add", ".", cwd=repo)
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pc-home"), NO_COLOR="1")
    cmd = [
        sys.executable,
        "-m",
        "pre_commit",
        "try-repo",
        str(ROOT),
        "apologylint",
        "--all-files",
        "--verbose",
    ]
    failing = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, timeout=900)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "late-delivery.liquid:3:5: FA101" in failing.stdout
    assert "script.py" not in failing.stdout  # code files are never passed
    macro.write_text(
        "Hi {{ name }},\n\nI'm sorry your parcel is late: I've sent a new one by express today.\n",
        encoding="utf-8",
    )
    _git("add", ".", cwd=repo)
    passing = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, timeout=900)
    assert passing.returncode == 0, passing.stdout + passing.stderr

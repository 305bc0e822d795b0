"""The wheel ships every built-in pack and py.typed; a source checkout finds the packs too."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_contains_packs(tmp_path: Path) -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    wheel = next(tmp_path.glob("apologylint-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for pack in (ROOT / "rules").glob("*.yaml"):
        assert f"apologylint/_rules/{pack.name}" in names
    assert "apologylint/py.typed" in names
    # the learned second opinion ships inside the wheel, with its thresholds
    for part in ("config.cfg", "meta.json", "textcat_multilabel/model", "vocab/strings.json"):
        assert f"apologylint/model/textcat/{part}" in names
    assert "apologylint/model/thresholds.json" in names
    assert any(n.endswith("entry_points.txt") for n in names)


def test_source_checkout_finds_the_packs() -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    code = (
        "import apologylint, apologylint.registry as r; "
        "print(r.builtin_packs_dir()); print(apologylint.__file__)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=str(ROOT / "tests"),
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    packs_dir, module = out.stdout.split()
    if module.startswith(str(ROOT / "src")):
        assert Path(packs_dir) == ROOT / "rules"
    assert sorted(p.name for p in Path(packs_dir).glob("*.yaml")) == sorted(
        p.name for p in (ROOT / "rules").glob("*.yaml")
    )

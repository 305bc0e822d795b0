"""The bounded fuzzing slice that CI runs: a fixed seed, a few hundred malformed inputs of every
kind the readers accept, through the API and the CLI batch path in forked workers with memory
and time limits (``bench/fuzz.py``; run it with more inputs for the full figures)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

FUZZ = Path(__file__).resolve().parent.parent / "bench" / "fuzz.py"


@pytest.mark.fuzz
def test_fuzz_slice() -> None:
    out = subprocess.run(
        [sys.executable, str(FUZZ), "--inputs", "240", "--seed", "7", "--workers", "2", "--json"],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    counts = json.loads(out.stdout.strip().splitlines()[-1])
    assert counts["inputs tried"] == 240
    bad = {k: v for k, v in counts.items() if k not in ("inputs tried", "seconds") and v}
    assert not bad, (bad, out.stderr[-3000:])

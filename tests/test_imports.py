"""`import apologylint`, `apologylint --help` and `apologylint rules` must not import spaCy."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import sys
{body}
assert 'spacy' not in sys.modules, sorted(m for m in sys.modules if m.startswith('spacy'))
print('ok')
"""


@pytest.mark.parametrize(
    "body",
    [
        "import apologylint",
        "from apologylint import lint, Linter, Finding, Severity",
        "from apologylint.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit as e:\n    assert e.code == 0",
        "from apologylint.cli import main\n"
        "try:\n    main(['rules'])\nexcept SystemExit as e:\n    assert e.code == 0",
        "from apologylint.cli import main\n"
        "try:\n    main(['explain', 'FA101'])\nexcept SystemExit as e:\n    assert e.code == 0",
    ],
    ids=["import", "from-import", "help", "rules", "explain"],
)
def test_does_not_import_spacy(body: str) -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(body=body)], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith("ok")

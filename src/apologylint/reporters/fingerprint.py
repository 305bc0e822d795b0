"""Stable fingerprints for findings, so CI systems can tell a known finding from a new one.

A fingerprint hashes the rule code, the path (relative to the working directory when inside it),
the record, the matched text (normalised: NFKC, curly quotes straightened, whitespace collapsed,
case-folded) and the finding's occurrence index among findings with the same four values in that
file. It does **not** hash the line or column, so adding or removing text elsewhere in the file
leaves it unchanged; editing the flagged words, or moving the file, changes it. Used by SARIF
(``partialFingerprints``) and GitLab (``fingerprint``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence

from ..findings import Finding
from . import relative_path

#: Bump when the recipe changes, so old fingerprints are recognisably different.
VERSION = 1

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
    }
)
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _SPACE.sub(" ", text).strip().casefold()


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    """One 32-hex-digit fingerprint per finding, in order; unique within ``findings``
    (``findings`` in report order, so occurrence indices count from the top of each file)."""
    seen: dict[tuple[str, str, str, str], int] = {}
    out = []
    for f in findings:
        key = (f.code, relative_path(f.path), f.record or "", normalise(f.text))
        n = seen.get(key, 0)
        seen[key] = n + 1
        payload = "\x1f".join((f"v{VERSION}", *key, str(n)))
        out.append(hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()[:32])
    return out

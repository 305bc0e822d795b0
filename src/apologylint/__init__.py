"""apologylint: flag fake apologies, non-apologies, defensive and dismissive phrasing in
customer-service replies before they are sent.

>>> from apologylint import lint
>>> [f.code for f in lint("I'm sorry if you feel that way.")]
['FA101']

Importing this package does not import spaCy; building a ``Linter`` does.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from ._version import __version__
from .document import Document, Segment
from .errors import ApologylintError, InputError, RulePackError, UsageError
from .findings import Finding, Severity
from .notices import LintResult
from .readers import read
from .registry import CodeRule, Examples, Match, Rule

if TYPE_CHECKING:
    from .linter import Linter

__all__ = [
    "ApologylintError",
    "CodeRule",
    "Document",
    "Examples",
    "Finding",
    "InputError",
    "LintResult",
    "Linter",
    "Match",
    "Rule",
    "RulePackError",
    "Segment",
    "Severity",
    "UsageError",
    "__version__",
    "lint",
    "read",
]

_default: Linter | None = None
_default_lock = threading.Lock()


def __getattr__(name: str) -> object:
    if name == "Linter":
        from .linter import Linter

        return Linter
    raise AttributeError(f"module 'apologylint' has no attribute {name!r}")


def lint(text: str | Document, input_format: str | None = None) -> LintResult:
    """Lint one draft with the default rules (a shared ``Linter`` is built on first use).
    ``input_format`` says how to read a string: ``text`` (default), ``template``, ``markdown``,
    ``html`` or ``email``. The result is a ``list`` of findings with ``notices`` and a
    ``verdict`` (``"pass"``/``"fail"``)."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                from .linter import Linter

                _default = Linter()
    return _default.lint(text, input_format=input_format)

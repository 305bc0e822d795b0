"""Notices: what is worth telling the user but is neither a finding nor an error (a file read as
cp1252, a symlink skipped in a walk, a draft not checked because it is not English, a retired
rule code used as an alias).

Library code never prints. A reader adds a notice to the ``Document`` it returns
(:meth:`~apologylint.document.Document.with_notice`); the Linter adds one for a draft through
the ``notices`` of the :class:`LintResult` it returns, or for its whole configuration to
``Linter.notices``; a batch collects them all in ``Report.notices``, and the CLI renders them on
stderr. The JSON report lists them as ``notices: [{"path"?, "message"}]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .findings import Finding, Severity

_NOT_CHECKED = re.compile(r"^(?:record '(?:[^']|\\')*': )?not checked \(([^)]+)\)")


def not_checked(reason: str, record: str | None = None) -> str:
    """The notice for a draft (or a collection's record) the rules could not read, e.g. one
    not in English: it has no finding, which must not read as all clear."""
    where = f"record {record!r}: " if record is not None else ""
    return f"{where}not checked ({reason}): the rules read English only, so no finding is no pass"


def not_checked_reason(message: str) -> str | None:
    """The reason in a :func:`not_checked` notice (``"not English"``), else ``None``."""
    m = _NOT_CHECKED.match(message)
    return m.group(1) if m else None


@dataclass(frozen=True)
class Notice:
    """One notice; ``path`` is the input it is about (``None``: the run as a whole)."""

    message: str
    path: str | None = None

    @property
    def not_checked(self) -> str | None:
        """Why the draft was not checked (``"not English"``), for a not-checked notice."""
        return not_checked_reason(self.message)

    def to_dict(self) -> dict[str, str]:
        out = {"path": self.path} if self.path is not None else {}
        out["message"] = self.message
        reason = self.not_checked
        if reason is not None:
            out["not_checked"] = reason
        return out

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path is not None else self.message


class LintResult(list[Finding]):
    """The findings of one draft (a plain ``list``), plus the ``notices`` about that draft: the
    reader's (``Document.notices``) and the Linter's own, and the draft's ``verdict`` under
    ``fail_on`` (the Linter's ``fail-on`` setting)."""

    notices: tuple[str, ...]
    fail_on: str

    def __init__(
        self,
        findings: list[Finding] = (),  # type: ignore[assignment]
        notices: tuple[str, ...] = (),
        fail_on: str = "warning",
    ) -> None:
        super().__init__(findings)
        self.notices = tuple(notices)
        self.fail_on = fail_on

    @property
    def not_checked(self) -> str | None:
        """Why the draft was not checked (``"not English"``), else ``None``."""
        for message in self.notices:
            reason = not_checked_reason(message)
            if reason is not None:
                return reason
        return None

    def verdict_at(self, fail_on: str | Severity) -> str:
        """``"fail"`` if a finding is at or above ``fail_on``; ``"not-checked"`` for a draft the
        rules could not read (no finding there is no pass); else ``"pass"``."""
        level = Severity.parse(fail_on)
        if any(f.severity.rank >= level.rank for f in self):
            return "fail"
        return "not-checked" if self.not_checked is not None else "pass"

    @property
    def verdict(self) -> str:
        """:meth:`verdict_at` the ``fail_on`` level this result was linted under."""
        return self.verdict_at(self.fail_on)

    def __reduce__(self):  # type: ignore[no-untyped-def]
        # pickled across worker processes: keep the notices
        return (LintResult, (list(self), self.notices, self.fail_on))

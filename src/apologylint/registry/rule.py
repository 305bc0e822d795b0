"""Rule metadata, and the two kinds of detector: pattern rules (YAML) and code rules (Python)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from ..findings import Severity

if TYPE_CHECKING:  # spaCy is imported only when a Linter is built
    from spacy.tokens import Doc

    from ..analysis import Context
    from ..lazyre import Regex


@dataclass(frozen=True)
class Examples:
    """Texts on which a rule must fire, and texts on which it must not. They are tests."""

    fires: tuple[str, ...] = ()
    passes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    """A rule's metadata: the same keys in YAML packs and on Python rules."""

    code: str
    name: str
    category: str
    severity: Severity
    message: str
    summary: str
    why: str
    suggestion: str
    examples: Examples = field(default_factory=Examples)
    requires: tuple[str, ...] = ()
    guards: tuple[str, ...] = ()
    source: str = ""
    pack: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "category": self.category,
            "severity": self.severity.value,
            "message": self.message,
            "summary": self.summary,
            "why": self.why,
            "suggestion": self.suggestion,
            "examples": {"fires": list(self.examples.fires), "passes": list(self.examples.passes)},
            "requires": list(self.requires),
            "guards": list(self.guards),
            "source": self.source,
            "pack": self.pack,
        }


class Match(NamedTuple):
    """A span a detector found, in Doc character coordinates; ``message`` and ``suggestion``
    override the rule's."""

    start: int
    end: int
    message: str | None = None
    #: A model-backed rule's probability (the Linter applies the category's threshold).
    confidence: float | None = None
    #: A suggestion that fits this match (what was actually found); the rule's own otherwise.
    suggestion: str | None = None


@dataclass(frozen=True)
class PatternRule:
    """A rule whose detector is spaCy token patterns and/or phrases, plus guards."""

    rule: Rule
    patterns: tuple[tuple[dict[str, Any], ...], ...] = ()
    phrases: tuple[str, ...] = ()
    unless_followed_by: tuple[Regex, ...] = ()
    unless_preceded_by: tuple[Regex, ...] = ()
    match_in_quotes: bool = False


class CodeRule:
    """Base class for rules that need Python logic beyond patterns.

    Subclasses set the class attribute ``rule`` (a :class:`Rule`) and implement :meth:`check`,
    yielding :class:`Match` spans in Doc character coordinates (``doc.text`` indices; the
    ``ctx`` gives sentences and quoted spans in the same coordinates). The Linter maps matches to
    source positions and applies the rule's guards, the quotation guard and suppressions, so a
    rule cannot get positions wrong. Instances must be stateless between calls (a ``Linter`` is
    shared across threads).
    """

    rule: ClassVar[Rule]
    match_in_quotes: ClassVar[bool] = False

    def check(self, doc: Doc, ctx: Context) -> Iterable[Match]:
        raise NotImplementedError

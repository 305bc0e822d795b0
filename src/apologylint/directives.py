"""Inline suppression directives, found on the raw source by one function every reader calls.

Grammar: ``apologylint: disable|enable|disable-line|disable-next-line|disable-file`` optionally
followed by ``=SELECTOR[,SELECTOR…]`` (none means every rule), inside the source's own comment
syntax: ``<!-- … -->`` (HTML, Markdown), ``{# … #}`` and ``{% comment %}…{% endcomment %}``
(Jinja, Liquid), ``{{! … }}`` / ``{{!-- … --}}`` (Handlebars, Mustache), or — in plain text — a
line holding only the directive (visible to a recipient if the file is sent as it is).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .aliases import builtin_aliases

_BODY = (
    r"apologylint:\s*(?P<kind>disable-next-line|disable-line|disable-file|disable|enable)"
    r"(?:[ \t]*=[ \t]*(?P<sel>[\w.,\t -]*?))?[ \t]*"
)
_DIRECTIVE = re.compile(
    r"<!--\s*" + _BODY + r"-->"
    r"|\{#-?\s*" + _BODY.replace("?P<", "?P<j") + r"-?#\}"
    r"|\{%-?\s*comment\s*-?%\}\s*" + _BODY.replace("?P<", "?P<l") + r"\{%-?\s*endcomment\s*-?%\}"
    r"|\{\{!--\s*" + _BODY.replace("?P<", "?P<h") + r"--\}\}"
    r"|\{\{!\s*" + _BODY.replace("?P<", "?P<m") + r"\}\}"
    r"|^[ \t]*" + _BODY.replace("?P<", "?P<p") + r"$",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Directive:
    """One directive: its kind, the selectors it names (empty = all rules), where it stands."""

    kind: str
    selectors: tuple[str, ...]
    start: int
    end: int
    line: int
    end_line: int
    text: str

    def names(self, code: str, name: str, category: str) -> bool:
        if not self.selectors:
            return True
        return any(_selects(s, code, name, category) for s in self.selectors)


def _selects(selector: str, code: str, name: str, category: str) -> bool:
    if selector in ("ALL", code, name, category) or (
        selector[:1].isupper() and code.startswith(selector)
    ):
        return True
    # a retired or renamed code still names what it became
    alias = builtin_aliases().get(selector)
    return alias is not None and code in alias.new


def find_directives(source: str) -> list[Directive]:
    """Every directive in ``source``, in order."""
    if "apologylint:" not in source:
        return []
    out = []
    for m in _DIRECTIVE.finditer(source):
        groups = {
            k.lstrip("jlhmp") if k not in ("kind", "sel") else k: v
            for k, v in m.groupdict().items()
            if v is not None
        }
        kind = groups["kind"]
        sel = tuple(s.strip() for s in groups.get("sel", "").split(",") if s.strip())
        line = source.count("\n", 0, m.start()) + 1
        out.append(
            Directive(
                kind,
                sel,
                m.start(),
                m.end(),
                line,
                line + source.count("\n", m.start(), m.end()),
                m.group(),
            )
        )
    return out


def blank_directives(text: str, directives: Sequence[Directive]) -> str:
    """The text with every directive replaced by spaces (newlines kept): never linted."""
    if not directives:
        return text
    chars = list(text)
    for d in directives:
        for i in range(d.start, d.end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


@dataclass
class _Use:
    directive: Directive
    used: bool = False


class Suppressions:
    """Decides, for a finding's rule and line, whether a directive suppresses it."""

    def __init__(self, directives: Iterable[Directive]) -> None:
        self.uses = [_Use(d) for d in directives]

    def suppressed(
        self, code: str, name: str, category: str, line: int, exclude: Directive | None = None
    ) -> bool:
        """Whether a finding of this rule on this line is suppressed (marking the directive
        used). ``exclude`` leaves one directive out: an unused directive cannot hide itself."""
        hit: _Use | None = None
        disabled: _Use | None = None
        for use in self.uses:
            d = use.directive
            if d is exclude or not d.names(code, name, category):
                continue
            if (
                d.kind == "disable-file"
                or (d.kind == "disable-line" and d.line <= line <= d.end_line)
                or (d.kind == "disable-next-line" and line == d.end_line + 1)
            ):
                hit = hit or use
            elif d.kind == "disable" and d.line <= line:
                disabled = use
            elif d.kind == "enable" and d.line <= line:
                disabled = None
        hit = hit or disabled
        if hit is not None:
            hit.used = True
            return True
        return False

    def unused(self) -> list[Directive]:
        return [u.directive for u in self.uses if not u.used and u.directive.kind != "enable"]

"""Selectors: a code (``FA101``), a code prefix (``FA``, ``FA1``), a rule name, a category, ``ALL``.

Semantics follow ruff: ``select`` replaces the default, ``extend-select`` adds, ``ignore``
subtracts; the most specific selector wins and ``ignore`` wins a tie. The default selection is
every rule except the ``recovery`` category, and ``ALL`` does not include it either. A retired
or renamed code (``aliases.py``) selects the code(s) it now stands for, as specifically.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from .aliases import aliases_in, builtin_aliases
from .categories import CATEGORIES
from .errors import UsageError
from .registry.rule import Rule

DEFAULT_SELECT = ("ALL",)
_OPT_IN_CATEGORIES = frozenset({"recovery"})


def specificity(selector: str, rule: Rule) -> int:
    """How specifically ``selector`` names ``rule``; ``-1`` when it does not name it."""
    if selector == "ALL":
        return 0 if rule.category not in _OPT_IN_CATEGORIES else -1
    if selector == rule.category:
        return 1
    if selector in (rule.code, rule.name):
        return 100
    if rule.code.startswith(selector) and selector[:1].isupper():
        return 1 + len(selector)
    alias = builtin_aliases().get(selector)
    if alias is not None and rule.code in alias.new:
        return 100
    return -1


def validate(selectors: Iterable[str], rules: Sequence[Rule], *, what: str = "selector") -> None:
    """Raise ``UsageError`` for a selector that names no rule, suggesting the closest one."""
    vocabulary = {"ALL", *CATEGORIES, *(prefix for prefix, _, _ in CATEGORIES.values())}
    for rule in rules:
        vocabulary.update((rule.code, rule.name, rule.category))
    vocabulary.update(builtin_aliases())
    for selector in selectors:
        if selector in vocabulary or any(specificity(selector, r) >= 0 for r in rules):
            continue
        close = difflib.get_close_matches(selector, sorted(vocabulary), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise UsageError(
            f"unknown {what} {selector!r}: not a rule code, prefix, name or category{hint}"
        )


def alias_notices(
    selectors: Iterable[str], rules: Sequence[Rule], *, where: str = "the configuration"
) -> list[str]:
    """A notice for each retired or renamed code among ``selectors`` (read as its new codes)."""
    live = {x for r in rules for x in (r.code, r.name)}
    return [alias.notice(where) for alias in aliases_in(selectors, live)]


def is_selected(
    rule: Rule,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    extend_select: Sequence[str] = (),
) -> bool:
    chosen = list(select if select is not None else DEFAULT_SELECT) + list(extend_select)
    best_select = max((specificity(s, rule) for s in chosen), default=-1)
    if best_select < 0:
        return False
    best_ignore = max((specificity(s, rule) for s in ignore), default=-1)
    return best_ignore < 0 or best_ignore < best_select

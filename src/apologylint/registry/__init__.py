"""Rule machinery: pack loading, code rules and discovery of the built-in rules.

Importing this package does not import spaCy.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from ..errors import RulePackError
from ..guards import GUARDS
from .packs import load_pack
from .rule import CodeRule, Examples, Match, PatternRule, Rule

__all__ = [
    "CodeRule", "Examples", "Match", "PatternRule", "Rule", "RuleSet", "builtin_packs_dir",
    "builtin_rules", "load_pack",
]

RuleImpl = PatternRule | CodeRule


def builtin_packs_dir() -> Path:
    """Where the built-in packs are: inside the wheel, else the source checkout's ``rules/``."""
    packaged = importlib.resources.files("apologylint") / "_rules"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[3] / "rules"
    if checkout.is_dir():
        return checkout
    raise RulePackError(str(packaged), "built-in rule packs not found (broken installation?)")


class RuleSet:
    """An ordered, validated collection of rules with unique codes and names."""

    def __init__(self, impls: Sequence[RuleImpl]) -> None:
        self.impls: tuple[RuleImpl, ...] = tuple(impls)
        self.by_code: dict[str, RuleImpl] = {}
        by_name: dict[str, RuleImpl] = {}
        for impl in self.impls:
            rule = impl.rule
            other = self.by_code.get(rule.code) or by_name.get(rule.name)
            if other is not None:
                key = "code" if other.rule.code == rule.code else "name"
                raise RulePackError(rule.source, f"rule {key} clashes with "
                                    f"{other.rule.code} ({other.rule.name}) from "
                                    f"{other.rule.source}", rule=rule.code, field=key)
            for guard in rule.guards:
                if guard not in GUARDS:
                    import difflib

                    close = difflib.get_close_matches(guard, list(GUARDS), n=1)
                    hint = f" (did you mean '{close[0]}'?)" if close else ""
                    raise RulePackError(rule.source, f"unknown guard {guard!r}{hint}",
                                        rule=rule.code, field="guards")
            self.by_code[rule.code] = impl
            by_name[rule.name] = impl

    @property
    def rules(self) -> list[Rule]:
        return [impl.rule for impl in self.impls]

    def __len__(self) -> int:
        return len(self.impls)


@lru_cache(maxsize=1)
def builtin_rules() -> RuleSet:
    """Every built-in rule: the YAML packs in ``rules/`` and the code rules in ``checks``."""
    from ..checks import CODE_RULES

    impls: list[RuleImpl] = []
    for path in sorted(builtin_packs_dir().glob("*.yaml")):
        impls.extend(load_pack(path, builtin=True)[1])
    impls.extend(cls() for cls in CODE_RULES)
    impls.sort(key=lambda impl: impl.rule.code)
    return RuleSet(impls)

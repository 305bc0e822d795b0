"""Built-in rules that need Python logic beyond patterns."""

from __future__ import annotations

from ..registry.rule import CodeRule
from .excuse import ApologyThenExcuse
from .stacked import StackedApologies

CODE_RULES: tuple[type[CodeRule], ...] = (ApologyThenExcuse, StackedApologies)

__all__ = ["CODE_RULES", "ApologyThenExcuse", "StackedApologies"]

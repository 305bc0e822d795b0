"""Built-in rules that need Python logic beyond patterns."""

from __future__ import annotations

from ..registry.rule import CodeRule
from .excuse import ApologyThenExcuse
from .recovery_step import MissingRecoveryStep
from .redirect import ColdRedirect
from .stacked import StackedApologies
from .unused_directive import UnusedDirective

CODE_RULES: tuple[type[CodeRule], ...] = (
    ApologyThenExcuse,
    ColdRedirect,
    StackedApologies,
    UnusedDirective,
    MissingRecoveryStep,
)

__all__ = [
    "CODE_RULES",
    "ApologyThenExcuse",
    "ColdRedirect",
    "MissingRecoveryStep",
    "StackedApologies",
    "UnusedDirective",
]

"""Built-in rules that need Python logic beyond patterns."""

from __future__ import annotations

from ..registry.rule import CodeRule
from .contradiction import SorryButYouAreWrong
from .excuse import ApologyThenExcuse
from .lecture import ReadTheRulesFirst
from .misplaced_directive import MisplacedDirective
from .model import MODEL_RULES
from .recovery_step import MissingRecoveryStep
from .redirect import ColdRedirect
from .stacked import StackedApologies
from .unused_directive import UnusedDirective

CODE_RULES: tuple[type[CodeRule], ...] = (
    ApologyThenExcuse,
    ColdRedirect,
    ReadTheRulesFirst,
    SorryButYouAreWrong,
    StackedApologies,
    UnusedDirective,
    MisplacedDirective,
    MissingRecoveryStep,
    *MODEL_RULES,
)

__all__ = [
    "CODE_RULES",
    "ApologyThenExcuse",
    "ColdRedirect",
    "MisplacedDirective",
    "MissingRecoveryStep",
    "ReadTheRulesFirst",
    "SorryButYouAreWrong",
    "StackedApologies",
    "UnusedDirective",
]

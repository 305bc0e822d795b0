"""Running rules' documented examples: the mechanism behind the built-in example tests and
``apologylint test-rules``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .registry import RuleSet


@dataclass(frozen=True)
class ExampleResult:
    code: str
    name: str
    text: str
    should_fire: bool
    ok: bool
    detail: str


class ExampleRunner:
    """Lints each example with a Linter that selects only the rule under test (so rules of the
    same category cannot mask each other); meta rules run with every rule in force."""

    def __init__(self, ruleset: RuleSet, nlp: Any = None) -> None:
        import spacy

        self.ruleset = ruleset
        self.nlp = nlp if nlp is not None else spacy.blank("en")
        self._linters: dict[str, Any] = {}

    def _linter(self, code: str) -> Any:
        from .config import Config
        from .linter import Linter
        from .model import LABELS as MODEL_LABELS

        linter = self._linters.get(code)
        if linter is None:
            rule = self.ruleset.by_code[code].rule
            select = ["ALL"] if rule.category == "meta" else [code]
            # Recovery rules run only for a chosen framework; their examples assume AWARE.
            config = Config(recovery="aware") if rule.category == "recovery" else Config()
            if getattr(self.ruleset.by_code[code], "learned", False):
                # A model rule's examples are judged with the model on, at an even 0.5 (the
                # shipped thresholds are tuned for real replies and may turn a category off).
                config = Config(model=True, model_threshold=dict.fromkeys(MODEL_LABELS, 0.5))
            linter = Linter(config=config, select=select, rules=self.ruleset, nlp=self.nlp)
            self._linters[code] = linter
        return linter

    def run_one(self, code: str, text: str, should_fire: bool) -> ExampleResult:
        rule = self.ruleset.by_code[code].rule
        found = [f for f in self._linter(code).lint(text) if f.code == code]
        if should_fire:
            bad = [f for f in found if text[f.start : f.end] != f.text]
            ok = bool(found) and not bad
            detail = "did not fire" if not found else ("position mismatch" if bad else "")
        else:
            ok = not found
            detail = f"fired on {found[0].text!r}" if found else ""
        return ExampleResult(code, rule.name, text, should_fire, ok, detail)

    def run(self, codes: Iterable[str] | None = None) -> list[ExampleResult]:
        results: list[ExampleResult] = []
        for code in codes if codes is not None else sorted(self.ruleset.by_code):
            rule = self.ruleset.by_code[code].rule
            results.extend(self.run_one(code, t, True) for t in rule.examples.fires)
            results.extend(self.run_one(code, t, False) for t in rule.examples.passes)
        return results

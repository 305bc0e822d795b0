"""Recovery completeness: which steps of a service-recovery framework a reply carries.

Elements (``ELEMENTS``) are detected in text by element detectors — YAML patterns in
``rules/elements/*.yaml`` and code rules in ``checks/elements.py`` — that run through the same
matching machinery as the linting rules, so evidence spans have exact offsets. A framework
profile (``rules/frameworks/*.yaml``, plugins, ``profiles = [paths]`` in config) maps each of its
steps to elements (``all`` or ``any``); steps that cannot be seen in a written reply are
``not-checkable``, never missing. Score = present checkable steps / checkable steps.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import ApologylintError, RulePackError
from .findings import Finding, Severity
from .registry.rule import Examples, PatternRule, Rule

ELEMENTS = (
    "thanks",
    "apology",
    "acknowledgement",
    "empathy",
    "sympathy",
    "ownership",
    "widening-question",
    "action",
    "time-commitment",
    "follow-up",
    "warm-handoff",
    "cold-handoff",
    "extra",
    "explanation",
)
#: Categories whose findings disqualify an overlapping apology: it is not a real apology.
NOT_AN_APOLOGY = frozenset({"fake-apology", "scripted-apology", "non-apology"})


class UnknownFramework(ApologylintError):
    pass


# -- profiles ------------------------------------------------------------------------------


class StepSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    name: str
    checkable: bool = True
    all: list[str] = []
    any: list[str] = []
    advice: str = ""

    @model_validator(mode="after")
    def _elements(self) -> StepSpec:
        if self.checkable and not (self.all or self.any):
            raise ValueError(f"step '{self.id}': a checkable step needs 'all' or 'any' elements")
        if self.all and self.any:
            raise ValueError(f"step '{self.id}': use 'all' or 'any', not both")
        unknown = [e for e in (*self.all, *self.any) if e not in ELEMENTS]
        if unknown:
            raise ValueError(
                f"step '{self.id}': unknown element '{unknown[0]}' (elements: "
                f"{', '.join(ELEMENTS)})"
            )
        return self


class Profile(BaseModel):
    """A framework: ``name``, ``title``, ``source``, ``steps``."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    title: str
    source: str = ""
    description: str = ""
    steps: list[StepSpec] = Field(min_length=1)
    path: str = ""


def load_profile(path: str | Path) -> Profile:
    # The packs' loader: YAML 1.2 booleans, so an element or word named "no" or "on" stays a
    # string (pydantic still reads yes/no as a bool where a field is one).
    from .registry.packs import _LOADER

    name = str(path)
    try:
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_LOADER)
    except OSError as exc:
        raise RulePackError(name, f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise RulePackError(name, "not UTF-8") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RulePackError(
            name,
            f"invalid YAML: {getattr(exc, 'problem', exc)}",
            line=mark.line + 1 if mark else None,
        ) from None
    if not isinstance(data, dict):
        raise RulePackError(name, "a framework profile must be a mapping")
    try:
        return Profile.model_validate({**data, "path": name})
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err.get("loc", ()))
        msg = err.get("msg", "invalid").removeprefix("Value error, ")
        if err.get("type") == "extra_forbidden":
            msg = "unknown key"
        raise RulePackError(name, msg, field=loc or None) from None


def _frameworks_dir() -> Path:
    from .registry import builtin_packs_dir

    return builtin_packs_dir() / "frameworks"


def _profile_files(paths: Iterable[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files += sorted([*p.glob("*.yaml"), *p.glob("*.yml")])
        elif p.exists():
            files.append(p)
        else:
            raise RulePackError(raw, "no such framework profile or folder")
    return files


def load_profiles(extra: Sequence[str] = (), *, plugins: bool = True) -> dict[str, Profile]:
    """Built-in profiles, plugins' ``frameworks/`` folders, then ``extra`` paths (files or
    folders); a later profile with the same name is an error naming both files."""
    files = sorted(_frameworks_dir().glob("*.yaml"))
    if plugins:
        files += _plugin_profile_files()
    files += _profile_files(extra)
    out: dict[str, Profile] = {}
    for f in files:
        profile = load_profile(f)
        if profile.name in out:
            raise RulePackError(
                str(f),
                f"framework '{profile.name}' is already defined in {out[profile.name].path}",
                field="name",
            )
        out[profile.name] = profile
    return out


def _plugin_profile_files() -> list[Path]:
    from importlib.metadata import entry_points

    from .registry import ENTRY_POINT_GROUP

    files: list[Path] = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        module = ep.module
        try:
            import importlib.util

            spec = importlib.util.find_spec(module)
        except (ImportError, ValueError):
            continue
        if spec is None or not spec.origin:
            continue
        folder = Path(spec.origin).parent / "frameworks"
        if folder.is_dir():
            files += sorted(folder.glob("*.yaml"))
    return files


# -- element detectors ----------------------------------------------------------------------


class _ElementExamples(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fires: list[str] = Field(min_length=2)
    passes: list[str] = Field(min_length=2)


class ElementSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    element: str
    name: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    summary: str = ""
    patterns: list[list[dict[str, Any]]] = []
    phrases: list[str] = []
    guards: list[str] = []
    unless_followed_by: list[str] = []
    unless_preceded_by: list[str] = []
    match_in_quotes: bool = False
    examples: _ElementExamples

    @model_validator(mode="after")
    def _check(self) -> ElementSpec:
        if self.element not in ELEMENTS:
            raise ValueError(f"unknown element '{self.element}'")
        if not self.patterns and not self.phrases:
            raise ValueError("needs 'patterns' or 'phrases'")
        return self


def _element_rule(spec: ElementSpec, code: str, source: str) -> PatternRule:
    rule = Rule(
        code=code,
        name=spec.name,
        category="element",
        severity=Severity.INFO,
        message=spec.element,
        summary=spec.summary or f"evidence of {spec.element}",
        why="-",
        suggestion="-",
        examples=Examples(tuple(spec.examples.fires), tuple(spec.examples.passes)),
        guards=tuple(spec.guards),
        source=source,
        pack="elements",
    )
    return PatternRule(
        rule=rule,
        patterns=tuple(tuple(p) for p in spec.patterns),
        phrases=tuple(spec.phrases),
        unless_followed_by=tuple(re.compile(p, re.IGNORECASE) for p in spec.unless_followed_by),
        unless_preceded_by=tuple(re.compile(p, re.IGNORECASE) for p in spec.unless_preceded_by),
        match_in_quotes=spec.match_in_quotes,
    )


@lru_cache(maxsize=1)
def element_rules() -> tuple[Any, ...]:
    """Every element detector (YAML and code), as rules of category ``element``."""
    from .checks.elements import ELEMENT_CODE_RULES
    from .registry import builtin_packs_dir
    from .registry.packs import _LOADER

    impls: list[Any] = []
    n = 0
    for path in sorted((builtin_packs_dir() / "elements").glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
        entries = data.get("elements", []) if isinstance(data, dict) else []
        for i, entry in enumerate(entries):
            try:
                spec = ElementSpec.model_validate(entry)
            except ValidationError as exc:
                err = exc.errors()[0]
                loc = ".".join(str(p) for p in err.get("loc", ()))
                raise RulePackError(
                    str(path),
                    err.get("msg", "invalid"),
                    rule=str(entry.get("name", f"#{i + 1}"))
                    if isinstance(entry, dict)
                    else f"#{i + 1}",
                    field=loc,
                ) from None
            n += 1
            impls.append(_element_rule(spec, f"EL{n:03d}", str(path)))
    impls.extend(cls() for cls in ELEMENT_CODE_RULES)
    return tuple(impls)


# -- assessment -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    element: str
    text: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class StepResult:
    id: str
    name: str
    status: str  # present | missing | not-checkable
    evidence: tuple[Evidence, ...] = ()
    advice: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "status": self.status,
            "evidence": [e.to_dict() for e in self.evidence],
            "advice": self.advice,
        }


@dataclass(frozen=True)
class Assessment:
    """One reply judged under one framework."""

    framework: str
    title: str
    score: float
    steps: tuple[StepResult, ...]
    elements: dict[str, tuple[Evidence, ...]] = field(default_factory=dict)
    path: str | None = None
    record: str | None = None
    start: int = 0
    line: int = 1
    column: int = 1

    @property
    def missing(self) -> list[StepResult]:
        return [s for s in self.steps if s.status == "missing"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "record": self.record,
            "framework": self.framework,
            "score": round(self.score, 4),
            "steps": [s.to_dict() for s in self.steps],
        }


def detect_elements(
    element_findings: Iterable[Finding], lint_findings: Iterable[Finding]
) -> dict[str, list[Evidence]]:
    """Evidence per element, with apologies that are fake, scripted or taken back dropped."""
    disqualifying = [(f.start, f.end) for f in lint_findings if f.category in NOT_AN_APOLOGY]
    out: dict[str, list[Evidence]] = {}
    for f in element_findings:
        element = f.message
        if element == "apology" and any(s < f.end and f.start < e for s, e in disqualifying):
            continue
        out.setdefault(element, []).append(
            Evidence(element, f.text, f.start, f.end, f.line, f.column, f.end_line, f.end_column)
        )
    return out


def assess(
    profile: Profile,
    evidence: dict[str, list[Evidence]],
    *,
    path: str | None = None,
    record: str | None = None,
    start: int = 0,
    line: int = 1,
    column: int = 1,
) -> Assessment:
    steps = []
    for step in profile.steps:
        if not step.checkable:
            steps.append(StepResult(step.id, step.name, "not-checkable", (), step.advice))
            continue
        wanted = step.all or step.any
        found = [e for el in wanted for e in evidence.get(el, [])]
        have = {el for el in wanted if evidence.get(el)}
        ok = have == set(step.all) if step.all else bool(have)
        steps.append(
            StepResult(
                step.id,
                step.name,
                "present" if ok else "missing",
                tuple(sorted(found, key=lambda e: e.start)),
                step.advice,
            )
        )
    checkable = [s for s in steps if s.status != "not-checkable"]
    score = sum(s.status == "present" for s in checkable) / len(checkable) if checkable else 1.0
    return Assessment(
        profile.name,
        profile.title,
        score,
        tuple(steps),
        {k: tuple(v) for k, v in evidence.items()},
        path,
        record,
        start,
        line,
        column,
    )

"""YAML rule packs: the schema, validation with file/rule/field/line errors, loading to rules.

A pack is a YAML mapping::

    pack: fake-apology            # the pack's name
    version: "1"                  # the pack's own version (shown by --version)
    description: ...
    definitions: {...}            # free-form: a home for YAML anchors (&apology) reused below
    rules:
      - code: FA101
        name: sorry-if-you-feel
        category: fake-apology
        severity: error           # default: the category's severity
        message: ...
        summary: ...
        why: ...
        suggestion: ...
        patterns: [[{NORM: sorry}, {NORM: if}], ...]   # spaCy Matcher token patterns
        phrases: ["sorry for any offense taken"]       # matched on NORM, case-insensitive
        guards: [negated]                              # named guards (see guards.py)
        unless_followed_by: ['\bI(?:'|’)ll\b']        # regexes, rest of sentence + the next
        unless_preceded_by: ['\bthanks\b']             # regexes, the sentence before the match
        match_in_quotes: false
        examples: {fires: [...], passes: [...]}

``docs/rule-packs.md`` is the reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..categories import default_severity, prefix_of
from ..errors import RulePackError
from ..findings import Severity
from ..lazyre import LazyPattern
from .rule import Examples, PatternRule, Rule

CODE_RE = re.compile(r"^[A-Z]{1,4}[0-9]{3}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_TOKEN_KEYS = {
    "ORTH",
    "TEXT",
    "LOWER",
    "NORM",
    "LENGTH",
    "IS_ALPHA",
    "IS_ASCII",
    "IS_DIGIT",
    "IS_LOWER",
    "IS_UPPER",
    "IS_TITLE",
    "IS_PUNCT",
    "IS_SPACE",
    "IS_STOP",
    "IS_SENT_START",
    "LIKE_NUM",
    "LIKE_URL",
    "LIKE_EMAIL",
    "SPACY",
    "OP",
    "LEMMA",
    "POS",
    "TAG",
    "DEP",
    "MORPH",
    "ENT_TYPE",
    "ENT_IOB",
    "_",
}
_NEEDS_ANNOTATION = {
    "LEMMA": "lemma",
    "POS": "pos",
    "TAG": "tag",
    "DEP": "dep",
    "MORPH": "morph",
    "ENT_TYPE": "ents",
    "ENT_IOB": "ents",
}


class _Examples(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fires: list[str] = Field(min_length=3)
    passes: list[str] = Field(min_length=3)


class RuleSpec(BaseModel):
    """One rule in a pack (metadata keys as docs/rule-packs.md lists them, plus detector keys)."""

    model_config = ConfigDict(extra="forbid")

    code: str
    name: str
    category: str
    severity: Literal["error", "warning", "info"] | None = None
    message: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    why: str = Field(min_length=1)
    suggestion: str = Field(min_length=1)
    examples: _Examples
    requires: list[str] = []
    guards: list[str] = []
    patterns: list[list[dict[str, Any]]] = []
    phrases: list[str] = []
    unless_followed_by: list[str] = []
    unless_preceded_by: list[str] = []
    match_in_quotes: bool = False

    @field_validator("code")
    @classmethod
    def _code(cls, v: str) -> str:
        if not CODE_RE.match(v):
            raise ValueError("must be a prefix of 1-4 capital letters and three digits, e.g. FA101")
        return v

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        if not NAME_RE.match(v):
            raise ValueError("must be kebab-case, e.g. sorry-if-you-feel")
        return v

    @field_validator("category")
    @classmethod
    def _category(cls, v: str) -> str:
        if not NAME_RE.match(v):
            raise ValueError("must be a kebab-case category name")
        return v

    @field_validator("unless_followed_by", "unless_preceded_by")
    @classmethod
    def _regexes(cls, v: list[str]) -> list[str]:
        for pattern in v:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from None
            _refuse_backtracking(pattern)
        return v

    @field_validator("patterns")
    @classmethod
    def _patterns(cls, v: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
        for i, pattern in enumerate(v):
            if not pattern:
                raise ValueError(f"pattern {i + 1} is empty")
            for token in pattern:
                unknown = set(token) - _TOKEN_KEYS
                if unknown:
                    raise ValueError(
                        f"pattern {i + 1}: unknown token attribute {sorted(unknown)[0]!r}"
                    )
                for regex in _token_regexes(token):
                    _refuse_backtracking(regex, f"pattern {i + 1}: ")
                op = token.get("OP")
                if op is not None and not (isinstance(op, str) and _OP.match(op)):
                    # spaCy would refuse it only when a Linter is built, without a line
                    raise ValueError(
                        f"pattern {i + 1}: invalid OP {op!r} (one of '!', '?', '+', '*', "
                        "'{n}', '{n,m}', '{n,}', '{,m}')"
                    )
        return v

    @model_validator(mode="after")
    def _detector(self) -> RuleSpec:
        if not self.patterns and not self.phrases:
            raise ValueError("a pattern rule needs 'patterns' or 'phrases'")
        if self.severity is None and default_severity(self.category) is None:
            raise ValueError(f"category {self.category!r} has no default severity; set 'severity'")
        needed = sorted(
            {
                _NEEDS_ANNOTATION[k]
                for p in self.patterns
                for t in p
                for k in t
                if k in _NEEDS_ANNOTATION
            }
            - set(self.requires)
        )
        if needed:
            raise ValueError(
                f"patterns use {', '.join(needed)} annotations; declare them in 'requires'"
            )
        return self


_OP = re.compile(r"^(?:[!?+*]|\{\d+\}|\{\d+,\d*\}|\{,\d+\})$")


def _token_regexes(value: Any) -> list[str]:
    """Every ``REGEX`` value in a token pattern (``{"LOWER": {"REGEX": …}}`` and the like)."""
    out: list[str] = []
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "REGEX" and isinstance(inner, str):
                out.append(inner)
            else:
                out.extend(_token_regexes(inner))
    return out


def _refuse_backtracking(pattern: str, where: str = "") -> None:
    """A pack comes from a repository: a regex with a nested variable quantifier (``(a+)+``,
    ``(\\w+\\s?)*``) can take exponential time on a crafted draft and hang CI, so it is refused
    when the pack is loaded. Rewrite it without the nesting, or with a possessive quantifier or
    an atomic group (``(?>…)``), which cannot backtrack."""
    try:  # re._parser is private and not in typeshed
        import re._parser as sre_parse  # type: ignore[import-not-found]  # Python >= 3.11
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_parse
    try:
        tree = sre_parse.parse(pattern)
    except (re.error, RecursionError):
        return  # reported as invalid elsewhere
    if _nested(list(tree), False):
        raise ValueError(
            f"{where}regular expression {pattern!r} nests a variable quantifier inside an "
            "unbounded one (e.g. '(a+)+'), which can backtrack for ever on some inputs; rewrite "
            "it without the nesting, or use an atomic group '(?>...)' or a possessive quantifier"
        )


#: An outer quantifier allowing more repetitions than this, around a variable one, is refused
#: (``(?:\w+\s+){0,3}`` — a few words — stays allowed).
_MAX_NESTED_REPEAT = 10


def _nested(items: list[Any], in_repeat: bool) -> bool:
    for op, av in items:
        name = str(op)
        if name in ("MAX_REPEAT", "MIN_REPEAT"):
            lo, hi, sub = av
            if in_repeat and hi != lo and hi > 1:
                return True
            children, inner = [sub], in_repeat or hi > _MAX_NESTED_REPEAT
        elif name == "SUBPATTERN":
            children, inner = [av[-1]], in_repeat
        elif name == "BRANCH":
            children, inner = list(av[1]), in_repeat
        elif name in ("ASSERT", "ASSERT_NOT"):
            children, inner = [av[1]], in_repeat
        elif name == "GROUPREF_EXISTS":
            children, inner = [alt for alt in av[1:] if alt is not None], in_repeat
        else:
            continue  # literals and classes; possessive repeats and atomic groups cannot backtrack
        if any(_nested(list(child), inner) for child in children):
            return True
    return False


class ExtendSpec(BaseModel):
    """A team's change to an existing rule, without copying it (``extends: FA101``)."""

    model_config = ConfigDict(extra="forbid")

    extends: str
    severity: Literal["error", "warning", "info"] | None = None
    message: str | None = None
    suggestion: str | None = None
    phrases: list[str] = []
    remove_phrases: list[str] = []
    patterns: list[list[dict[str, Any]]] = []
    unless_followed_by: list[str] = []
    unless_preceded_by: list[str] = []
    guards: list[str] = []

    _regexes = field_validator("unless_followed_by", "unless_preceded_by")(
        RuleSpec._regexes.__func__  # type: ignore[attr-defined]
    )
    _patterns = field_validator("patterns")(RuleSpec._patterns.__func__)  # type: ignore[attr-defined]


class PackSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pack: str = Field(min_length=1)
    version: str = "1"
    description: str = ""
    definitions: dict[str, Any] = {}
    rules: list[dict[str, Any]]


@dataclass(frozen=True)
class Extension:
    """A validated ``extends:`` entry and where it came from."""

    spec: ExtendSpec
    source: str
    pack: str


@dataclass(frozen=True)
class LoadedPack:
    spec: PackSpec
    path: str
    rules: list[PatternRule]
    extensions: list[Extension]


def load_pack(path: str | Path, *, builtin: bool = False) -> LoadedPack:
    """Load and validate one pack; raise ``RulePackError`` naming file, rule, field and line."""
    path = Path(path)
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RulePackError(name, f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise RulePackError(name, "not UTF-8") from None
    try:
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise RulePackError(name, f"invalid YAML: {problem}", line=line) from None
    if not isinstance(data, dict):
        raise RulePackError(name, "a rule pack must be a mapping with 'pack' and 'rules'", line=1)
    node = _LazyNode(text)
    try:
        spec = PackSpec.model_validate(data)
    except ValidationError as exc:
        raise _translate(name, data, node, exc) from None
    rules: list[PatternRule] = []
    extensions: list[Extension] = []
    for i, entry in enumerate(spec.rules):
        # Each entry is validated against one model, so errors name the right fields.
        model: type[BaseModel] = ExtendSpec if "extends" in entry else RuleSpec
        try:
            parsed = model.model_validate(entry)
        except ValidationError as exc:
            raise _translate(name, data, node, exc, prefix=("rules", i)) from None
        if isinstance(parsed, ExtendSpec):
            extensions.append(Extension(parsed, name, spec.pack))
        else:
            assert isinstance(parsed, RuleSpec)
            rules.append(_to_rule(name, spec, parsed, node, i, builtin))
    return LoadedPack(spec, name, rules, extensions)


def apply_extension(base: PatternRule, ext: Extension, make_regex: Any = None) -> PatternRule:
    """A copy of ``base`` changed as ``ext`` says (severity, message, phrases added/removed…)."""
    e = ext.spec
    rule = base.rule
    rule = replace(
        rule,
        severity=Severity(e.severity) if e.severity else rule.severity,
        message=e.message or rule.message,
        suggestion=e.suggestion or rule.suggestion,
        guards=rule.guards + tuple(g for g in e.guards if g not in rule.guards),
        source=f"{rule.source} (extended by {ext.source})",
    )
    removed = {" ".join(p.lower().split()) for p in e.remove_phrases}
    phrases = tuple(p for p in base.phrases if " ".join(p.lower().split()) not in removed)
    return replace(
        base,
        rule=rule,
        phrases=phrases + tuple(e.phrases),
        patterns=base.patterns + tuple(tuple(t) for t in e.patterns),
        unless_followed_by=base.unless_followed_by
        + tuple(LazyPattern(p, re.IGNORECASE) for p in e.unless_followed_by),
        unless_preceded_by=base.unless_preceded_by
        + tuple(LazyPattern(p, re.IGNORECASE) for p in e.unless_preceded_by),
    )


def _to_rule(
    name: str, spec: PackSpec, r: RuleSpec, node: Any, index: int, builtin: bool
) -> PatternRule:
    if builtin:
        prefix = prefix_of(r.category)
        if prefix is None or not r.code.startswith(prefix):
            raise RulePackError(
                name,
                f"a built-in {r.category} rule's code must start with {prefix}",
                rule=r.code,
                field="code",
                line=_line(node, ["rules", index, "code"]),
            )
    severity = Severity(r.severity) if r.severity else default_severity(r.category)
    assert severity is not None
    rule = Rule(
        code=r.code,
        name=r.name,
        category=r.category,
        severity=severity,
        message=r.message,
        summary=r.summary,
        why=r.why,
        suggestion=r.suggestion,
        examples=Examples(tuple(r.examples.fires), tuple(r.examples.passes)),
        requires=tuple(r.requires),
        guards=tuple(r.guards),
        source=name,
        pack=spec.pack,
    )
    return PatternRule(
        rule=rule,
        patterns=tuple(tuple(t) for t in r.patterns),
        phrases=tuple(r.phrases),
        unless_followed_by=tuple(LazyPattern(p, re.IGNORECASE) for p in r.unless_followed_by),
        unless_preceded_by=tuple(LazyPattern(p, re.IGNORECASE) for p in r.unless_preceded_by),
        match_in_quotes=r.match_in_quotes,
    )


# libyaml's C parser when PyYAML has it (the wheels do): packs load ~10x faster.
_BASE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LOADER(_BASE_LOADER):  # type: ignore[misc]  # PyYAML's loaders are untyped (Any)
    """YAML 1.2 booleans: only true/false. Under YAML 1.1 a word list like ``[no, yes, on]``
    would silently become booleans, a trap for a linter whose patterns are English words."""


_LOADER.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in _BASE_LOADER.yaml_implicit_resolvers.items()
}
_LOADER.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class _LazyNode:
    """The composed YAML node tree, built only when an error needs line numbers."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._node: Any = None

    def get(self) -> Any:
        if self._node is None:
            self._node = yaml.compose(self._text, Loader=_LOADER)
        return self._node


def _translate(
    name: str, data: dict[str, Any], node: Any, exc: ValidationError, prefix: tuple[Any, ...] = ()
) -> RulePackError:
    # An unknown key is usually a misspelt known one: report it first, with a suggestion.
    err = sorted(exc.errors(), key=lambda e: e.get("type") != "extra_forbidden")[0]
    loc = [*prefix, *err.get("loc", ())]
    rule_id = None
    field = None
    if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
        rules = data.get("rules") or []
        if loc[1] < len(rules) and isinstance(rules[loc[1]], dict):
            rule_id = rules[loc[1]].get("code") or rules[loc[1]].get("name")
            rule_id = str(rule_id) if rule_id is not None else f"#{loc[1] + 1}"
        field = ".".join(str(p) for p in loc[2:]) or None
    elif loc:
        field = ".".join(str(p) for p in loc)
    msg = err.get("msg", "invalid")
    if err.get("type") == "extra_forbidden":
        msg = "unknown key" + _suggest(str(loc[-1]), _known_keys(loc))
    elif err.get("type") == "missing":
        msg = "required key missing"
    msg = msg.removeprefix("Value error, ")
    line = _line(node, loc)
    return RulePackError(name, msg, rule=rule_id, field=field, line=line)


def _known_keys(loc: list[Any]) -> list[str]:
    if len(loc) >= 3 and loc[0] == "rules":
        return list(RuleSpec.model_fields) + ["extends", "remove_phrases"]
    return list(PackSpec.model_fields)


def _suggest(key: str, known: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(key, known, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _line(node: Any, loc: list[Any]) -> int | None:
    """Best 1-based line for a validation location, walking the composed YAML node tree."""
    if isinstance(node, _LazyNode):
        node = node.get()
    best = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == part:
                    best = key.start_mark.line + 1
                    node = value
                    break
            else:
                return best
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return best
            node = node.value[part]
            best = node.start_mark.line + 1
        else:
            return best
    return best

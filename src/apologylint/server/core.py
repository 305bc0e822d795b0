"""The service behind every mode (HTTP, stdio): request validation, one warm ``Linter`` per
distinct rule selection, and the JSON answers. No web framework here.

Answers use the CLI's JSON finding objects (``Finding.to_dict()``) plus ``utf16_start`` and
``utf16_end``: JavaScript strings and editors count UTF-16 code units, our offsets count code
points, and an emoji before a finding would otherwise shift its underline.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from ..config import Config
from ..errors import ApologylintError
from ..findings import Finding, Severity
from ..notices import LintResult, Notice

if TYPE_CHECKING:
    from ..linter import Linter
    from ..registry.rule import Rule

#: The input formats a draft may be sent in (collections are files, not drafts).
INPUT_FORMATS = ("text", "html", "markdown", "email", "template")
SEVERITIES = tuple(s.value for s in Severity)
#: Distinct rule selections kept warm; the least recently used is dropped beyond this.
LINTER_CACHE = 16
MAX_SELECTORS = 200
MAX_SELECTOR_CHARS = 200
MAX_ID_CHARS = 1_000

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


class RequestError(Exception):
    """A request the service cannot answer, with the HTTP status that says why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def utf16_offsets(text: str) -> Any:
    """A function turning a code-point offset into ``text`` into a UTF-16 code-unit offset."""
    astral = [m.start() for m in _ASTRAL.finditer(text)]
    if not astral:
        return lambda i: i
    return lambda i: i + bisect.bisect_left(astral, i)


def finding_json(finding: Finding, to_utf16: Any) -> dict[str, Any]:
    data = finding.to_dict()
    data["utf16_start"] = to_utf16(finding.start)
    data["utf16_end"] = to_utf16(finding.end)
    return data


class Limits:
    def __init__(self, max_text_chars: int = 100_000, max_batch: int = 100) -> None:
        self.max_text_chars = max_text_chars
        self.max_batch = max_batch


class Service:
    """Lints drafts for the server modes. Thread-safe; build once (it warms the default
    ``Linter``, so the first request is as fast as the rest)."""

    def __init__(self, config: Config | None = None, limits: Limits | None = None) -> None:
        self.config = config or Config()
        self.limits = limits or Limits()
        self._linters: OrderedDict[tuple[Any, ...], Linter] = OrderedDict()
        self._lock = threading.Lock()
        self.default = self.linter(None, None, None)
        # one draft through every stage, so that lazy imports and caches are not paid by a user
        self.default.lint("Warming up: I'm sorry if you feel that way.", input_format="html")

    # -- linters ------------------------------------------------------------------------

    def linter(
        self,
        select: tuple[str, ...] | None,
        ignore: tuple[str, ...] | None,
        recovery: str | None,
    ) -> Linter:
        key = (select, ignore, recovery)
        with self._lock:
            linter = self._linters.get(key)
            if linter is not None:
                self._linters.move_to_end(key)
                return linter
        from ..linter import Linter

        config = self.config.merged(select=select, ignore=ignore, recovery=recovery)
        try:
            linter = Linter(config=config)
            if config.recovery:
                linter.profile(config.recovery)  # an unknown framework is the caller's error
        except ApologylintError as exc:
            raise RequestError(422, str(exc)) from None
        with self._lock:
            self._linters[key] = linter
            while len(self._linters) > LINTER_CACHE:
                self._linters.popitem(last=False)
        return linter

    # -- requests -----------------------------------------------------------------------

    def lint(self, payload: Any) -> dict[str, Any]:
        """``{"text", "input_format"?, "select"?, "ignore"?, "recovery"?, "fail_on"?}``."""
        body = _object(payload, {"text", "input_format", "select", "ignore", "recovery", "fail_on"})
        linter, fail_on = self._options(body)
        text, fmt = self._draft(body, "")
        result = self._lint_one(linter, text, fmt)
        return {"version": 1, **self._result(result, text, fail_on)}

    def lint_batch(self, payload: Any) -> dict[str, Any]:
        """``{"drafts": [{"id"?, "text", "input_format"?}], "select"?, …}``; order kept."""
        body = _object(payload, {"drafts", "select", "ignore", "recovery", "fail_on"})
        drafts = body.get("drafts")
        if not isinstance(drafts, list):
            raise RequestError(422, '\'drafts\' must be a list of {"id", "text"} objects')
        if len(drafts) > self.limits.max_batch:
            raise RequestError(
                413, f"{len(drafts)} drafts in one batch, over the limit of {self.limits.max_batch}"
            )
        linter, fail_on = self._options(body)
        parsed = []
        for i, draft in enumerate(drafts):
            where = f"drafts[{i}]"
            item = _object(draft, {"id", "text", "input_format"}, where=where)
            ident = item.get("id")
            if ident is not None and not (
                (isinstance(ident, str) and len(ident) <= MAX_ID_CHARS)
                or (isinstance(ident, int) and not isinstance(ident, bool))
            ):
                raise RequestError(
                    422, f"{where}.id must be a string (<= {MAX_ID_CHARS} chars) or an integer"
                )
            parsed.append((ident, *self._draft(item, f"{where}.")))
        documents = [self._document(text, fmt) for _, text, fmt in parsed]
        results = []
        for (ident, text, _), result in zip(parsed, linter.lint_many(documents)):
            results.append({"id": ident, **self._result(result, text, fail_on)})
        return {"version": 1, "results": results}

    def recovery(self, payload: Any) -> dict[str, Any]:
        """``{"text", "input_format"?, "framework"?}``: the recovery report of each reply."""
        from ..linter import split_records
        from ..recovery import UnknownFramework

        body = _object(payload, {"text", "input_format", "framework"})
        framework = body.get("framework", None)
        if framework is None:
            framework = self.config.recovery or "aware"
        if not isinstance(framework, str):
            raise RequestError(422, "'framework' must be a framework name")
        text, fmt = self._draft(body, "")
        document = self._document(text, fmt)
        try:
            reports = [self.default.assess(part, framework) for part in split_records(document)]
        except UnknownFramework as exc:
            raise RequestError(422, str(exc)) from None
        return {"version": 1, "reports": [r.to_dict() for r in reports]}

    def rules(self) -> dict[str, Any]:
        return {"version": 1, "rules": [r.to_dict() for r in self._all_rules()]}

    def rule(self, code: str) -> dict[str, Any]:
        rules = self._all_rules()
        found = next((r for r in rules if code in (r.code, r.name) or code.upper() == r.code), None)
        if found is None:
            import difflib

            close = difflib.get_close_matches(
                code, [r.code for r in rules] + [r.name for r in rules], n=1
            )
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise RequestError(404, f"unknown rule {code[:100]!r}{hint}")
        from ..cli import render_explanation

        return {"version": 1, **found.to_dict(), "explanation": render_explanation(found)}

    def frameworks(self) -> list[str]:
        return sorted(self.default.profiles())

    # -- helpers ------------------------------------------------------------------------

    def _all_rules(self) -> list[Rule]:
        return sorted(self.default.ruleset.rules, key=lambda r: r.code)

    def _options(self, body: dict[str, Any]) -> tuple[Linter, str]:
        select = _selectors(body, "select")
        ignore = _selectors(body, "ignore")
        recovery = body.get("recovery")
        if recovery is not None and not (isinstance(recovery, str) and 0 < len(recovery) <= 100):
            raise RequestError(422, "'recovery' must be a framework name (e.g. \"aware\")")
        fail_on = body.get("fail_on", self.config.fail_on)
        if fail_on not in SEVERITIES:
            raise RequestError(422, f"'fail_on' must be one of: {', '.join(SEVERITIES)}")
        return self.linter(select, ignore, recovery), fail_on

    def _draft(self, body: dict[str, Any], where: str) -> tuple[str, str]:
        text = body.get("text")
        if not isinstance(text, str):
            raise RequestError(422, f"'{where}text' is required and must be a string")
        if len(text) > self.limits.max_text_chars:
            raise RequestError(
                413,
                f"'{where}text' is {len(text):,} characters, over the limit of "
                f"{self.limits.max_text_chars:,}",
            )
        if not text.isascii() and _SURROGATE.search(text):
            raise RequestError(
                422, f"'{where}text' holds an unpaired surrogate (\\ud800-\\udfff): not valid text"
            )
        fmt = body.get("input_format", "text")
        if fmt not in INPUT_FORMATS:
            raise RequestError(
                422, f"'{where}input_format' must be one of: {', '.join(INPUT_FORMATS)}"
            )
        return text, fmt

    @staticmethod
    def _document(text: str, fmt: str) -> Any:
        from ..readers import read_string

        try:
            return read_string(text, fmt)
        except ApologylintError as exc:
            raise RequestError(422, str(exc)) from None

    def _lint_one(self, linter: Linter, text: str, fmt: str) -> LintResult:
        return linter.lint(self._document(text, fmt))

    @staticmethod
    def _result(result: LintResult, text: str, fail_on: str) -> dict[str, Any]:
        to_utf16 = utf16_offsets(text)
        findings = [finding_json(f, to_utf16) for f in result]
        by_severity = dict.fromkeys(SEVERITIES, 0)
        for f in result:
            by_severity[f.severity.value] += 1
        return {
            "verdict": result.verdict_at(fail_on),
            "fail_on": fail_on,
            "findings": findings,
            "notices": [Notice(m).to_dict() for m in result.notices],
            "summary": {"findings": len(findings), "by_severity": by_severity},
        }


def _object(value: Any, keys: set[str], *, where: str = "the request body") -> dict[str, Any]:
    if not isinstance(value, dict):
        raise RequestError(422, f"{where} must be a JSON object")
    unknown = sorted(k for k in value if k not in keys)
    if unknown:
        import difflib

        close = difflib.get_close_matches(unknown[0], sorted(keys), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise RequestError(422, f"unknown field {unknown[0][:100]!r} in {where}{hint}")
    return value


def _selectors(body: dict[str, Any], key: str) -> tuple[str, ...] | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        value = value.split(",")
    if (
        not isinstance(value, list)
        or len(value) > MAX_SELECTORS
        or not all(isinstance(v, str) and len(v) <= MAX_SELECTOR_CHARS for v in value)
    ):
        raise RequestError(
            422, f"'{key}' must be a list of selectors (codes, prefixes, names, categories, ALL)"
        )
    # an empty list means "not given" (the server's selection), not "no rules at all"
    return tuple(v.strip() for v in value if v.strip()) or None

"""The Linter: owns the spaCy pipeline and compiled rules; lints strings and Documents."""

from __future__ import annotations

import contextlib
import itertools
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from .analysis import Context, TextView
from .checks.recovery_step import MISSING_STEP
from .checks.unused_directive import UNUSED_DIRECTIVE
from .config import Config
from .directives import Directive, Suppressions
from .document import Document, Segment
from .errors import RulePackError
from .findings import Finding, Severity
from .guards import GUARDS
from .notices import LintResult
from .readers._decode import check_unicode
from .readers.plain import read_text
from .registry import CodeRule, PatternRule, RuleSet
from .registry.fastmatch import FastMatcher
from .registry.rule import Rule
from .selection import alias_notices, is_selected, validate

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: Segments longer than this are linted in chunks cut at a paragraph, sentence or space, far below
#: spaCy's ``max_length`` (chunks keep memory per Doc small too).
CHUNK_CHARS = 100_000


@dataclass(frozen=True)
class _Hit:
    rule: Rule
    start: int
    end: int
    message: str | None
    vetoed_by: str | None = None
    confidence: float | None = None  # model-backed rules only
    suggestion: str | None = None  # a code rule's suggestion for this match


@dataclass(frozen=True)
class _Chunk:
    doc_index: int
    segment: Segment
    offset: int  # index of the chunk's first character in segment.text
    text: str


class Linter:
    """Lints customer-service drafts. Build once, reuse; safe to share between threads.

    Settings come from ``config`` (a :class:`~apologylint.config.Config`, e.g.
    ``Config.from_file("pyproject.toml")``); keyword arguments override it: ``select``,
    ``ignore``, ``extend_select`` take selectors (codes, prefixes, names, categories, ``ALL``);
    ``severity`` maps selectors to levels; ``allow`` lists phrases inside which nothing is
    reported. ``rules`` replaces the rule set (default: built-in rules, installed plugins and the
    config's ``rules`` paths). ``nlp`` supplies a loaded spaCy pipeline (default:
    ``spacy.blank("en")``, nothing to download).
    """

    def __init__(
        self,
        *,
        config: Config | None = None,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
        extend_select: Sequence[str] | None = None,
        severity: dict[str, str | Severity] | None = None,
        allow: Sequence[str] | None = None,
        rules: RuleSet | None = None,
        nlp: Language | None = None,
        batch_size: int = 64,
        model: bool | None = None,
    ) -> None:
        import spacy
        from spacy.matcher import Matcher

        cfg = (config or Config()).merged(
            select=tuple(select) if select is not None else None,
            ignore=tuple(ignore) if ignore is not None else None,
            extend_select=tuple(extend_select) if extend_select is not None else None,
            severity={k: Severity.parse(v).value for k, v in severity.items()}
            if severity is not None
            else None,
            allow=tuple(allow) if allow is not None else None,
            model=model,
        )
        if cfg.recovery and "RC100" not in cfg.extend_select:
            # recovery = "FRAMEWORK" (or --recovery) is what turns the recovery category on.
            cfg = replace(cfg, extend_select=(*cfg.extend_select, "RC100"))
        self.config = cfg
        if rules is None:
            rules = cfg.ruleset()
        self.ruleset = rules
        all_rules = rules.rules
        pfi = [s for sels in cfg.per_file_ignores.values() for s in sels]
        for group, what in (
            (cfg.select or (), "selector"),
            (cfg.ignore, "selector"),
            (cfg.extend_select, "selector"),
            (pfi, "per-file-ignores selector"),
            (cfg.severity, "severity selector"),
        ):
            validate(group, all_rules, what=what)
        self.nlp: Language = nlp if nlp is not None else spacy.blank("en")
        self.batch_size = batch_size
        self._tokenizer_only = not self.nlp.pipe_names
        overrides = [(sel, Severity.parse(level)) for sel, level in cfg.severity.items()]
        available = _annotations(self.nlp)
        #: Notices about this Linter's configuration as a whole (a run reports each once).
        self.notices: list[str] = alias_notices(
            [*(cfg.select or ()), *cfg.ignore, *cfg.extend_select, *pfi, *cfg.severity],
            all_rules,
        )
        impls: list[PatternRule | CodeRule] = []
        rules_by_code: dict[str, Rule] = {}
        use_model = _model_on(cfg)
        self._model_thresholds = _model_thresholds(cfg) if use_model else {}
        for impl in rules.impls:
            rule = impl.rule
            if not is_selected(rule, cfg.select, cfg.ignore, cfg.extend_select):
                continue
            if getattr(impl, "learned", False) and not use_model:
                continue
            missing = [r for r in rule.requires if r not in available]
            if missing:
                self.notices.append(
                    f"rule {rule.code} ({rule.name}) skipped: needs {', '.join(missing)} "
                    "from the pipeline"
                )
                continue
            impls.append(impl)
            rules_by_code[rule.code] = _override(rule, overrides)
        self._rules = rules_by_code
        self._impls = {impl.rule.code: impl for impl in impls}
        self._allow = _allow_pattern(cfg.allow)
        self._file_ignores: dict[str | None, frozenset[str]] = {}
        # Simple patterns (nearly all) go to FastMatcher, indexed by their words; the rest to
        # spaCy's Matcher. spaCy validates every pattern either way. Phrases become NORM
        # patterns too (what a PhraseMatcher on NORM would match), tokenized in one Doc.
        self._matcher_full = Matcher(self.nlp.vocab)
        self._code_rules = [
            impl
            for impl in impls
            if not isinstance(impl, PatternRule)
            and impl.rule.code not in (UNUSED_DIRECTIVE, MISSING_STEP)
        ]
        cache_key = _matcher_cache_key(rules, impls, self._tokenizer_only)
        cached = _load_matchers(cache_key)
        if cached is not None:
            self._fast, full = cached
            self._fast.attach(self.nlp.vocab.strings)
        else:
            self._fast, full = self._compile_matchers(impls)
            _save_matchers(cache_key, self._fast, full)
        for code, patterns in full:
            self._matcher_full.add(code, patterns)
        self._lock = threading.Lock()

    def _compile_matchers(
        self, impls: list[PatternRule | CodeRule]
    ) -> tuple[FastMatcher, list[tuple[str, list[list[dict[str, Any]]]]]]:
        """FastMatcher for the simple patterns (nearly all) and the rest for spaCy's Matcher.
        spaCy validates every pattern either way. Phrases become NORM patterns too (what a
        PhraseMatcher on NORM would match), tokenized in one Doc."""
        fast = FastMatcher(self.nlp.vocab.strings)
        full: list[tuple[str, list[list[dict[str, Any]]]]] = []
        phrases: list[tuple[str, str]] = []
        for impl in impls:
            if isinstance(impl, PatternRule):
                if impl.patterns:
                    _validate_patterns(impl)
                    rest = [list(p) for p in impl.patterns if not fast.add(impl.rule.code, p)]
                    if rest:
                        full.append((impl.rule.code, rest))
                phrases.extend((impl.rule.code, p) for p in impl.phrases)
        for code, norms in _phrase_norms(self.nlp, phrases):
            pattern = [{"NORM": n} for n in norms]
            if not fast.add(code, pattern):
                full.append((code, [pattern]))
        return fast, full

    @property
    def rules(self) -> list[Rule]:
        """The rules in force (after selection and severity overrides), ordered by code."""
        return [self._rules[c] for c in sorted(self._rules)]

    # -- public API -------------------------------------------------------------------------

    def lint(
        self, source: str | Document, *, path: str | None = None, input_format: str | None = None
    ) -> LintResult:
        """Lint one draft and return its findings (a ``list``; its ``notices`` say what is worth
        knowing about the draft, see :mod:`apologylint.notices`; its ``verdict`` is ``"pass"``
        or ``"fail"`` under the configured ``fail-on`` level). A string is read as
        ``input_format`` (``text`` by default; ``template``, ``markdown``, ``html``, ``email``,
        …); ``path`` only names it."""
        if isinstance(source, str) and input_format is not None:
            from .readers import read_string

            source = read_string(source, input_format, path=path)
        return next(iter(self.lint_many([source], path=path)))

    def lint_many(
        self, sources: Iterable[str | Document], *, path: str | None = None
    ) -> Iterator[LintResult]:
        """Lint many drafts, batched through ``nlp.pipe``; yields one list per input, in order
        (each with the draft's ``notices``)."""
        batch: list[Document] = []
        for source in sources:
            batch.append(self._document(source, path))
            if len(batch) >= self.batch_size:
                yield from self._lint_batch(batch)
                batch = []
        if batch:
            yield from self._lint_batch(batch)

    def explain_matches(self, source: str | Document) -> list[dict[str, Any]]:
        """Every candidate match with the guard that vetoed it (``None`` if it was reported)."""
        document = self._document(source, None)
        out = []
        for chunk, hits in self._analyse([document], keep_vetoed=True):
            for hit in hits:
                finding = self._finding(document, chunk, hit)
                out.append(
                    {
                        "code": hit.rule.code,
                        "name": hit.rule.name,
                        "text": finding.text,
                        "line": finding.line,
                        "column": finding.column,
                        "vetoed_by": hit.vetoed_by,
                    }
                )
        return out

    # -- recovery completeness ---------------------------------------------------------------

    def _elements_linter(self) -> Linter:
        linter = getattr(self, "_element_linter", None)
        if linter is None:
            from .recovery import element_rules

            with self._lock:
                linter = getattr(self, "_element_linter", None)
                if linter is None:
                    linter = Linter(
                        config=Config(),
                        select=["ALL"],
                        rules=RuleSet(list(element_rules())),
                        nlp=self.nlp,
                    )
                    self._element_linter = linter
        return linter

    def elements(self, source: str | Document) -> dict[str, list[Any]]:
        """Evidence of each recovery element in ``source`` (exact offsets); an apology that a
        fake-, scripted- or non-apology finding overlaps does not count."""
        from .recovery import detect_elements

        document = self._document(source, None)
        found = self._elements_linter().lint(document)
        # what disqualifies an apology, without RC100 findings (which would call back in here)
        lint_findings = (
            next(self._lint_batch([document], recovery=False))
            if any(f.message == "apology" for f in found)
            else []
        )
        return detect_elements(found, lint_findings)

    def assess(self, source: str | Document, framework: str = "aware") -> Any:
        """Judge one reply under a framework (a name, or a loaded ``Profile``): per step
        ``present``/``missing``/``not-checkable`` with evidence, and the score."""
        from .recovery import Profile, assess

        profile = framework if isinstance(framework, Profile) else self.profile(framework)
        document = self._document(source, None)
        start, line, column = _reply_start(document)
        return assess(
            profile,
            self.elements(document),
            path=document.path,
            record=document.record,
            start=start,
            line=line,
            column=column,
        )

    def profile(self, name: str) -> Any:
        """A framework profile by name (built-in, plugin, or the config's ``profiles``)."""
        from .recovery import UnknownFramework

        profiles = self.profiles()
        if name not in profiles:
            import difflib

            close = difflib.get_close_matches(name, list(profiles), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise UnknownFramework(
                f"unknown framework {name!r}{hint}; known: {', '.join(sorted(profiles))}"
            )
        return profiles[name]

    def profiles(self) -> dict[str, Any]:
        cached = getattr(self, "_profiles", None)
        if cached is None:
            from .recovery import load_profiles

            cached = load_profiles([self.config.resolve(p) for p in self.config.profiles])
            self._profiles = cached
        return cached

    def debug_report(self, source: str | Document) -> str:
        """A human-readable account of how ``source`` is read and matched (``apologylint
        debug``): what is masked, the tokens, sentences, quoted spans, and every candidate
        match with the guard that vetoed it."""
        document = self._document(source, None)
        out: list[str] = []
        for d in document.directives:
            out.append(f"directive  line {d.line}: {d.kind} {','.join(d.selectors) or '(all)'}")
        for seg in document.segments:
            view = TextView(seg.text)
            masked = sum(1 for a, b in zip(document.source[seg.offset :], seg.text) if a != b)
            out.append(
                f"segment at offset {seg.offset}: {len(seg.text)} chars, {masked} masked "
                "or blanked (placeholders, quotes, signatures, directives)"
            )
            out.append("linted view: " + view.text)
            doc = self.nlp.make_doc(view.text)
            out.append(
                "tokens: "
                + " ".join(t.text if t.norm_ == t.lower_ else f"{t.text}[{t.norm_}]" for t in doc)
            )
            ctx = Context(view.text, view.breaks)
            for i, (a, b) in enumerate(ctx.sentences, 1):
                out.append(f"sentence {i}: {view.text[a:b]}")
            for a, b in ctx.quoted:
                out.append(f"quoted (not linted): {view.text[a:b]}")
        matches = self.explain_matches(document)
        if not matches:
            out.append("no rule matched")
        for m in matches:
            verdict = f"vetoed by {m['vetoed_by']}" if m["vetoed_by"] else "reported"
            out.append(
                f"match {m['code']} {m['name']} {m['line']}:{m['column']} {m['text']!r}: {verdict}"
            )
        return "\n".join(out)

    # -- internals --------------------------------------------------------------------------

    @staticmethod
    def _document(source: str | Document, path: str | None) -> Document:
        if isinstance(source, Document):
            return check_unicode(source)
        if isinstance(source, str):
            return check_unicode(read_text(source, path=path))
        raise TypeError(f"lint() takes a str or a Document, not {type(source).__name__}")

    def _lint_batch(
        self, documents: list[Document], *, recovery: bool = True
    ) -> Iterator[LintResult]:
        results: list[list[Finding]] = [[] for _ in documents]
        # Per draft, the reader's notices; a check that has something to say about a draft
        # (not a finding) appends a message to its list.
        notices: list[list[str]] = [list(d.notices) for d in documents]
        for chunk, hits in self._analyse(documents):
            document = documents[chunk.doc_index]
            results[chunk.doc_index].extend(self._finding(document, chunk, h) for h in hits)
        for document, findings, notes in zip(documents, results, notices):
            notes += _draft_notices(document)
            extra = self._recovery_findings(document) if recovery else []
            findings = self._filter(document, findings + extra)
            findings.sort(key=lambda f: (f.start, f.code))
            yield LintResult(findings, tuple(notes), fail_on=self.config.fail_on)

    def _filter(self, document: Document, findings: list[Finding]) -> list[Finding]:
        """Apply per-file ignores, the allow list and inline directives (then report unused)."""
        ignored = self._ignored_for(document.path)
        if ignored:
            findings = [f for f in findings if f.code not in ignored]
        if self._allow is not None and findings:
            findings = [f for f in findings if not _allowed(self._allow, document.source, f)]
        if not document.directives:
            return findings
        sup = Suppressions(document.directives)
        kept = [f for f in findings if not sup.suppressed(f.code, f.name, f.category, f.line)]
        rule = self._rules.get(UNUSED_DIRECTIVE)
        if rule is not None and UNUSED_DIRECTIVE not in ignored:
            for d in sup.unused():
                if not self._judgeable(d):
                    continue
                unused = self._directive_finding(document, d, rule)
                if not sup.suppressed(rule.code, rule.name, rule.category, unused.line, exclude=d):
                    kept.append(unused)
        return kept

    def _recovery_findings(self, document: Document) -> list[Finding]:
        """RC100 findings: one per missing step of the configured framework, per record, at the
        start of the reply's text."""
        rule = self._rules.get(MISSING_STEP)
        if rule is None or not self.config.recovery:
            return []
        out = []
        for part in split_records(document):
            report = self.assess(part, self.config.recovery)
            for step in report.missing:
                message = rule.message.format(framework=report.title, step=step.name)
                if step.advice:
                    message += f": {step.advice}"
                out.append(
                    _finding_at(
                        rule, document, report.start, report.start, "", message, part.record
                    )
                )
        return out

    def _ignored_for(self, path: str | None) -> frozenset[str]:
        cached = self._file_ignores.get(path)
        if cached is None:
            cfg = self.config
            ignore = cfg.ignores_for(path)
            cached = (
                frozenset()
                if len(ignore) == len(cfg.ignore)
                else frozenset(
                    code
                    for code, rule in self._rules.items()
                    if not is_selected(rule, cfg.select, ignore, cfg.extend_select)
                )
            )
            self._file_ignores[path] = cached
        return cached

    def _judgeable(self, d: Directive) -> bool:
        """An unused directive is reported only when every rule it names is in force here
        (a directive for a rule that is not selected may be needed elsewhere)."""
        if not d.selectors:
            return True
        names_known = [s for s in d.selectors if any(d_names(s, r) for r in self.ruleset.rules)]
        if len(names_known) < len(d.selectors):
            return True  # names no known rule: certainly unused
        return all(any(d_names(s, r) for r in self._rules.values()) for s in d.selectors)

    def _directive_finding(self, document: Document, d: Directive, rule: Rule) -> Finding:
        known = all(any(d_names(s, r) for r in self.ruleset.rules) for s in d.selectors)
        what = "suppresses nothing" if known else "names no known rule"
        message = rule.message.replace("{match}", d.text.strip()) + f" ({what})"
        text = document.source[d.start : d.end]
        return _finding_at(rule, document, d.start, d.end, text, message, document.record)

    def _analyse(
        self, documents: list[Document], keep_vetoed: bool = False
    ) -> Iterator[tuple[_Chunk, list[_Hit]]]:
        chunks = (c for i, d in enumerate(documents) for c in _chunks(i, d))
        out: list[tuple[_Chunk, list[_Hit]]] = []
        # Inside one memory zone (spaCy forgets the words it met there, so a long-running
        # process does not grow), a batch of chunks at a time: each batch's Docs are dropped
        # before the next is made. Nothing made by spaCy leaves the zone.
        with _zone(self.nlp):
            while batch := list(itertools.islice(chunks, max(1, self.batch_size))):
                views = [TextView(c.text) for c in batch]
                docs = (
                    self.nlp.pipe(v.text for v in views)
                    if not self._tokenizer_only
                    else (self.nlp.make_doc(v.text) for v in views)
                )
                for chunk, view, doc in zip(batch, views, docs):
                    kept = self._chunk_hits(doc, view, chunk.offset, keep_vetoed)
                    if kept:
                        out.append((chunk, kept))
                del views, docs
        return iter(out)

    def _chunk_hits(self, doc: Doc, view: TextView, offset: int, keep_vetoed: bool) -> list[_Hit]:
        hits = self._raw_hits(doc)
        if not hits and not self._code_rules:
            return []
        ctx = Context(view.text, view.breaks)
        hits.extend(self._code_hits(doc, ctx))
        if not hits:
            return []
        return [
            replace(
                h,
                start=view.to_segment(h.start) + offset,
                end=view.to_segment_end(h.end) + offset,
            )
            for h in _resolve(self._guard(hits, ctx), keep_vetoed)
        ]

    def _code_hits(self, doc: Doc, ctx: Context) -> list[_Hit]:
        """The code rules' matches in ``doc`` (a model-backed one only above its threshold)."""
        hits: list[_Hit] = []
        for rule_impl in self._code_rules:
            rule = self._rules[rule_impl.rule.code]
            hits.extend(
                _Hit(rule, m.start, m.end, m.message, None, m.confidence, m.suggestion)
                for m in rule_impl.check(doc, ctx)
                if m.confidence is None
                or m.confidence >= self._model_thresholds.get(rule.category, 1.0)
            )
        return hits

    def _raw_hits(self, doc: Doc) -> list[_Hit]:
        hits: list[_Hit] = []
        strings = self.nlp.vocab.strings
        matches: list[tuple[Any, int, int]] = list(self._fast(doc))
        if len(self._matcher_full):
            matches.extend(self._matcher_full(doc))
        for match_id, s, e in matches:
            rule = self._rules[match_id if isinstance(match_id, str) else strings[match_id]]
            last = doc[e - 1]
            hits.append(_Hit(rule, doc[s].idx, last.idx + len(last), None))
        return hits

    def _guard(self, hits: list[_Hit], ctx: Context) -> list[_Hit]:
        out = []
        for hit in hits:
            impl = self._impls[hit.rule.code]
            veto = None
            if not impl.match_in_quotes and ctx.in_quotes(hit.start, hit.end):
                veto = "quoted"
            if veto is None:
                for name in hit.rule.guards:
                    if GUARDS[name](ctx, hit.start, hit.end):
                        veto = name
                        break
            if veto is None and isinstance(impl, PatternRule):
                if impl.unless_followed_by:
                    after = ctx.after(hit.end)
                    if any(p.search(after) for p in impl.unless_followed_by):
                        veto = "unless_followed_by"
                if veto is None and impl.unless_preceded_by:
                    before = ctx.before(hit.start)
                    if any(p.search(before) for p in impl.unless_preceded_by):
                        veto = "unless_preceded_by"
            out.append(hit if veto is None else replace(hit, vetoed_by=veto))
        return out

    def _finding(self, document: Document, chunk: _Chunk, hit: _Hit) -> Finding:
        seg = chunk.segment
        start = seg.to_source(hit.start)
        end = seg.to_source_end(hit.end)
        text = document.source[start:end] if seg.starts is None else seg.text[hit.start : hit.end]
        rule = hit.rule
        message = (hit.message or rule.message).replace("{match}", " ".join(text.split()))
        finding = _finding_at(
            rule, document, start, end, text, message, seg.record or document.record
        )
        if hit.suggestion is not None:
            finding = replace(finding, suggestion=hit.suggestion)
        return finding if hit.confidence is None else replace(finding, confidence=hit.confidence)


def _finding_at(
    rule: Rule,
    document: Document,
    start: int,
    end: int,
    text: str,
    message: str,
    record: str | None,
) -> Finding:
    """A finding of ``rule`` over ``document.source[start:end]``, with its line and column."""
    line, column = document.position(start)
    end_line, end_column = document.position(end)
    return Finding(
        code=rule.code,
        name=rule.name,
        category=rule.category,
        severity=rule.severity,
        message=message,
        suggestion=rule.suggestion,
        text=text,
        start=start,
        end=end,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        path=document.path,
        record=record,
    )


def _resolve(hits: list[_Hit], keep_vetoed: bool) -> list[_Hit]:
    """One finding per overlapping span within a category: the earliest, then the longest. A
    model finding is dropped where a rule finding of its category overlaps its sentence."""
    live = sorted(
        (h for h in hits if h.vetoed_by is None),
        key=lambda h: (h.start, -(h.end - h.start), h.rule.code),
    )
    if any(h.confidence is not None for h in live):
        ruled = [h for h in live if h.confidence is None]
        live = [
            h
            for h in live
            if h.confidence is None
            or not any(
                r.rule.category == h.rule.category and r.start < h.end and h.start < r.end
                for r in ruled
            )
        ]
    kept: list[_Hit] = []
    last_end: dict[tuple[str, str], int] = {}
    for hit in live:
        # element detectors share one category: each element's evidence is resolved on its own
        key = (hit.rule.category, hit.rule.message if hit.rule.category == "element" else "")
        if hit.start < last_end.get(key, -1):
            continue
        kept.append(hit)
        last_end[key] = hit.end
    if keep_vetoed:
        kept.extend(h for h in hits if h.vetoed_by is not None)
    return kept


_IN_ZONE = threading.local()
_ZONE_LOCKS: dict[int, threading.Lock] = {}
_ZONE_LOCKS_LOCK = threading.Lock()


#: Strings a pipeline keeps for good before linting moves into memory zones (a few MB).
PERMANENT_STRINGS = 30_000


@contextlib.contextmanager
def _zone(nlp: Language) -> Iterator[None]:
    """One lint at a time in a memory zone of ``nlp`` (zones must not overlap or nest; Linters
    that share a pipeline share its lock). A lint started from inside one joins it."""
    inside: set[int] = _IN_ZONE.__dict__.setdefault("nlps", set())
    key = id(nlp)
    if key in inside:
        yield
        return
    if len(nlp.vocab.strings) < PERMANENT_STRINGS:
        # Until the store holds this many strings, words are kept: in a zone spaCy makes every
        # word and tokenizer-cache entry anew for each lint (tokenizing costs 2-3x), and the
        # words of the first thousands of drafts (the common ones) are worth keeping. Past
        # it, lints run in zones and the store stops growing.
        yield
        return
    with _ZONE_LOCKS_LOCK:
        lock = _ZONE_LOCKS.setdefault(key, threading.Lock())
    with lock:
        inside.add(key)
        try:
            with nlp.memory_zone() if hasattr(nlp, "memory_zone") else contextlib.nullcontext():
                yield
        finally:
            inside.discard(key)


def _chunks(doc_index: int, document: Document) -> Iterator[_Chunk]:
    for segment in document.segments:
        text = segment.text
        if len(text) <= CHUNK_CHARS:
            yield _Chunk(doc_index, segment, 0, text)
            continue
        pos = 0
        while pos < len(text):
            end = min(pos + CHUNK_CHARS, len(text))
            if end < len(text):
                window = text[pos + CHUNK_CHARS // 2 : end]
                for sep in ("\n\n", ". ", "\n", " "):
                    cut = window.rfind(sep)
                    if cut != -1:
                        end = pos + CHUNK_CHARS // 2 + cut + len(sep)
                        break
            yield _Chunk(doc_index, segment, pos, text[pos:end])
            pos = end


def split_records(document: Document) -> list[Document]:
    """One Document per record of a collection (the document itself when it has none)."""
    records: dict[str | None, list[Segment]] = {}
    for seg in document.segments:
        records.setdefault(seg.record or document.record, []).append(seg)
    if len(records) <= 1:
        return [document]
    return [
        replace(document, segments=tuple(segs), record=record) for record, segs in records.items()
    ]


def _matcher_cache_key(rules: RuleSet, impls: list[Any], blank: bool) -> str | None:
    """Compiled matchers depend only on the rules in force and the tokenizer (phrases are
    tokenized): cache them for the stock pipeline, keyed by the rules' fingerprint."""
    if not blank:
        return None
    import hashlib

    from spacy import about

    from ._version import __version__

    h = hashlib.sha256(f"{__version__}|{about.__version__}|{rules.fingerprint()}|".encode())
    h.update(",".join(sorted(impl.rule.code for impl in impls)).encode())
    return h.hexdigest()[:24]


def _load_matchers(key: str | None) -> Any:
    from .registry import cache_dir

    folder = cache_dir()
    if key is None or folder is None:
        return None
    from .signing import load_pickle

    try:
        # Only an entry signed with this user's key is unpickled: the cache folder may have
        # been restored from somewhere else (a CI cache of an untrusted branch).
        fast, full = load_pickle(folder / f"matchers-{key}.pickle")
        if not isinstance(fast, FastMatcher):
            return None
        return fast, full
    except Exception:  # missing, damaged or foreign: a miss, never an error
        return None


def _save_matchers(key: str | None, fast: FastMatcher, full: list[Any]) -> None:
    from .registry import cache_dir

    folder = cache_dir()
    if key is None or folder is None:
        return
    from .signing import dump_pickle

    try:
        path = folder / f"matchers-{key}.pickle"
        dump_pickle(path, (fast, full))
        # Keep the most recent few: each distinct rule selection has an entry of its own.
        entries = sorted(folder.glob("matchers-*.pickle"), key=lambda p: p.stat().st_mtime)
        for stale in entries[:-_MATCHER_CACHE_ENTRIES]:
            stale.unlink(missing_ok=True)
    except Exception:  # read-only home, full disk: run without the cache
        return


_MATCHER_CACHE_ENTRIES = 8


def _phrase_norms(nlp: Language, phrases: list[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    """Each phrase's token norms, tokenized as one Doc (one line per phrase): building a Doc per
    phrase would cost more than the rest of the Linter together."""
    out: list[tuple[str, list[str]]] = []
    clean = [(code, " ".join(p.split())) for code, p in phrases if p.split()]
    if not clean:
        return out
    doc = nlp.make_doc("\n".join(p for _, p in clean))
    norms: list[str] = []
    i = 0
    for token in doc:
        if token.is_space and "\n" in token.text:
            out.append((clean[i][0], norms))
            norms = []
            i += 1
        else:
            norms.append(token.norm_)
    out.append((clean[i][0], norms))
    return out


def _reply_start(document: Document) -> tuple[int, int, int]:
    """Source offset, line and column of the first lintable character of a reply."""
    for seg in document.segments:
        stripped = len(seg.text) - len(seg.text.lstrip())
        if stripped < len(seg.text):
            offset = seg.to_source(stripped)
            return (offset, *document.position(offset))
    return 0, 1, 1


def _validate_patterns(impl: PatternRule) -> None:
    """spaCy's own validation of a rule's token patterns, as a RulePackError naming the rule."""
    from spacy.schemas import validate_token_pattern

    for i, pattern in enumerate(impl.patterns):
        errors = validate_token_pattern(list(pattern))
        if errors:
            raise RulePackError(
                impl.rule.source,
                f"invalid token pattern {i + 1}: "
                + "; ".join(" ".join(str(e).split()) for e in errors[:3]),
                rule=impl.rule.code,
                field="patterns",
            )


def _draft_notices(document: Document) -> list[str]:
    """What a reader of the findings should know about this draft: that it was not checked
    (not English: no finding would not mean all clear), or that a directive names a retired
    code."""
    from .aliases import aliases_in
    from .language import language_problem
    from .notices import not_checked

    out = []
    texts: dict[str | None, list[str]] = {}
    for seg in document.segments:
        texts.setdefault(seg.record, []).append(seg.text)
    for record, parts in texts.items():
        problem = language_problem(parts)
        if problem is not None:
            out.append(not_checked(problem, record))
    for d in document.directives:
        out += [a.notice(f"the directive on line {d.line}") for a in aliases_in(d.selectors)]
    return out


def d_names(selector: str, rule: Rule) -> bool:
    return Directive(
        kind="disable", selectors=(selector,), start=0, end=0, line=0, end_line=0, text=""
    ).names(rule.code, rule.name, rule.category)


def _allow_pattern(phrases: Sequence[str]) -> re.Pattern[str] | None:
    """One regex for the allow list: case-insensitive, on token boundaries, any whitespace."""
    if not phrases:
        return None
    alts = sorted(
        (r"\s+".join(re.escape(w) for w in p.split()) for p in phrases if p.split()),
        key=len,
        reverse=True,
    )
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)", re.IGNORECASE)


def _allowed(pattern: re.Pattern[str], source: str, f: Finding) -> bool:
    for m in pattern.finditer(source):
        if m.start() <= f.start and f.end <= m.end():
            return True
        if m.start() > f.start:
            break
    return False


def _override(rule: Rule, overrides: list[tuple[str, Severity]]) -> Rule:
    from dataclasses import replace

    from .selection import specificity

    best = -1
    level = None
    for selector, sev in overrides:
        spec = specificity(selector, rule)
        if spec > best:
            best, level = spec, sev
    return replace(rule, severity=level) if level is not None else rule


def _model_on(cfg: Config) -> bool:
    """Whether the learned second opinion runs: ``model`` in config or the API, else the
    package's default; never when no trained model ships with this installation."""
    from . import model

    if not model.available():
        return False
    return cfg.model if cfg.model is not None else model.default_on()


def _model_thresholds(cfg: Config) -> dict[str, float]:
    from .model import default_thresholds

    return {**default_thresholds(), **cfg.model_threshold}


def _annotations(nlp: Language) -> set[str]:
    provided = {"tokens"}
    for _, component in nlp.pipeline:
        name = type(component).__name__.lower()
        provided.update(
            {
                "tagger": {"tag", "pos"},
                "morphologizer": {"pos", "morph"},
                "lemmatizer": {"lemma"},
                "parser": {"dep"},
                "entityrecognizer": {"ents"},
                "editabletrainablelemmatizer": {"lemma"},
                "attributeruler": {"pos", "tag"},
            }.get(name, set())
        )
    return provided

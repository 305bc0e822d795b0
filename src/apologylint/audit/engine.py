"""Judging replies in batches: the findings of each, and for replies to complaints the recovery
steps they miss. The same function serves the in-process run, its worker processes and Spark's
Python workers, so every engine gives the same answer."""

from __future__ import annotations

import itertools
import re
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ..document import Document
from ..findings import Finding
from ..run import _Progress as BaseProgress
from .records import Reply

#: Replies handed to the Linter at a time (each batch is linted inside one spaCy memory zone).
BATCH = 256

# Only a reply with one of these words can hold an apology; the others skip element detection.
_APOLOGY_WORD = re.compile(r"(?i)\b(?:sorry|apolog|regret)")
_APOLOGY_CATEGORIES = frozenset({"fake-apology", "non-apology", "scripted-apology"})

#: One item to judge: (id, text, is_html).
Item = tuple[str, str, bool]
#: What judging gives per item: its findings, and the missing recovery steps when the reply
#: answers a complaint (``None`` when it does not).
Verdict = tuple[list[Finding], tuple[str, ...] | None]


def document_for(item: Item) -> Document:
    """The Document of one reply: plain text (quoted history and signature left out) or HTML."""
    rid, text, html = item
    if html:
        from ..readers.html import read_html

        return read_html(text, record=rid)
    from ..readers.plain import read_text

    return read_text(text, record=rid)


def judge(linter: Any, items: Sequence[Item], framework: str | None = "aware") -> list[Verdict]:
    """Lint ``items`` in one batch; for replies to complaints (a reply that apologises, or
    holds a fake, scripted or taken-back apology) assess ``framework`` and list its missing
    steps. ``framework=None`` skips the assessment."""
    docs = [document_for(i) for i in items]
    results = [list(r) for r in linter.lint_many(docs)]
    missing: list[tuple[str, ...] | None] = [None] * len(docs)
    if framework:
        from ..recovery import assess, detect_elements

        profile = linter.profile(framework)
        candidates = [
            k
            for k, (item, found) in enumerate(zip(items, results))
            if _APOLOGY_WORD.search(item[1])
            or any(f.category in _APOLOGY_CATEGORIES for f in found)
        ]
        if candidates:
            elements = linter._elements_linter()
            element_results = elements.lint_many([docs[k] for k in candidates])
            for k, found in zip(candidates, element_results):
                apologises = any(f.message == "apology" for f in found)
                if not apologises and not any(
                    f.category in _APOLOGY_CATEGORIES for f in results[k]
                ):
                    continue
                report = assess(profile, detect_elements(found, results[k]))
                missing[k] = tuple(s.name for s in report.missing)
    return list(zip(results, missing))


def judge_replies(
    replies: Iterable[Reply],
    linter_factory: Any,
    *,
    framework: str | None = "aware",
    jobs: int = 1,
    progress: bool = False,
) -> Iterator[tuple[Reply, list[Finding], tuple[str, ...] | None]]:
    """Judge a stream of replies in order, a batch at a time; ``jobs > 1`` spreads the batches
    over worker processes (each builds its own Linter with ``linter_factory``, which must be
    picklable). Memory stays bounded: at most ``2 × jobs`` batches are in flight."""
    bar = _Progress(progress)
    batches = _batched(replies, BATCH)
    try:
        if jobs <= 1:
            linter = linter_factory()
            for batch in batches:
                verdicts = judge(linter, [(r.id, r.text, r.html) for r in batch], framework)
                for reply, (found, miss) in zip(batch, verdicts):
                    yield reply, found, miss
                bar.advance(len(batch))
            return
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(
            max_workers=jobs, initializer=_init_worker, initargs=(linter_factory, framework)
        ) as pool:
            pending: list[tuple[list[Reply], Any]] = []
            for batch in batches:
                pending.append(
                    (batch, pool.submit(_worker_judge, [(r.id, r.text, r.html) for r in batch]))
                )
                while len(pending) >= 2 * jobs:
                    yield from _drain(pending.pop(0), bar)
            while pending:
                yield from _drain(pending.pop(0), bar)
    finally:
        bar.close()


def _drain(entry: tuple[list[Reply], Any], bar: _Progress) -> Iterator[Any]:
    batch, future = entry
    for reply, (found, miss) in zip(batch, future.result()):
        yield reply, found, miss
    bar.advance(len(batch))


_WORKER: dict[str, Any] = {}


def _init_worker(factory: Any, framework: str | None) -> None:
    _WORKER["linter"] = factory()
    _WORKER["framework"] = framework


def _worker_judge(items: list[Item]) -> list[Verdict]:
    return judge(_WORKER["linter"], items, _WORKER["framework"])


def _batched(items: Iterable[Reply], n: int) -> Iterator[list[Reply]]:
    it = iter(items)
    while batch := list(itertools.islice(it, n)):
        yield batch


class _Progress(BaseProgress):
    """Replies done and the rate, on stderr, only on a terminal (the total is not known until
    a streamed archive ends)."""

    def __init__(self, enabled: bool) -> None:
        super().__init__(1 if enabled else 0)
        self.last = 0.0

    def advance(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if not self.enabled or now - self.last < 0.5:
            return
        self.last = now
        self.shown = True
        rate = self.done / max(now - self.start, 1e-9)
        sys.stderr.write(f"\raudited {self.done:,} replies ({rate:,.0f}/s)")
        sys.stderr.flush()


class LinterFactory:
    """Builds the Linter for an audit (picklable: worker processes build their own)."""

    def __init__(self, config: Any = None) -> None:
        self.config = config

    def __call__(self) -> Any:
        from ..linter import Linter

        return Linter(config=self.config)

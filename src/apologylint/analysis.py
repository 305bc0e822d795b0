"""What rules see besides tokens: sentences, quoted spans and the text around a match.

spaCy turns every newline and every run of extra spaces into a whitespace token, which would stop
"I'm sorry if\\nyou feel" from matching. So the linter hands spaCy a *view* of each segment in
which every whitespace run is a single space, and keeps the breakpoints to map back. Paragraph
breaks are remembered so that sentence splitting still sees them. Everything in this module is in
the coordinates of that view ("Doc character coordinates").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

_WS_RUN = re.compile(r"\s{2,}|[^\S ]")
# A newline run with a blank line in it is a paragraph break; a single newline followed by a
# capital, a bullet or a digit starts a new line of its own ("Hi Sam,\nSorry" does not: comma).
_PARA = re.compile(r"\n[ \t\r\u00a0]*\n")
_LINE_START = re.compile(r"[A-Z0-9\-*•–—]")


class TextView:
    """A segment's text with whitespace runs collapsed, and the map back to the segment."""

    __slots__ = ("text", "_doc_points", "_seg_points", "breaks")

    def __init__(self, seg_text: str) -> None:
        pieces: list[str] = []
        doc_points = [0]
        seg_points = [0]
        breaks: list[int] = []
        pos = 0
        dpos = 0
        for m in _WS_RUN.finditer(seg_text):
            s, e = m.start(), m.end()
            pieces.append(seg_text[pos:s])
            dpos += s - pos
            run = seg_text[s:e]
            if "\n" in run and dpos > 0 and e < len(seg_text):
                prev = seg_text[s - 1] if s else ""
                nxt = seg_text[e] if e < len(seg_text) else ""
                if _PARA.search(run) or (prev not in ",;:(" and _LINE_START.match(nxt or " ")):
                    breaks.append(dpos + 1)
            # Leading/trailing whitespace would become a token of its own.
            repl = "" if s == 0 or e == len(seg_text) else " "
            pieces.append(repl)
            dpos += len(repl)
            pos = e
            doc_points.append(dpos)
            seg_points.append(e)
        pieces.append(seg_text[pos:])
        self.text = _break_runs("".join(pieces))
        self._doc_points = doc_points
        self._seg_points = seg_points
        self.breaks = breaks

    def to_segment(self, i: int) -> int:
        """Segment index of view index ``i`` (for a character that is not collapsed space)."""
        k = bisect.bisect_right(self._doc_points, i) - 1
        return self._seg_points[k] + (i - self._doc_points[k])

    def to_segment_end(self, i: int) -> int:
        """Segment index just after view character ``i - 1``."""
        return self.to_segment(i - 1) + 1 if i > 0 else self.to_segment(0)


#: spaCy's tokenizer strips prefixes and suffixes one at a time, copying what is left each
#: time: quadratic in the length of a run of "!", "(", quotes, emoji or "{%". No real word is
#: this long, so the view puts a space in place of every ``RUN``-th character of such a run.
RUN = 256
#: Runs of punctuation and symbols cost spaCy far more per character (a run of apostrophes
#: about 5 µs a character even in short pieces), so from ``PUNCT_RUN`` characters on, every
#: third one becomes a space (pieces of two). Shorter runs ("!!!", "...", "?!") stay as written.
PUNCT_RUN = 16
_PUNCT_RUN = re.compile(rf"[^\w\s]{{{PUNCT_RUN},}}")
_LONG_RUN = re.compile(rf"\S{{{RUN + 1},}}")


def _break_runs(text: str) -> str:
    """``text`` with spaces in place of some characters of long punctuation runs and of very
    long non-space runs. The length does not change, so no offset moves."""
    if _PUNCT_RUN.search(text) is None and _LONG_RUN.search(text) is None:
        return text
    chars = list(text)
    for m in _PUNCT_RUN.finditer(text):
        for cut in range(m.start() + 2, m.end() - 1, 3):
            chars[cut] = " "
    text = "".join(chars)
    for m in _LONG_RUN.finditer(text):
        for cut in range(m.start() + RUN, m.end() - 1, RUN):
            chars[cut] = " "
    return "".join(chars)


_SENT_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?= |$)|[.!?]+(?=[A-Z][a-z])")
# Abbreviations whose period does not end a sentence.
_ABBREV = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|vs|approx|Mr|Mrs|Ms|Dr|St|No|Inc|Ltd|Co|a\.m|p\.m)|\b[A-Z])\.$"
)

_QUOTES = re.compile(
    r"“[^”\n]{1,400}”"
    r"|\"[^\"\n]{1,400}\""
    r"|‘[^’\n]{1,400}’(?!\w)"
    r"|«[^»\n]{1,400}»"
    # Straight single quotes are also apostrophes ("'90s", "customers' orders"): pair them
    # conservatively, short and not starting with a digit.
    r"|(?<![\w'’])'(?!\d)[^'\n]{2,120}'(?![\w'])"
)


def split_sentences(text: str, breaks: list[int] | tuple[int, ...] = ()) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``text`` (view coordinates), whitespace trimmed."""
    cuts = {b for b in breaks if 0 < b <= len(text)}
    for m in _SENT_END.finditer(text):
        end = m.end()
        if m.group().startswith(".") and _ABBREV.search(text, max(0, m.start() - 6), m.start() + 1):
            continue
        cuts.add(end)
    cuts.add(len(text))
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in sorted(cuts):
        if cut <= start:
            continue
        s, e = start, cut
        while s < e and text[s] == " ":
            s += 1
        while e > s and text[e - 1] == " ":
            e -= 1
        if e > s:
            spans.append((s, e))
        start = cut
    return spans


def quoted_spans(text: str, breaks: list[int] | tuple[int, ...] = ()) -> list[tuple[int, int]]:
    """Spans inside quotation marks (the customer's words quoted back), not crossing a break."""
    if not any(q in text for q in "\"“‘«'"):
        return []
    spans = []
    for m in _QUOTES.finditer(text):
        s, e = m.span()
        if any(s < b < e for b in breaks):
            continue
        if _whole_block(text, s, e, breaks):
            continue
        spans.append((s, e))
    return spans


def _whole_block(text: str, s: int, e: int, breaks: list[int] | tuple[int, ...]) -> bool:
    """Whether the quotation ``text[s:e]`` is the whole text or a whole paragraph or line (a
    reply wrapped in quote marks, as CSV exports store it) rather than someone's words quoted
    within the author's own: such a quotation is the author's text. One introduced by a colon
    ("You wrote:") is still a quotation."""
    bounds = sorted({0, len(text), *(b for b in breaks if 0 < b < len(text))})
    block_start = bounds[bisect.bisect_right(bounds, s) - 1]
    k = bisect.bisect_left(bounds, e)
    block_end = bounds[k] if k < len(bounds) else len(text)
    if text[block_start:s].strip() or text[e:block_end].strip(" .!?,;"):
        return False
    return not text[:block_start].rstrip().endswith(":")


#: The most that ``Context.before``/``rest``/``after`` hand a guard or a check, in characters.
#: Real sentences are far shorter; but 1 MB of "sorry but " is one sentence, and reading all of
#: it again for every match would make linting quadratic in the length of a sentence.
WINDOW = 500


@dataclass
class Context:
    """Per-doc facts that guards and code rules need, computed lazily, in view coordinates."""

    text: str
    breaks: list[int] = field(default_factory=list)
    _sentences: list[tuple[int, int]] | None = None
    _sent_starts: list[int] | None = None
    _quoted: list[tuple[int, int]] | None = None
    #: Results that several rules need, computed once per Doc (e.g. the apology words).
    memo: dict[str, Any] = field(default_factory=dict)

    @property
    def sentences(self) -> list[tuple[int, int]]:
        if self._sentences is None:
            self._sentences = split_sentences(self.text, self.breaks)
            self._sent_starts = [s for s, _ in self._sentences]
        return self._sentences

    def sentence_index(self, offset: int) -> int:
        sents = self.sentences
        assert self._sent_starts is not None
        i = bisect.bisect_right(self._sent_starts, offset) - 1
        return max(0, min(i, len(sents) - 1)) if sents else -1

    def sentence_at(self, offset: int) -> tuple[int, int]:
        i = self.sentence_index(offset)
        return self.sentences[i] if i >= 0 else (0, len(self.text))

    def before(self, start: int) -> str:
        """The text of the sentence before ``start`` (at most ``WINDOW`` characters of it)."""
        s, _ = self.sentence_at(start)
        return self.text[max(s, start - WINDOW) : start] if s <= start else ""

    def rest(self, end: int) -> str:
        """The rest of the sentence after ``end`` (at most ``WINDOW`` characters of it)."""
        i = self.sentence_index(max(0, end - 1))
        if i < 0:
            return self.text[end : end + WINDOW]
        return self.text[end : min(self.sentences[i][1], end + WINDOW)]

    def after(self, end: int, sentences: int = 1) -> str:
        """The rest of the sentence after ``end`` and the next ``sentences`` sentence(s), at
        most ``WINDOW`` characters per sentence asked for."""
        i = self.sentence_index(max(0, end - 1))
        if i < 0:
            return self.text[end : end + WINDOW]
        last = min(i + sentences, len(self.sentences) - 1)
        stop = min(self.sentences[last][1], end + WINDOW * max(1, sentences))
        return self.text[end:stop] if stop > end else ""

    @property
    def quoted(self) -> list[tuple[int, int]]:
        if self._quoted is None:
            self._quoted = quoted_spans(self.text, self.breaks)
        return self._quoted

    def in_quotes(self, start: int, end: int) -> bool:
        # Quoted spans are sorted and do not overlap: only the last one opening before
        # ``start`` can hold the match (a scan of all of them per match was quadratic).
        # A match that starts inside quotation marks is the customer's words even when a lax
        # pattern runs on past the closing mark ("… “sorry if you feel that way”. I'm sorry").
        quoted = self.quoted
        k = bisect.bisect_left(quoted, (start,)) - 1
        return k >= 0 and start < quoted[k][1]

    def iter_sentences(self) -> Iterator[tuple[int, int, str]]:
        for s, e in self.sentences:
            yield s, e, self.text[s:e]

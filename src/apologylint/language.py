"""Is a draft English? The rules only know English: a draft in another language would pass
with no finding, which reads as "all clear". Such a draft is reported as *not checked* instead.

The test is deliberately cheap and cautious: the share of a draft's first words that an English
lexicon knows (spaCy's English stop words plus the words most frequent in support replies,
``registry/frequent_words.txt``). Only lowercase words and capitalised words the lexicon knows
count, so names, product names, placeholders (masked as ``XXXX``), URLs, handles, e-mail
addresses, numbers and emoji neither help nor hurt; a draft with too few such words is not
judged at all. English prose, even terse, is mostly function words the lexicon knows; Spanish,
German or French prose shares few of them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import lru_cache

#: Fewer counted words than this and the draft is not judged (it is linted as English).
MIN_WORDS = 8
#: Below this share of known words (among the first ``SAMPLE`` counted), a draft is not English.
MIN_KNOWN_SHARE = 0.2
SAMPLE = 40

NOT_ENGLISH = "not English"

_CHUNK = re.compile(r"\S+")
_PLAIN = re.compile(r"\b[a-z]+\b")
_EDGES = "\"'()[]{}<>«»“”‘’*_.,;:!?¡¿…—–-"
# Contraction stems that are not words on their own ("don't" -> "don").
_STEMS = (
    "don doesn didn isn aren wasn weren won couldn wouldn shouldn hasn haven hadn mustn needn "
    "ain shan let"
)


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    from importlib.resources import files

    from spacy.lang.en.stop_words import STOP_WORDS

    text = (files("apologylint.registry") / "frequent_words.txt").read_text(encoding="utf-8")
    frequent = (w for w in text.splitlines() if w and not w.startswith("# ") and w.isalpha())
    return frozenset({*STOP_WORDS, *frequent, *_STEMS.split()})


def known_share(texts: str | Iterable[str]) -> tuple[int, int]:
    """``(known, counted)`` over the first ``SAMPLE`` words that count: words (with their
    contractions and hyphens) that are lowercase, or capitalised and known. Stops as soon as
    enough words are known for the draft to be English whatever follows: on the hot path, an
    English draft costs a dozen or two words."""
    lexicon = english_words()
    enough = math.ceil(MIN_KNOWN_SHARE * SAMPLE)
    known = counted = 0
    for text in (texts,) if isinstance(texts, str) else texts:
        for m in _CHUNK.finditer(text):
            token = m.group().strip(_EDGES)
            if not token[:1].isalpha():
                continue
            word = token.lower().replace("’", "'")
            if not word.replace("'", "").replace("-", "").isalpha():
                continue  # a link, an address, a handle, a file name, code, a number
            hit = (
                word in lexicon
                or word.split("'", 1)[0] in lexicon  # we're, don't
                or word.split("-", 1)[0] in lexicon  # follow-up, re-sent
            )
            if not hit and word[0] != token[0]:
                continue  # a capitalised name or product, a masked placeholder (XXXX)
            counted += 1
            known += hit
            if counted >= SAMPLE or known >= enough:
                return known, counted
    return known, counted


def language_problem(text: str | Iterable[str]) -> str | None:
    """``"not English"`` when the text (or the texts, read in order) is prose in another
    language, else ``None`` (English, or too little prose to tell)."""
    first = text if isinstance(text, str) else next(iter(text), "")
    # Fast path (nearly every draft): plain lowercase words at the start, mostly known.
    words = _PLAIN.findall(first, 0, 200)
    if len(words) >= 12 and 2 * len(english_words().intersection(words)) >= len(set(words)):
        return None
    known, counted = known_share(text)
    if counted >= MIN_WORDS and known < MIN_KNOWN_SHARE * counted:
        return NOT_ENGLISH
    return None


__all__ = ["NOT_ENGLISH", "english_words", "known_share", "language_problem"]

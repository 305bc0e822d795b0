"""The Doc's lower-cased token forms as hashes, computed once per Doc and shared by the code rules
that use them as a prefilter: a rule whose words are all absent from a draft returns before any
regex runs over it (a set intersection costs far less than scanning the text)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

_WORD_SETS: dict[tuple[int, tuple[str, ...]], frozenset[int]] = {}


def lower_tokens(doc: Any, ctx: Any) -> tuple[list[int], set[int]]:
    """The LOWER hash of every token, in order, and the set of them."""
    cached: tuple[list[int], set[int]] | None = ctx.memo.get("lower_tokens")
    if cached is None:
        from spacy.attrs import LOWER

        forms = doc.to_array(LOWER).tolist() if len(doc) else []
        cached = (forms, set(forms))
        ctx.memo["lower_tokens"] = cached
    return cached


def word_hashes(doc: Any, words: Iterable[str]) -> frozenset[int]:
    """The hashes of ``words`` in the Doc's string store (cached per store and word list)."""
    strings = doc.vocab.strings
    key = (id(strings), tuple(words))
    found = _WORD_SETS.get(key)
    if found is None:
        found = frozenset(strings[w] for w in key[1])
        _WORD_SETS[key] = found
    return found


def has_doc(doc: Any) -> bool:
    """Whether ``doc`` is a spaCy Doc (a direct call may pass None)."""
    return doc is not None and hasattr(doc, "to_array")


def lowered(text: str) -> str:
    """``text`` in lower case, the same length as ``text`` (offsets into one are offsets into
    the other): a character whose lower case is longer ("İ" becomes two code points) is kept as
    it is, instead of the whole draft going unread."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def token_prefilter(doc: Any, text: str) -> bool:
    """Whether a code rule may skip a draft by its token set: only with a Doc, and not when the
    draft has a Markdown link, which glues its text to its URL in one token."""
    return has_doc(doc) and "](" not in text

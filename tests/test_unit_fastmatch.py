"""Unit tests for registry/fastmatch.py: FastMatcher agrees with spaCy's Matcher on the simple
patterns it accepts and refuses the ones it cannot index."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from spacy.matcher import Matcher

from apologylint.registry.fastmatch import FastMatcher

NLP = spacy.blank("en")

PATTERNS: dict[str, list[dict[str, Any]]] = {
    "SORRY_IF": [{"LOWER": "sorry"}, {"LOWER": "if"}, {"LOWER": "you"}, {"LOWER": "feel"}],
    "APOLOGISE": [
        {"LOWER": {"IN": ["we", "i"]}},
        {"LOWER": {"IN": ["apologise", "apologize"]}},
        {"LOWER": "for", "OP": "?"},
        {"LOWER": "any"},
    ],
    "CALM": [{"LOWER": "calm"}, {"IS_ALPHA": True, "OP": "{0,2}"}, {"LOWER": "down"}],
}

TEXTS = [
    "I'm sorry if you feel that way.",
    "SORRY IF YOU FEEL upset",
    "We apologise for any trouble, and I apologize any delay.",
    "Please calm right down. Calm down. calm it all down",
    "Nothing to see here.",
    "",
]


def _spacy(texts: list[str]) -> list[set[tuple[str, int, int]]]:
    matcher = Matcher(NLP.vocab)
    for key, pattern in PATTERNS.items():
        matcher.add(key, [pattern], greedy="LONGEST")
    out = []
    for doc in NLP.pipe(texts):
        out.append({(NLP.vocab.strings[k], s, e) for k, s, e in matcher(doc)})
    return out


def test_fastmatcher_agrees_with_spacys_matcher() -> None:
    fast = FastMatcher(NLP.vocab.strings)
    for key, pattern in PATTERNS.items():
        assert fast.add(key, pattern), key
    assert len(fast) == len(PATTERNS)
    expected = _spacy(TEXTS)
    got = [set(fast(doc)) for doc in NLP.pipe(TEXTS)]
    assert got == expected
    assert any(got)  # the texts do match something


@pytest.mark.parametrize(
    "pattern",
    [
        [{"LOWER": "sorry", "OP": "+"}, {"TEXT": {"REGEX": "^a"}}],  # a regex: not simple
        [{"IS_ALPHA": True}, {"LOWER": "down"}],  # no literal word to start from
        [{"LOWER": "well", "OP": "?"}],  # every step optional
    ],
)
def test_patterns_it_cannot_index_are_left_to_spacy(pattern: list[dict[str, Any]]) -> None:
    fast = FastMatcher(NLP.vocab.strings)
    assert fast.add("X", pattern) is False
    assert len(fast) == 0


def test_a_pickled_matcher_works_once_attached() -> None:
    import pickle

    fast = FastMatcher(NLP.vocab.strings)
    fast.add("SORRY_IF", PATTERNS["SORRY_IF"])
    copy = pickle.loads(pickle.dumps(fast))
    copy.attach(NLP.vocab.strings)
    doc = NLP("sorry if you feel so")
    assert copy(doc) == fast(doc) == [("SORRY_IF", 0, 4)]

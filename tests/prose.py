"""Words that hypothesis strings together into reply-like prose for the position tests: accents,
emoji and CJK (columns are code points), punctuation that ends sentences, ordinary words."""

from __future__ import annotations

PROSE_WORDS = [
    "thanks",
    "order",
    "refund",
    "Olá",
    "café",
    "👋",
    "your",
    "parcel",
    "today,",
    "the",
    "team.",
    "ticket",
    "and",
    "we",
    "checked",
    "it!",
]

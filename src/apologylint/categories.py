"""The categories, their code prefixes and default severities (a public contract: README.md)."""

from __future__ import annotations

from .findings import Severity

#: category name -> (code prefix, default severity, one-line description)
CATEGORIES: dict[str, tuple[str, Severity, str]] = {
    "fake-apology": (
        "FA",
        Severity.ERROR,
        "apologises for the customer's feelings or a hypothetical, not for what happened",
    ),
    "non-apology": (
        "NA",
        Severity.ERROR,
        "an apology taken back by an excuse, a policy or blame shifted elsewhere",
    ),
    "defensive": (
        "DF",
        Severity.WARNING,
        "contradicts, blames or lectures the customer, or refuses fault",
    ),
    "sympathy": ("SY", Severity.WARNING, "distant pity that leaves the problem with the customer"),
    "dismissive": ("DM", Severity.WARNING, "a dead end or a cold hand-off with no way forward"),
    "scripted-apology": (
        "SA",
        Severity.INFO,
        "boilerplate apology that names no problem, or apologies stacked up",
    ),
    "recovery": ("RC", Severity.INFO, "a step of a service-recovery framework is missing"),
    "meta": ("AL", Severity.WARNING, "apologylint's own rules (e.g. an unused suppression)"),
}

#: Categories that are on by default (``recovery`` needs ``--recovery``; ``meta`` is always on).
CONTENT_CATEGORIES = (
    "fake-apology",
    "non-apology",
    "defensive",
    "sympathy",
    "dismissive",
    "scripted-apology",
)


def default_severity(category: str) -> Severity | None:
    entry = CATEGORIES.get(category)
    return entry[1] if entry else None


def prefix_of(category: str) -> str | None:
    entry = CATEGORIES.get(category)
    return entry[0] if entry else None

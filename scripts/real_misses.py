"""Print the linter's misses and false alarms on the tune part of real labelled sets.

    python scripts/real_misses.py                          # both sets in ../shared/realdata
    python scripts/real_misses.py FILE... --category dismissive
    python scripts/real_misses.py --part check             # figures only, never items

Items are split by a fixed hash of their id (``apologylint.evaluate.split_part``): rules are
tuned by reading the *tune* part only; the *check* part is looked at as figures. Misses are
grouped by category and by the nearest rule of that category (the one whose phrases, pattern
words and examples share most words with the text, or "none"); false alarms by category and by
the rule that fired. Everything goes to the screen: the texts of these sets must never be
written into the repository.
"""

from __future__ import annotations

import argparse
import re
import sys
import textwrap
from collections import defaultdict
from pathlib import Path
from typing import Any

from apologylint import Linter
from apologylint.categories import CONTENT_CATEGORIES
from apologylint.errors import ApologylintError
from apologylint.evaluate import load_items, select_part
from apologylint.registry.rule import PatternRule

REALDATA = Path(__file__).resolve().parents[1].parent / "shared" / "realdata"
DEFAULT_FILES = [REALDATA / "twcs-dev.jsonl", REALDATA / "templates-dev.jsonl"]

# Words too common in support replies to say which rule a text is near.
_STOP = frozenset(
    """a an the and or but if of to in on at for from by with as is are was were be been being am
    it its it's this that these those there here i me my we us our you your he she they them their
    his her do does did done have has had will would can could should shall may might must not no
    so just very all any some more most also then than too up out about into over again what which
    who whom when where why how hi hello thanks thank please s t d ll m re ve""".split()
)
_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?")


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 1}


def _pattern_words(value: Any) -> set[str]:
    """Literal words a token pattern asks for (``NORM``/``LOWER``/``ORTH``, strings or ``IN``)."""
    out: set[str] = set()
    if isinstance(value, str):
        out |= _words(value)
    elif isinstance(value, dict):
        for key, sub in value.items():
            if key in ("NORM", "LOWER", "ORTH", "IN", "TEXT"):
                out |= _pattern_words(sub)
    elif isinstance(value, (list, tuple)):
        for sub in value:
            out |= _pattern_words(sub)
    return out


def rule_vocabulary(linter: Linter) -> dict[str, dict[str, set[str]]]:
    """category -> code -> the words that anchor the rule."""
    vocab: dict[str, dict[str, set[str]]] = defaultdict(dict)
    for code, impl in linter._impls.items():  # noqa: SLF001 - a development script
        rule = impl.rule
        words = _words(rule.name.replace("-", " "))
        for ex in rule.examples.fires:
            words |= _words(ex)
        if isinstance(impl, PatternRule):
            for phrase in impl.phrases:
                words |= _words(phrase)
            for pattern in impl.patterns:
                for token in pattern:
                    for key in ("NORM", "LOWER", "ORTH", "TEXT"):
                        if key in token:
                            words |= _pattern_words(token[key])
        vocab[rule.category][code] = words
    return vocab


def nearest_rule(text: str, candidates: dict[str, set[str]]) -> tuple[str, int]:
    words = _words(text)
    best, best_n = "none", 0
    for code in sorted(candidates):
        n = len(words & candidates[code])
        if n > best_n:
            best, best_n = code, n
    return best, best_n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="*", type=Path, help="labelled JSONL files (default: real sets)")
    ap.add_argument("--part", choices=["tune", "check"], default="tune")
    ap.add_argument("--category", action="append", help="only these categories (repeatable)")
    ap.add_argument("--kind", choices=["miss", "false-alarm", "both"], default="both")
    ap.add_argument("--width", type=int, default=110, help="wrap texts at this width")
    args = ap.parse_args(argv)

    files = args.files or DEFAULT_FILES
    categories = [c for c in CONTENT_CATEGORIES if not args.category or c in args.category]
    try:
        items = []
        for f in files:
            for item in select_part(load_items(f), args.part):
                item["_file"] = f.name
                items.append(item)
        linter = Linter()
    except ApologylintError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    vocab = rule_vocabulary(linter)
    results = linter.lint_many(item["text"] for item in items)

    # (category, kind, rule) -> [(item, findings, overlap)]
    groups: dict[tuple[str, str, str], list[tuple[dict[str, Any], list[Any], int]]]
    groups = defaultdict(list)
    good_flagged: list[tuple[dict[str, Any], list[Any]]] = []
    good_total = 0
    for item, findings in zip(items, results, strict=True):
        content = [f for f in findings if f.category in CONTENT_CATEGORIES]
        expected = set(item["labels"]) & set(CONTENT_CATEGORIES)
        predicted = {f.category for f in content}
        if item.get("good") and not expected:
            good_total += 1
            if content:
                good_flagged.append((item, content))
        for c in categories:
            if c in expected and c not in predicted:
                code, n = nearest_rule(item["text"], vocab.get(c, {}))
                groups[(c, "miss", code)].append((item, content, n))
            elif c in predicted and c not in expected:
                for code in sorted({f.code for f in content if f.category == c}):
                    groups[(c, "false-alarm", code)].append((item, content, 0))

    show_items = args.part == "tune"
    kinds = ["miss", "false-alarm"] if args.kind == "both" else [args.kind]
    print(f"{len(items)} items in the {args.part} part of {', '.join(f.name for f in files)}")
    for c in categories:
        for kind in kinds:
            keys = sorted(
                (k for k in groups if k[0] == c and k[1] == kind), key=lambda k: -len(groups[k])
            )
            total = sum(len(groups[k]) for k in keys)
            if not total:
                continue
            label = "misses" if kind == "miss" else "false alarms"
            print(f"\n=== {c}: {total} {label}")
            for k in keys:
                entries = groups[k]
                name = linter._rules[k[2]].name if k[2] in linter._rules else ""  # noqa: SLF001
                print(f"--- {k[2]} {name} ({len(entries)})")
                if not show_items:
                    continue
                for item, content, n in entries:
                    got = ", ".join(f"{f.code} {f.text!r}" for f in content) or "clean"
                    near = f" (shares {n} words)" if kind == "miss" else ""
                    print(f"[{item['id']}] labels {item['labels'] or ['clean']}{near}; got: {got}")
                    print(textwrap.indent(textwrap.fill(item["text"], args.width), "    "))
    print(f"\ngood flagged {len(good_flagged)}/{good_total}")
    if show_items:
        for item, content in good_flagged:
            got = ", ".join(f"{f.code} {f.text!r}" for f in content)
            print(f"[{item['id']}] got: {got}")
            print(textwrap.indent(textwrap.fill(item["text"], args.width), "    "))
    return 0


if __name__ == "__main__":
    sys.exit(main())

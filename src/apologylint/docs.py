"""Documentation generated from rule metadata (never written twice).

``python -m apologylint.docs`` rewrites the rule table in README.md between the markers
``<!-- rules-table:start -->`` and ``<!-- rules-table:end -->``; a test fails when it is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .registry import builtin_rules
from .registry.rule import Rule

START = "<!-- rules-table:start -->"
END = "<!-- rules-table:end -->"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def rules_table(rules: list[Rule] | None = None) -> str:
    rules = rules if rules is not None else builtin_rules().rules
    lines = [
        "| Code | Name | Category | Severity | What it flags | Fires on (example) |",
        "|---|---|---|---|---|---|",
    ]
    for r in rules:
        example = r.examples.fires[0] if r.examples.fires else ""
        lines.append(
            f"| {r.code} | `{r.name}` | {r.category} | {r.severity.value} | "
            f"{_cell(r.summary)} | {_cell(example)} |"
        )
    return "\n".join(lines)


def render_readme(readme: str) -> str:
    try:
        head, rest = readme.split(START, 1)
        _, tail = rest.split(END, 1)
    except ValueError:
        raise ValueError(f"README.md lacks the {START} … {END} markers") from None
    return f"{head}{START}\n{rules_table()}\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else Path("README.md")
    text = path.read_text(encoding="utf-8")
    new = render_readme(text)
    if new != text:
        path.write_text(new, encoding="utf-8")
        print(f"updated {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

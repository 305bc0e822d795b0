"""Documentation generated from rule metadata (never written twice).

``python -m apologylint.docs`` rewrites the rule table in README.md (between
``<!-- rules-table:start -->`` and ``<!-- rules-table:end -->``), the framework tables in
docs/recovery.md and the guard reference in docs/guards.md; a test fails when any is stale.
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


FW_START = "<!-- frameworks:start -->"
FW_END = "<!-- frameworks:end -->"


def frameworks_tables() -> str:
    """One table per built-in framework profile: its steps and the elements each needs."""
    from .recovery import load_profiles

    out = []
    for p in load_profiles(plugins=False).values():
        out.append(f"### `{p.name}` — {p.title}\n")
        if p.description:
            out.append(_cell(p.description) + "\n")
        out.append("| step | needs | advice when missing |")
        out.append("|---|---|---|")
        for step in p.steps:
            if not step.checkable:
                need = "not checkable from text"
            elif step.all:
                need = " + ".join(f"`{e}`" for e in step.all)
            else:
                need = " or ".join(f"`{e}`" for e in step.any)
            out.append(f"| {_cell(step.name)} | {need} | {_cell(step.advice)} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def render_recovery_doc(text: str) -> str:
    head, rest = text.split(FW_START, 1)
    _, tail = rest.split(FW_END, 1)
    return f"{head}{FW_START}\n{frameworks_tables()}{FW_END}{tail}"


GUARDS_START = "<!-- guards:start -->"
GUARDS_END = "<!-- guards:end -->"


def _example(text: str) -> str:
    """A guard example with its ``[[match]]`` shown in bold."""
    return _cell(text.replace("[[", "**").replace("]]", "**"))


def guards_tables() -> str:
    """One section per registered guard: what vetoes, why, and the examples (run as tests)."""
    from .guards import GUARD_REGISTRY

    out = []
    for g in GUARD_REGISTRY.values():
        out.append(f"### `{g.name}`\n")
        always = " Always on (a rule opts out with `match_in_quotes: true`)." if g.always_on else ""
        out.append(f"Vetoes a match when {_cell(g.what)}.{always}\n")
        out.append(f"Why: {_cell(g.why)}\n")
        out.append("| vetoed (match in bold) | kept |")
        out.append("|---|---|")
        for i in range(max(len(g.vetoes), len(g.keeps))):
            v = _example(g.vetoes[i]) if i < len(g.vetoes) else ""
            k = _example(g.keeps[i]) if i < len(g.keeps) else ""
            out.append(f"| {v} | {k} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def render_guards_doc(text: str) -> str:
    head, rest = text.split(GUARDS_START, 1)
    _, tail = rest.split(GUARDS_END, 1)
    return f"{head}{GUARDS_START}\n{guards_tables()}{GUARDS_END}{tail}"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    targets = [Path(a) for a in args] or [
        Path("README.md"),
        Path("docs/recovery.md"),
        Path("docs/guards.md"),
    ]
    for path in targets:
        text = path.read_text(encoding="utf-8")
        if GUARDS_START in text:
            new = render_guards_doc(text)
        elif FW_START in text:
            new = render_recovery_doc(text)
        else:
            new = render_readme(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"updated {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

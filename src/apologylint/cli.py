"""The command line: a thin shell over the Python API.

spaCy is imported only by the commands that lint (``check``, ``eval``); ``--help``, ``rules`` and
``explain`` stay fast.
"""

from __future__ import annotations

import io
import os
import sys
import textwrap
from typing import Any

import click

from ._version import __version__
from .errors import ApologylintError, InputError, RulePackError, UsageError
from .findings import Severity

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
SEVERITIES = [s.value for s in Severity]


def _csv(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for raw in values for v in raw.split(",") if v.strip()]


def _fail(message: str) -> None:
    click.echo(f"apologylint: {message}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="apologylint")
def main() -> None:
    """Lint customer-service replies for fake apologies, non-apologies, defensive, sympathetic
    and dismissive phrasing before they are sent.

    \b
    Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage/config/input errors.
    """


@main.command()
@click.argument("paths", nargs=-1, type=str)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("-o", "--output-file", type=click.Path(dir_okay=False, writable=True),
              help="Write the report here instead of stdout.")
@click.option("--select", multiple=True, help="Rules to check (codes, prefixes, names, "
              "categories, ALL); comma-separated or repeated. Replaces the default.")
@click.option("--extend-select", multiple=True, help="Rules to add to the selection.")
@click.option("--ignore", multiple=True, help="Rules to leave out.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default="warning", show_default=True,
              help="Lowest severity that makes the exit code 1.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings "
              "(errors reading input still exit 2).")
@click.option("--stdin-filename", help="Name to report for stdin ('-').")
@click.option("--encoding", help="Read files in this encoding instead of detecting it.")
@click.option("--max-file-size", type=int, default=10 * 1024 * 1024, show_default=True,
              help="Refuse files larger than this many bytes.")
@click.option("--color/--no-color", default=None, help="Colour and underlined excerpts "
              "(default: only on a terminal, and never with NO_COLOR set).")
def check(paths: tuple[str, ...], fmt: str, output_file: str | None, select: tuple[str, ...],
          extend_select: tuple[str, ...], ignore: tuple[str, ...], fail_on: str,
          exit_zero: bool, stdin_filename: str | None, encoding: str | None,
          max_file_size: int, color: bool | None) -> None:
    """Lint drafts: files, folders (recursively) or '-' for stdin."""
    from .readers import is_lintable, read
    from .reporters import Report, write
    from .walk import Target, expand

    if not paths:
        _fail("no paths given (use '-' for stdin)")
        sys.exit(EXIT_ERROR)
    try:
        linter = _make_linter(select=_csv(select) or None, ignore=_csv(ignore),
                              extend_select=_csv(extend_select))
    except ApologylintError as exc:
        _fail(str(exc))
        sys.exit(EXIT_ERROR)

    report = Report()
    documents = []
    sources: dict[str, str] = {}
    for target in expand(list(paths), is_lintable):
        if isinstance(target, InputError):
            report.errors.append(target)
            continue
        assert isinstance(target, Target)
        try:
            if target.path == "-":
                name = stdin_filename or "-"
                data = sys.stdin.buffer.read() if sys.stdin is not None else b""
                doc = read(data, path=name, encoding=encoding, max_file_size=max_file_size)
            else:
                doc = read(target.path, encoding=encoding, max_file_size=max_file_size)
        except InputError as exc:
            report.errors.append(exc)
            continue
        for notice in doc.notices:
            click.echo(f"apologylint: {doc.path or '-'}: {notice}", err=True)
        documents.append(doc)
        sources[doc.path or "-"] = doc.source
    report.files = len(documents)
    for findings in linter.lint_many(documents):
        report.findings.extend(findings)
    report.findings.sort(key=lambda f: f.sort_key)

    for err in report.errors:
        _fail(str(err))
    use_color = _use_color(color, output_file)
    try:
        if output_file:
            with open(output_file, "w", encoding="utf-8") as fh:
                write(report, fmt, fh, color=False)
        else:
            write(report, fmt, sys.stdout, color=use_color, sources=sources)
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(_exit_code(report, Severity(fail_on), exit_zero))
    except OSError as exc:
        _fail(f"{output_file or 'stdout'}: cannot write report: {exc.strerror or exc}")
        sys.exit(EXIT_ERROR)
    sys.exit(_exit_code(report, Severity(fail_on), exit_zero))


def _exit_code(report: Any, fail_on: Severity, exit_zero: bool) -> int:
    if report.errors:
        return EXIT_ERROR
    if exit_zero:
        return EXIT_OK
    if any(f.severity.rank >= fail_on.rank for f in report.findings):
        return EXIT_FINDINGS
    return EXIT_OK


def _use_color(flag: bool | None, output_file: str | None) -> bool:
    if flag is not None:
        return flag and not output_file
    if output_file or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def _make_linter(**kwargs: Any) -> Any:
    from .linter import Linter

    return Linter(**kwargs)


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--category", multiple=True, help="Only rules of this category.")
def rules_cmd(fmt: str, category: tuple[str, ...]) -> None:
    """List every rule: code, name, category, severity and summary."""
    rules = _builtin_rules_or_exit()
    if category:
        rules = [r for r in rules if r.category in category]
    if fmt == "json":
        import json

        click.echo(json.dumps([r.to_dict() for r in rules], indent=2, ensure_ascii=False))
        return
    width = max((len(r.name) for r in rules), default=4)
    for r in rules:
        click.echo(f"{r.code}  {r.name:<{width}}  {r.category:<16}  {r.severity.value:<7}  "
                   f"{r.summary}")


def _builtin_rules_or_exit() -> list[Any]:
    from .registry import builtin_rules

    try:
        return builtin_rules().rules
    except RulePackError as exc:
        _fail(str(exc))
        sys.exit(EXIT_ERROR)


@main.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Print a rule's documentation (by code or name), with examples."""
    rules = _builtin_rules_or_exit()
    found = next((r for r in rules if rule in (r.code, r.name) or rule.upper() == r.code), None)
    if found is None:
        import difflib

        names = [r.code for r in rules] + [r.name for r in rules]
        close = difflib.get_close_matches(rule, names, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        _fail(f"unknown rule {rule!r}{hint}")
        sys.exit(EXIT_ERROR)
    click.echo(render_explanation(found))


def render_explanation(rule: Any) -> str:
    wrap = textwrap.TextWrapper(width=88)
    out = io.StringIO()
    out.write(f"{rule.name} ({rule.code})\n")
    out.write(f"Category: {rule.category}    Default severity: {rule.severity.value}\n\n")
    out.write("What it flags\n" + wrap.fill(rule.summary) + "\n\n")
    out.write("Why it hurts a customer\n" + wrap.fill(rule.why) + "\n\n")
    out.write("Better\n" + wrap.fill(rule.suggestion) + "\n\n")
    out.write("Fires on\n")
    for ex in rule.examples.fires:
        out.write(f"  ✗ {ex}\n")
    out.write("\nDoes not fire on\n")
    for ex in rule.examples.passes:
        out.write(f"  ✓ {ex}\n")
    if rule.guards:
        out.write(f"\nGuards: {', '.join(rule.guards)}\n")
    out.write(f"\nDefined in: {rule.source}\n")
    return out.getvalue()


@main.command("eval")
@click.argument("file", type=str)
@click.option("--show-errors", is_flag=True, help="List the items the linter got wrong.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--select", multiple=True, help="Rules to use (default: all content rules).")
def eval_cmd(file: str, show_errors: bool, fmt: str, select: tuple[str, ...]) -> None:
    """Score the linter on a labelled JSONL file: precision, recall and F1 per category."""
    from .evaluate import evaluate, load_items

    try:
        items = load_items(file)
        linter = _make_linter(select=_csv(select) or None)
    except ApologylintError as exc:
        _fail(str(exc))
        sys.exit(EXIT_ERROR)
    result = evaluate(linter, items)
    if fmt == "json":
        import json

        data = result.to_dict()
        if not show_errors:
            data.pop("errors")
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(f"{'category':<18} {'prec':>6} {'recall':>6} {'f1':>6} {'tp':>4} {'fp':>4} "
               f"{'fn':>4} {'support':>7}")
    rows = list(result.per_category.items()) + [("overall (micro)", result.overall)]
    for name, s in rows:
        click.echo(f"{name:<18} {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f} {s.tp:>4} "
                   f"{s.fp:>4} {s.fn:>4} {s.tp + s.fn:>7}")
    click.echo(f"{result.items} items, {len(result.errors)} with a wrong label set")
    if show_errors:
        for m in result.errors:
            click.echo(f"\n[{m.id}] expected {m.expected or ['clean']}, got "
                       f"{m.predicted or ['clean']}")
            click.echo(textwrap.indent(textwrap.fill(m.text, 100), "    "))
            for f in m.findings:
                click.echo(f"    -> {f['code']} {f['text']!r}")


if __name__ == "__main__":  # pragma: no cover
    main()


__all__ = ["main", "UsageError"]

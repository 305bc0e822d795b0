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
from .errors import ApologylintError, InputError, RulePackError
from .escape import escape_controls, stderr_line
from .findings import Severity
from .readers import FORMATS as READER_FORMATS
from .reporters import FORMATS as REPORT_FORMATS
from .run import CACHE_DIR

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
SEVERITIES = [s.value for s in Severity]


def _csv(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for raw in values for v in raw.split(",") if v.strip()]


def _fail(message: str) -> None:
    # Messages quote input (file names, CSV headers, drafts): nothing in them may reach the
    # terminal or a CI log as a control sequence or a workflow command.
    click.echo(stderr_line(f"apologylint: {message}"), err=True)


def _notices(notices: Any) -> None:
    for notice in notices:
        click.echo(stderr_line(f"apologylint: {notice}"), err=True)


def _print_version(ctx: click.Context, _param: Any, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    click.echo(f"apologylint {__version__}")
    from .registry import load_rules

    try:
        sources = load_rules().sources
    except RulePackError as exc:
        click.echo(f"  (rules failed to load: {exc})")
        ctx.exit(EXIT_ERROR)
    for s in sources:
        click.echo(f"  {s.kind:<11} {s.name} {s.version}  ({s.location})")
    ctx.exit(0)


class _Group(click.Group):
    """Turns an unexpected exception into one line on stderr and exit code 2 (set
    APOLOGYLINT_DEBUG=1 to see the traceback): a user's file must never produce a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (
            click.exceptions.Exit,
            click.exceptions.Abort,
            click.ClickException,
            SystemExit,
            KeyboardInterrupt,
        ):
            raise
        except BrokenPipeError:
            # The reader went away (`| head`): stop quietly, as Unix tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(EXIT_OK)
        except Exception as exc:
            if os.environ.get("APOLOGYLINT_DEBUG"):
                raise
            _fail(
                f"internal error: {type(exc).__name__}: {exc} (please report it; set "
                "APOLOGYLINT_DEBUG=1 for a traceback)"
            )
            sys.exit(EXIT_ERROR)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-V",
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version and the rule packs and plugins loaded, then exit.",
)
def main() -> None:
    """Lint customer-service replies for fake apologies, non-apologies, defensive, sympathetic
    and dismissive phrasing before they are sent.

    \b
    Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage/config/input errors.
    """


@main.command()
@click.argument("paths", nargs=-1, type=str)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(REPORT_FORMATS)),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--output-file",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the report here instead of stdout.",
)
@click.option(
    "--select",
    multiple=True,
    help="Rules to check (codes, prefixes, names, "
    "categories, ALL); comma-separated or repeated. Replaces the configured selection.",
)
@click.option(
    "--extend-select",
    multiple=True,
    help="Rules to add to the selection, in addition to the config's 'extend-select'.",
)
@click.option(
    "--ignore",
    multiple=True,
    help="Rules to leave out. Replaces the config's 'ignore' (use --extend-ignore to add to it).",
)
@click.option(
    "--extend-ignore", multiple=True, help="Rules to leave out, in addition to the config's."
)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    default=None,
    help="Lowest severity that makes the exit code 1 [default: warning].",
)
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Exit 0 even when there are findings (errors reading input still exit 2).",
)
@click.option(
    "--config",
    "config_file",
    type=str,
    help="Use this config file for every input "
    "(instead of the nearest .apologylint.toml / apologylint.toml / pyproject.toml).",
)
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@click.option(
    "--rules",
    "rule_paths",
    multiple=True,
    help="Extra rules: a pack (.yaml), a "
    "folder of packs, or a Python file of CodeRule classes. Repeatable; added to the "
    "config's 'rules'.",
)
@click.option(
    "--exclude",
    multiple=True,
    help="Glob patterns to skip in folder walks. Replaces the config's 'exclude'.",
)
@click.option(
    "--extend-exclude",
    multiple=True,
    help="Glob patterns to skip, in addition to the config's 'exclude'.",
)
@click.option(
    "--stdin-filename",
    help="Name to report for stdin ('-'); also chooses its format "
    "and finds its config and per-file ignores.",
)
@click.option(
    "--input-format",
    type=click.Choice(list(READER_FORMATS)),
    default=None,
    help="Read inputs as this format instead of choosing by file suffix.",
)
@click.option(
    "--text-field",
    help="Collections: the field holding the reply (a key, a dotted "
    "path, a JSON pointer, or a CSV column).",
)
@click.option("--id-field", help="Collections: the field naming each record.")
@click.option(
    "--text-format",
    type=click.Choice(["auto", "text", "html"]),
    default="auto",
    show_default=True,
    help="Collections: how record texts are written.",
)
@click.option("--encoding", help="Read files in this encoding instead of detecting it.")
@click.option(
    "--max-file-size",
    type=int,
    default=None,
    help="Refuse files larger than this many bytes [default: 10485760].",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for big batches [default: number of cores]; a single "
    "draft or stdin always runs in-process.",
)
@click.option("--cache-dir", default=None, help=f"Result cache folder [default: {CACHE_DIR}].")
@click.option("--no-cache", is_flag=True, help="Do not read or write the result cache.")
@click.option(
    "--changed-since",
    metavar="REF",
    help="Only lint files changed in git since REF (committed, staged, unstaged or untracked).",
)
@click.option(
    "--baseline",
    "baseline_file",
    type=str,
    help="Report only findings not recorded "
    "in this baseline file, and say which recorded ones have been fixed.",
)
@click.option(
    "--write-baseline",
    "write_baseline_file",
    type=str,
    help="Record today's findings in this file (and exit 0).",
)
@click.option(
    "--recovery",
    "recovery",
    metavar="FRAMEWORK",
    help="Also report missing steps of this service-recovery framework (rule RC100), e.g. aware.",
)
@click.option(
    "--model/--no-model",
    "model",
    default=None,
    help="Turn the learned second opinion (rules FA900-SA900) on or off "
    "[default: the config's 'model', else the package default].",
)
@click.option("--statistics", is_flag=True, help="Text output: counts per rule.")
@click.option("-q", "--quiet", is_flag=True, help="Text output: only the summary line.")
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour and underlined excerpts "
    "(default: only on a terminal, and never with NO_COLOR set).",
)
def check(
    paths: tuple[str, ...],
    fmt: str,
    output_file: str | None,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    extend_ignore: tuple[str, ...],
    fail_on: str | None,
    exit_zero: bool,
    config_file: str | None,
    isolated: bool,
    rule_paths: tuple[str, ...],
    exclude: tuple[str, ...],
    extend_exclude: tuple[str, ...],
    stdin_filename: str | None,
    input_format: str | None,
    text_field: str | None,
    id_field: str | None,
    text_format: str,
    encoding: str | None,
    max_file_size: int | None,
    jobs: int | None,
    cache_dir: str | None,
    no_cache: bool,
    changed_since: str | None,
    baseline_file: str | None,
    write_baseline_file: str | None,
    recovery: str | None,
    model: bool | None,
    statistics: bool,
    quiet: bool,
    color: bool | None,
) -> None:
    """Lint drafts: files, folders (recursively) or '-' for stdin."""
    from .reporters import write
    from .run import ReadOptions, RunOptions, Settings, run

    if not paths:
        _fail("no paths given (use '-' for stdin)")
        sys.exit(EXIT_ERROR)
    overrides = _overrides(
        select=select,
        ignore=ignore,
        extend_ignore=extend_ignore,
        extend_select=extend_select,
        fail_on=fail_on,
        exclude=exclude,
        extend_exclude=extend_exclude,
        max_file_size=max_file_size,
        recovery=recovery,
        model=model,
    )
    use_color = _use_color(color, output_file)
    stdin_only = all(p == "-" for p in paths)
    options = RunOptions(
        read=ReadOptions(input_format, text_field, id_field, text_format, encoding),
        stdin_filename=stdin_filename,
        jobs=jobs,
        cache_dir=None if (no_cache or stdin_only) else (cache_dir or CACHE_DIR),
        keep_sources=use_color or fmt in ("html", "sarif"),
        progress=not quiet,
    )
    try:
        if changed_since:
            from .run import changed_since as _changed

            options.only = _changed(changed_since)
        settings = Settings(config_file, isolated, overrides, rule_paths)
        report = run(
            paths,
            settings,
            options,
            stdin=lambda limit: sys.stdin.buffer.read(limit) if sys.stdin is not None else b"",
        )
    except ApologylintError as exc:  # a bad config, rule pack or git ref: nothing linted
        _fail(str(exc))
        sys.exit(EXIT_ERROR)

    fail_levels: dict[str | None, Severity] = {
        p: Severity(settings.config_for(None if p == "-" else p).fail_on) for p in report.paths
    }
    _notices(report.notices)
    for err in report.errors:
        _fail(str(err))
    if write_baseline_file:
        from .baseline import write_baseline

        try:
            n = write_baseline(write_baseline_file, report.findings, linted=[*paths, *report.paths])
        except ApologylintError as exc:
            _fail(str(exc))
            sys.exit(EXIT_ERROR)
        click.echo(f"apologylint: recorded {n} findings in {write_baseline_file}", err=True)
        sys.exit(EXIT_ERROR if report.errors else EXIT_OK)
    if baseline_file:
        from .baseline import apply_baseline

        try:
            result = apply_baseline(baseline_file, report.findings)
        except ApologylintError as exc:
            _fail(str(exc))
            sys.exit(EXIT_ERROR)
        report.findings = result.new
        if result.notices:  # e.g. entries under a retired code
            from .notices import Notice

            _notices(result.notices)
            report.notices.extend(Notice(n) for n in result.notices)
        if result.fixed:
            total = sum(n for _, n in result.fixed)
            click.echo(
                f"apologylint: {total} baselined finding(s) no longer occur; shrink the "
                f"baseline with --write-baseline {baseline_file}:",
                err=True,
            )
            for (path, record, rule_code, text), n in result.fixed:
                where = f"{path}[{record}]" if record else path
                click.echo(
                    stderr_line(
                        f"  fixed: {where}: {rule_code} {text!r}" + (f" x{n}" if n > 1 else "")
                    ),
                    err=True,
                )
    code = _exit_code(report, fail_levels, exit_zero)
    write_options: dict[str, Any] = {}
    if fmt == "text":
        write_options.update(statistics=statistics, quiet=quiet)
    if fmt == "github":
        write_options["summary_path"] = os.environ.get("GITHUB_STEP_SUMMARY") or None
    try:
        if output_file:
            with open(output_file, "w", encoding="utf-8") as fh:
                write(report, fmt, fh, color=False, sources=report.sources, **write_options)
        else:
            write(report, fmt, sys.stdout, color=use_color, sources=report.sources, **write_options)
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(code)
    except OSError as exc:
        _fail(f"{output_file or 'stdout'}: cannot write report: {exc.strerror or exc}")
        sys.exit(EXIT_ERROR)
    sys.exit(code)


def _overrides(**flags: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in flags.items():
        if isinstance(value, tuple):
            if value:
                out[key] = tuple(_csv(value))
        elif value is not None:
            out[key] = value
    return out


def _exit_code(
    report: Any, fail_levels: dict[str | None, Severity] | Severity, exit_zero: bool
) -> int:
    if report.errors:
        return EXIT_ERROR
    if exit_zero:
        return EXIT_OK
    for f in report.findings:
        level = (
            fail_levels
            if isinstance(fail_levels, Severity)
            else fail_levels.get(f.path, Severity.WARNING)
        )
        if f.severity.rank >= level.rank:
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


@main.command("config")
@click.argument("path", required=False, default=".")
@click.option("--config", "config_file", type=str, help="Use this config file.")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
def config_cmd(path: str, config_file: str | None, isolated: bool) -> None:
    """Print the effective configuration for PATH (default: the current folder)."""
    import json

    from .config import ConfigResolver

    try:
        resolver = ConfigResolver(forced=config_file, isolated=isolated)
        probe = os.path.join(path, "_") if os.path.isdir(path) else path
        config = resolver.for_path(probe)
        from .selection import validate

        rules = config.ruleset().rules
        for group in (
            config.select or (),
            config.ignore,
            config.extend_select,
            tuple(config.severity),
        ):
            validate(group, rules)
    except ApologylintError as exc:
        _fail(str(exc))
        sys.exit(EXIT_ERROR)
    data = config.to_dict()
    data["path"] = config.path or "(defaults: no config file found)"
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


@main.command("test-rules")
@click.argument("paths", nargs=-1, required=True)
@click.option("-v", "--verbose", is_flag=True, help="List every example, not only failures.")
def test_rules_cmd(paths: tuple[str, ...], verbose: bool) -> None:
    """Run every documented example of the rules in PATHS (packs, folders, Python files, or
    installed plugin names): 'fires' examples must fire, 'passes' must not."""
    from .registry import load_rules
    from .testing import ExampleRunner

    try:
        base = load_rules(entry_points=False)
        plugin_names = [p for p in paths if not os.path.exists(p)]
        file_paths = [p for p in paths if os.path.exists(p)]
        ruleset = load_rules(file_paths, entry_points=bool(plugin_names))
    except ApologylintError as exc:
        _fail(str(exc))
        sys.exit(EXIT_ERROR)
    if plugin_names:
        known = {src.name for src in ruleset.sources}
        missing = [n for n in plugin_names if n not in known]
        if missing:
            _fail(f"no such rule pack, folder, file or installed plugin: {', '.join(missing)}")
            sys.exit(EXIT_ERROR)
    # The rules these paths or plugins add or extend (built-in rules are tested by the suite).
    codes = [
        c
        for c, impl in ruleset.by_code.items()
        if c not in base.by_code or impl is not base.by_code[c]
    ]
    if not codes:
        _fail("no rules found to test")
        sys.exit(EXIT_ERROR)
    try:
        results = ExampleRunner(ruleset).run(sorted(codes))
    except ApologylintError as exc:  # e.g. a pattern spaCy refuses: the same error as 'check'
        _fail(str(exc))
        sys.exit(EXIT_ERROR)
    failures = [r for r in results if not r.ok]
    for r in results:
        if verbose or not r.ok:
            mark = "ok  " if r.ok else "FAIL"
            kind = "fires " if r.should_fire else "passes"
            extra = f"  ({r.detail})" if r.detail else ""
            click.echo(f"{mark} {r.code} {r.name} {kind}: {r.text!r}{extra}")
    click.echo(
        f"{len(results) - len(failures)} passed, {len(failures)} failed ({len(codes)} rules)"
    )
    sys.exit(EXIT_FINDINGS if failures else EXIT_OK)


@main.command("debug")
@click.argument("text", required=False)
@click.option(
    "--file",
    "file_",
    type=click.Path(exists=True, dir_okay=False),
    help="Debug a file instead of TEXT.",
)
@click.option("--select", multiple=True, help="Rules to run (default: all).")
@click.option("--rules", "rule_paths", multiple=True, help="Extra rule packs or files.")
def debug_cmd(
    text: str | None, file_: str | None, select: tuple[str, ...], rule_paths: tuple[str, ...]
) -> None:
    """Show how a text is read and matched: masked spans, tokens, sentences, and every candidate
    match with the guard that vetoed it (or 'reported')."""
    from .config import Config
    from .readers import read, read_text

    try:
        if file_:
            document = read(file_)
        elif text is not None:
            document = read_text(text)
        else:
            document = read_text(sys.stdin.read() if sys.stdin is not None else "")
        config = Config(trusted_rules=tuple(os.path.abspath(p) for p in rule_paths))
        linter = _make_linter(config=config, select=_csv(select) or None)
    except ApologylintError as exc:
        _fail(str(exc))
        sys.exit(EXIT_ERROR)
    click.echo(linter.debug_report(document))


@main.command("frameworks")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--config", "config_file", type=str, help="Use this config file (its 'profiles').")
def frameworks_cmd(fmt: str, config_file: str | None) -> None:
    """List the service-recovery frameworks and the elements each step needs."""
    from .config import ConfigResolver
    from .recovery import load_profiles

    try:
        config = ConfigResolver(forced=config_file).for_path(None)
        profiles = load_profiles([config.resolve(p) for p in config.profiles])
    except ApologylintError as exc:
        _fail(str(exc))
        sys.exit(EXIT_ERROR)
    if fmt == "json":
        import json

        click.echo(
            json.dumps([p.model_dump() for p in profiles.values()], indent=2, ensure_ascii=False)
        )
        return
    for p in profiles.values():
        click.echo(f"{p.name}: {p.title}")
        for step in p.steps:
            if not step.checkable:
                need = "not checkable from text"
            else:
                need = (" + ".join(step.all)) if step.all else (" or ".join(step.any))
            click.echo(f"  {step.id:<22} {step.name:<42} {need}")
        click.echo("")


@main.command("recovery")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--framework",
    default=None,
    help="The framework to judge by [default: the config's 'recovery', else aware].",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--config", "config_file", type=str, help="Use this config file.")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@click.option(
    "--input-format",
    type=click.Choice(list(READER_FORMATS)),
    default=None,
    help="Read inputs as this format instead of choosing by file suffix.",
)
@click.option("--stdin-filename", help="Name to report for stdin ('-').")
def recovery_cmd(
    paths: tuple[str, ...],
    framework: str | None,
    fmt: str,
    config_file: str | None,
    isolated: bool,
    input_format: str | None,
    stdin_filename: str | None,
) -> None:
    """Say which steps of a service-recovery framework each reply carries, with the words that
    show it, which are missing, and what to add. Exit 1 when a checkable step is missing."""
    from .linter import split_records
    from .notices import Notice
    from .readers import is_lintable, read
    from .run import Settings
    from .walk import expand

    reports = []
    errors: list[InputError] = []
    try:
        settings = Settings(config_file, isolated, {})
        for target in expand(list(paths), is_lintable):
            if isinstance(target, InputError):
                errors.append(target)
                continue
            if isinstance(target, Notice):
                _notices([target])
                continue
            name = (stdin_filename or "-") if target.path == "-" else target.path
            config = settings.config_for(None if target.path == "-" else target.path)
            try:
                if target.path == "-":
                    data = sys.stdin.buffer.read() if sys.stdin is not None else b""
                    doc = read(data, input_format, path=name)
                else:
                    doc = read(
                        target.path,
                        input_format,
                        explicit=target.explicit,
                        max_file_size=config.max_file_size,
                    )
            except InputError as exc:
                errors.append(exc)
                continue
            if doc is None:
                continue
            linter = settings.linter_for(config)
            chosen = framework or config.recovery or "aware"
            for part in split_records(doc):
                reports.append(linter.assess(part, chosen))
    except ApologylintError as exc:
        _fail(str(exc))
        sys.exit(EXIT_ERROR)
    for err in errors:
        _fail(str(err))
    if fmt == "json":
        import json

        data = {
            "version": 1,
            "reports": [r.to_dict() for r in reports],
            "errors": [
                {
                    "path": e.path,
                    "message": e.reason,
                    **({"record": e.record} if e.record else {}),
                    **({"line": e.line} if e.line else {}),
                }
                for e in errors
            ],
        }
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        for r in reports:
            where = r.path or "-"
            if r.record:
                where += f"[{r.record}]"
            where = escape_controls(where)
            checkable = [s for s in r.steps if s.status != "not-checkable"]
            present = sum(s.status == "present" for s in checkable)
            click.echo(f"{where}: {r.title} {r.score:.2f} ({present}/{len(checkable)} steps)")
            for s in r.steps:
                if s.status == "present":
                    shown = "; ".join(
                        f"{e.element}: {' '.join(e.text.split())!r} ({e.line}:{e.column})"
                        for e in s.evidence[:3]
                    )
                    click.echo(f"  present        {s.name} - {shown}")
                elif s.status == "missing":
                    click.echo(f"  missing        {s.name} - add: {s.advice}")
                else:
                    click.echo(f"  not checkable  {s.name} (cannot be seen in a written reply)")
            click.echo("")
    if errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if any(r.missing for r in reports) else EXIT_OK)


@main.command("rules")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--category", multiple=True, help="Only rules of this category.")
@click.option("--rules", "rule_paths", multiple=True, help="Extra rule packs or files.")
def rules_cmd(fmt: str, category: tuple[str, ...], rule_paths: tuple[str, ...]) -> None:
    """List every rule (built-in, plugins, --rules): code, name, category, severity, summary."""
    rules = _builtin_rules_or_exit(rule_paths)
    if category:
        rules = [r for r in rules if r.category in category]
    if fmt == "json":
        import json

        click.echo(json.dumps([r.to_dict() for r in rules], indent=2, ensure_ascii=False))
        return
    width = max((len(r.name) for r in rules), default=4)
    for r in rules:
        click.echo(
            f"{r.code}  {r.name:<{width}}  {r.category:<16}  {r.severity.value:<7}  "
            + escape_controls(r.summary)
        )


def _builtin_rules_or_exit(paths: tuple[str, ...] = ()) -> list[Any]:
    """Built-in rules, installed plugins and ``paths`` (no spaCy import)."""
    from .registry import load_rules

    try:
        return load_rules(list(paths)).rules
    except RulePackError as exc:
        _fail(str(exc))
        sys.exit(EXIT_ERROR)


@main.command()
@click.argument("rule")
@click.option("--rules", "rule_paths", multiple=True, help="Extra rule packs or files.")
def explain(rule: str, rule_paths: tuple[str, ...]) -> None:
    """Print a rule's documentation (by code or name), with examples."""
    rules = _builtin_rules_or_exit(rule_paths)
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
    out.write(escape_controls(_explanation(rule, wrap), keep="\n"))
    return out.getvalue()


def _explanation(rule: Any, wrap: textwrap.TextWrapper) -> str:
    # A pack's text is data from a repository: render_explanation escapes what it quotes.
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
@click.argument("files", nargs=-1, required=True, type=str)
@click.option("--show-errors", is_flag=True, help="List the items the linter got wrong.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--select", multiple=True, help="Rules to use (default: all content rules).")
@click.option(
    "--part",
    type=click.Choice(["tune", "check", "all"]),
    default="all",
    show_default=True,
    help="Score only the tune or the check part of each file (split by a fixed hash of the id).",
)
def eval_cmd(
    files: tuple[str, ...], show_errors: bool, fmt: str, select: tuple[str, ...], part: str
) -> None:
    """Score the linter on labelled JSONL files: precision, recall and F1 per category (or per
    recovery element, when every item has an 'elements' list), per file and pooled."""
    from .evaluate import evaluate, evaluate_elements, load_items, pool, select_part

    if show_errors and part == "check":
        _fail("the check part is looked at only as figures: --show-errors needs --part tune or all")
        sys.exit(EXIT_ERROR)
    try:
        loaded = [(f, select_part(load_items(f), part)) for f in files]
        linter = _make_linter(select=_csv(select) or None)
    except ApologylintError as exc:
        _fail(str(exc))
        sys.exit(EXIT_ERROR)
    modes = {bool(items) and all("elements" in item for item in items) for _, items in loaded}
    if len(modes) > 1:
        _fail("cannot pool files scored by category with files scored by recovery element")
        sys.exit(EXIT_ERROR)
    by_element = modes.pop()
    results = []
    try:
        for name, items in loaded:
            result = evaluate_elements(linter, items) if by_element else evaluate(linter, items)
            result.name = name
            results.append(result)
    except ApologylintError as exc:  # e.g. a broken element detector pack
        _fail(str(exc))
        sys.exit(EXIT_ERROR)
    pooled = pool(results) if len(results) > 1 else results[0]
    if fmt == "json":
        import json

        data = pooled.to_dict()
        if len(results) > 1:
            data["files"] = [r.to_dict() for r in results]
        data["part"] = part
        if not show_errors:
            data.pop("errors")
            for f in data.get("files", []):
                f.pop("errors")
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    head = "element" if by_element else "category"
    for result in results + ([pooled] if len(results) > 1 else []):
        if len(results) > 1:
            click.echo(f"== {result.name} ({result.items} items, part: {part})")
        _eval_table(result, head, scored_goods=not by_element)
        if len(results) > 1:
            click.echo("")
    if show_errors:
        for m in pooled.errors:
            click.echo(
                f"\n[{m.id}] expected {m.expected or ['clean']}, got {m.predicted or ['clean']}"
            )
            click.echo(textwrap.indent(textwrap.fill(m.text, 100), "    "))
            for f in m.findings:
                click.echo(f"    -> {f['code']} {f['text']!r}")


def _eval_table(result: Any, head: str, scored_goods: bool) -> None:
    from .evaluate import MACRO_MIN_SUPPORT

    click.echo(
        f"{head:<18} {'prec':>6} {'recall':>6} {'f1':>6} {'tp':>4} {'fp':>4} "
        f"{'fn':>4} {'support':>7}"
    )
    macro = set(result.macro_categories)
    rows = list(result.per_category.items()) + [("overall (micro)", result.overall)]
    for name, s in rows:
        # '*': too few gold items to count in the macro-F1
        mark = "" if name in macro or name.startswith("overall") else " *"
        click.echo(
            f"{name:<18} {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f} {s.tp:>4} "
            f"{s.fp:>4} {s.fn:>4} {s.tp + s.fn:>7}{mark}"
        )
    if result.macro_f1 is None:
        click.echo(f"macro-F1 -  (no {head} has {MACRO_MIN_SUPPORT} or more gold items)")
    else:
        click.echo(
            f"macro-F1 {result.macro_f1:.3f} over {len(macro)} "
            f"{'elements' if head == 'element' else 'categories'} with >= "
            f"{MACRO_MIN_SUPPORT} gold items (* = fewer, left out)"
        )
    if scored_goods:
        click.echo(f"good flagged {len(result.good_flagged)}/{result.good_total}")
    click.echo(f"{result.items} items, {len(result.errors)} with a wrong label set")


@main.command("serve")
@click.option("--host", default=None, help="Address to listen on [default: 127.0.0.1].")
@click.option("--port", type=click.IntRange(0, 65535), default=None, help="[default: 8787]")
@click.option("--workers", type=click.IntRange(1), default=None, help="Worker processes.")
@click.option("--config", "config_file", type=str, help="Use this config file (and its [serve]).")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@click.option(
    "--token-file",
    type=str,
    default=None,
    help="Read the access token from this file (else $APOLOGYLINT_TOKEN). Required off loopback.",
)
@click.option("--allowed-host", "allowed_hosts", multiple=True, help="Accepted Host header.")
@click.option("--cors-origin", "cors_origins", multiple=True, help="Origin allowed by CORS.")
@click.option("--max-body-bytes", type=click.IntRange(1), default=None)
@click.option("--max-text-chars", type=click.IntRange(1), default=None)
@click.option("--max-batch", type=click.IntRange(1), default=None)
@click.option("--max-in-flight", type=click.IntRange(1), default=None)
@click.option("--stdio", is_flag=True, help="Answer one JSON request per stdin line instead.")
def serve_cmd(config_file: str | None, isolated: bool, stdio: bool, **flags: Any) -> None:
    """Serve the linter warm: an HTTP JSON API and playground page (needs the 'server'
    extra), or with --stdio one JSON request per line. The API is described at /openapi.json."""
    from .config import ConfigResolver

    for key in ("allowed_hosts", "cors_origins"):
        flags[key] = tuple(flags[key]) or None
    try:
        config = ConfigResolver(forced=config_file, isolated=isolated).for_path(None)
        from .server.settings import settings_from

        settings = settings_from(config, config_file=config_file, isolated=isolated, **flags)
        if stdio:
            from .server.core import Limits, Service
            from .server.stdio import run

            limits = Limits(max_text_chars=settings.max_text_chars, max_batch=settings.max_batch)
            sys.exit(run(Service(config, limits), settings.max_body_bytes))
        settings.check()
    except ApologylintError as exc:
        _fail(str(exc))
        sys.exit(EXIT_ERROR)
    try:
        from .server.app import serve
    except ImportError as exc:
        _fail(
            f"the HTTP server needs the 'server' extra: pip install \"apologylint[server]\" ({exc})"
        )
        sys.exit(EXIT_ERROR)
    serve(settings)


@main.command("lsp")
@click.option("--config", "config_file", type=str, help="Use this config file for every document.")
def lsp_cmd(config_file: str | None) -> None:
    """A language server on stdin/stdout: diagnostics for drafts and templates as they change
    (needs the 'server' extra)."""
    try:
        from .server.lsp import run_lsp
    except ImportError as exc:
        _fail(
            "the language server needs the 'server' extra: "
            f'pip install "apologylint[server]" ({exc})'
        )
        sys.exit(EXIT_ERROR)
    run_lsp(config_file)


def _add_audit() -> None:
    # Its own module: the command is long, and importing it loads neither spaCy nor ijson.
    from .audit.command import audit_cmd

    main.add_command(audit_cmd)


_add_audit()


if __name__ == "__main__":  # pragma: no cover
    main()


__all__ = ["main"]

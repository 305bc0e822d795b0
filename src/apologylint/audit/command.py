"""``apologylint audit``: the command-line shell over :func:`apologylint.audit.audit`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..escape import escape_controls
from .records import AUDIT_FORMATS


@click.command("audit")
@click.argument("paths", nargs=-1, required=True, type=str)
@click.option("-o", "--output-file", help="Write the HTML report here (default: stdout).")
@click.option(
    "--tables-dir",
    help="Write the tables behind the charts here as CSV (and Parquet with pyarrow) "
    "[default: beside --output-file, REPORT-tables/].",
)
@click.option(
    "--input-format",
    type=click.Choice(AUDIT_FORMATS),
    help="Export format [default: by suffix: .csv csv, .jsonl jsonl, else zendesk-tickets].",
)
@click.option("--text-field", default="text", show_default=True, help="Generic: the reply text.")
@click.option("--ticket-field", help="Generic: the ticket id.")
@click.option("--author-field", help="Generic: the author (pseudonymised in the report).")
@click.option("--role-field", help="Generic: the author's role (see --agent-roles).")
@click.option(
    "--agent-roles",
    default="agent,admin",
    show_default=True,
    help="Role values that count as the business (comma-separated).",
)
@click.option("--public-field", help="Generic: true for a public reply, false for a note.")
@click.option("--time-field", help="Generic: when it was sent (ISO 8601 or Unix seconds).")
@click.option("--group-field", help="Generic: the team or group.")
@click.option("--channel-field", help="Generic: the channel (email, chat, …).")
@click.option("--macro-field", help="Generic: the macro or template used.")
@click.option("--id-field", help="Generic: the message id.")
@click.option("--period", type=click.Choice(["week", "month"]), default="week", show_default=True)
@click.option(
    "--framework",
    default="aware",
    show_default=True,
    help="Recovery framework for replies to complaints ('none' to skip).",
)
@click.option(
    "--pseudonym-key-file",
    help="HMAC key for agent pseudonyms (created 0600 if absent) "
    "[default: ~/.config/apologylint/pseudonym.key].",
)
@click.option("--names", is_flag=True, help="Show agents' names instead of pseudonyms.")
@click.option("--excerpts", is_flag=True, help="Include the matched words in the report.")
@click.option(
    "--engine", type=click.Choice(["in-process", "spark"]), default="in-process", show_default=True
)
@click.option("--spark-master", help="Spark master for --engine spark [default: local[*]].")
@click.option("-j", "--jobs", type=int, default=1, show_default=True, help="Worker processes.")
@click.option("--config", "config_file", type=str, help="Use this config file.")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@click.option("--select", multiple=True, help="Rules to run.")
@click.option("--ignore", multiple=True, help="Rules to skip.")
@click.option("--max-file-size", type=int, help="Largest reply linted, in bytes.")
def audit_cmd(
    paths: tuple[str, ...],
    output_file: str | None,
    tables_dir: str | None,
    input_format: str | None,
    text_field: str,
    ticket_field: str | None,
    author_field: str | None,
    role_field: str | None,
    agent_roles: str,
    public_field: str | None,
    time_field: str | None,
    group_field: str | None,
    channel_field: str | None,
    macro_field: str | None,
    id_field: str | None,
    period: str,
    framework: str,
    pseudonym_key_file: str | None,
    names: bool,
    excerpts: bool,
    engine: str,
    spark_master: str | None,
    jobs: int,
    config_file: str | None,
    isolated: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    max_file_size: int | None,
) -> None:
    """Audit ticket-archive exports: findings per 1,000 replies by week or month, rule,
    macro, group and channel, and the recovery steps missing in replies to complaints, as a
    self-contained HTML report and CSV tables. Only agents' public replies are linted."""
    from ..errors import ApologylintError
    from ..run import Settings
    from . import Fields, audit, load_key, write_tables

    def fail(message: str) -> None:
        click.echo(f"apologylint: {escape_controls(message)}", err=True)
        sys.exit(2)

    overrides: dict[str, object] = {}
    if select:
        overrides["select"] = tuple(s for v in select for s in v.split(",") if s)
    if ignore:
        overrides["ignore"] = tuple(s for v in ignore for s in v.split(",") if s)
    try:
        settings = Settings(config_file, isolated, overrides)
        config = settings.config_for(None)
        key = None if names else load_key(pseudonym_key_file)
        result = audit(
            list(paths),
            input_format=input_format,
            fields=Fields(
                text=text_field,
                ticket=ticket_field,
                author=author_field,
                role=role_field,
                public=public_field,
                time=time_field,
                group=group_field,
                channel=channel_field,
                macro=macro_field,
                id=id_field,
            ),
            agent_roles=[r for r in agent_roles.split(",") if r.strip()],
            config=config,
            period=period,
            key=key,
            names=names,
            excerpts=excerpts,
            framework=None if framework.lower() == "none" else framework,
            jobs=max(1, jobs),
            engine=engine,
            spark_master=spark_master,
            max_record_size=max_file_size if max_file_size is not None else config.max_file_size,
            progress=True,
        )
    except ApologylintError as exc:
        fail(str(exc))
        return
    except ImportError as exc:
        fail(f"{exc}; --engine spark needs: pip install 'apologylint[spark]'")
        return
    for notice in result.stats.notices:
        click.echo(f"apologylint: {escape_controls(notice)}", err=True)
    for err in result.stats.errors:
        click.echo(f"apologylint: {escape_controls(str(err))}", err=True)
    page = result.html(inputs=[os.path.basename(p) for p in paths])
    if output_file:
        Path(output_file).write_text(page, encoding="utf-8")
        if tables_dir is None:
            tables_dir = str(Path(output_file).with_suffix("")) + "-tables"
    else:
        sys.stdout.write(page)
    if tables_dir:
        write_tables(result.aggregate.tables(), tables_dir)
    s = result.stats
    click.echo(
        f"Audited {s.replies:,} replies ({result.aggregate.findings:,} findings); skipped "
        f"{s.customer:,} customers' messages, {s.internal:,} internal notes, "
        f"{s.unknown_author:,} of unknown author.",
        err=True,
    )
    sys.exit(2 if s.errors else 0)

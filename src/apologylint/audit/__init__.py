"""Audit a ticket archive: lint every reply the business sent and count the findings per
period, rule, macro, group, channel and agent (``apologylint audit``).

Readers for ticket exports are in :mod:`.records`, the batch judging shared by every engine in
:mod:`.engine`, the counting in :mod:`.aggregate` and the HTML report in :mod:`.report`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .aggregate import Aggregator, load_key, write_tables
from .records import AUDIT_FORMATS, DEFAULT_AGENT_ROLES, Fields, ReadStats, Reply, read_replies

__all__ = [
    "AUDIT_FORMATS",
    "Aggregator",
    "AuditResult",
    "Fields",
    "ReadStats",
    "Reply",
    "audit",
    "load_key",
    "read_replies",
    "write_tables",
]


@dataclass
class AuditResult:
    aggregate: Aggregator
    stats: ReadStats
    fingerprint: str
    framework: str | None
    engine: str

    def html(self, inputs: Sequence[str] = ()) -> str:
        from .report import render_report

        return render_report(
            self.aggregate,
            stats=self.stats.to_dict(),
            fingerprint=self.fingerprint,
            framework=self.framework,
            inputs=inputs,
            engine=self.engine,
        )


def audit(
    paths: Sequence[str],
    *,
    input_format: str | None = None,
    fields: Fields | None = None,
    agent_roles: Sequence[str] = DEFAULT_AGENT_ROLES,
    config: Any = None,
    period: str = "week",
    key: bytes | None = None,
    names: bool = False,
    excerpts: bool = False,
    framework: str | None = "aware",
    jobs: int = 1,
    engine: str = "in-process",
    spark_master: str | None = None,
    max_record_size: int | None = 10 * 1024 * 1024,
    progress: bool = False,
) -> AuditResult:
    """Read ``paths`` (ticket exports), judge every agent-authored public reply and add them up.
    ``engine`` is ``in-process`` (``jobs`` worker processes) or ``spark``."""
    from ..config import Config
    from .engine import LinterFactory, judge_replies

    config = config if config is not None else Config()
    stats = ReadStats()
    agg = Aggregator(period=period, key=key, names=names, excerpts=excerpts)
    replies = read_replies(
        paths,
        input_format,
        fields=fields,
        agent_roles=agent_roles,
        max_record_size=max_record_size,
        stats=stats,
    )
    factory = LinterFactory(config)
    if engine == "spark":
        from ..spark import judge_replies_spark

        judged = judge_replies_spark(replies, factory, framework=framework, master=spark_master)
    elif engine == "in-process":
        judged = judge_replies(replies, factory, framework=framework, jobs=jobs, progress=progress)
    else:
        raise ValueError(f"unknown engine {engine!r} (in-process or spark)")
    for reply, found, missing in judged:
        agg.add(reply, found, missing)
    return AuditResult(agg, stats, config.ruleset().fingerprint(), framework, engine)

"""Counting an audit: findings per 1,000 replies by period, rule, macro, group, channel and
agent, and the recovery steps missing in replies to complaints.

A coaching tool, not a ranking of people: agents appear only under a keyed pseudonym unless
names are asked for, groups with fewer than :data:`MIN_GROUP_AGENTS` agents are merged into
"other" (a group of two is two people), and no reply text is kept unless excerpts are asked for.
Memory grows with the number of distinct periods, rules, macros, groups and agents, never with
the number of replies.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..categories import CONTENT_CATEGORIES
from ..errors import ApologylintError
from ..findings import Finding
from .records import Reply

MIN_GROUP_AGENTS = 5
EXCERPTS_PER_RULE = 3
CATEGORY_ORDER = CONTENT_CATEGORIES


class KeyFileError(ApologylintError):
    """The pseudonym key file cannot be used."""


def default_key_file() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "apologylint" / "pseudonym.key"


def load_key(path: str | os.PathLike[str] | None = None) -> bytes:
    """The HMAC key for agent pseudonyms: read from ``path``, or created there (mode 0600, 32
    random bytes) when absent. A key that others can read is refused: whoever has it can tell
    who is who."""
    p = Path(path) if path is not None else default_key_file()
    if not p.exists():
        p.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_hex(32).encode() + b"\n")
    mode = p.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyFileError(f"{p}: readable by others (mode {oct(mode & 0o777)}); chmod 600 it")
    key = p.read_bytes().strip()
    if len(key) < 16:
        raise KeyFileError(f"{p}: too short for a key (at least 16 bytes)")
    return key


def pseudonym(key: bytes, author: str) -> str:
    """A stable pseudonym for an author id under ``key`` (HMAC-SHA256, 40 bits shown)."""
    return "agent-" + hmac.new(key, author.encode("utf-8"), hashlib.sha256).hexdigest()[:10]


@dataclass
class _Row:
    replies: int = 0
    with_findings: int = 0
    findings: Counter[str] = field(default_factory=Counter)  # by category

    def add(self, findings: Sequence[Finding]) -> None:
        self.replies += 1
        if findings:
            self.with_findings += 1
        for f in findings:
            self.findings[f.category] += 1

    @property
    def total(self) -> int:
        return sum(self.findings.values())


#: A table: its column names and rows.
Table = tuple[tuple[str, ...], list[tuple[object, ...]]]


def per_1000(n: int, replies: int) -> float:
    return round(1000 * n / replies, 1) if replies else 0.0


class Aggregator:
    """Adds up judged replies; :meth:`tables` gives the tables behind every chart."""

    def __init__(
        self,
        *,
        period: str = "week",
        key: bytes | None = None,
        names: bool = False,
        excerpts: bool = False,
    ) -> None:
        if period not in ("week", "month"):
            raise ValueError("period is 'week' or 'month'")
        if not names and key is None:
            raise ValueError("a pseudonym key is needed unless names are shown")
        self.period = period
        self._key = key
        self.names = names
        self.excerpts = excerpts
        self.replies = 0
        self.findings = 0
        self.complaints = 0
        self.timeline: dict[str, _Row] = defaultdict(_Row)
        self.rules: Counter[str] = Counter()
        self.rule_replies: Counter[str] = Counter()
        self.rule_meta: dict[str, tuple[str, str]] = {}
        self.macros: dict[str, _Row] = defaultdict(_Row)
        self.macro_rules: dict[str, Counter[str]] = defaultdict(Counter)
        self.groups: dict[str, _Row] = defaultdict(_Row)
        self.group_agents: dict[str, set[str]] = defaultdict(set)
        self.channels: dict[str, _Row] = defaultdict(_Row)
        self.agents: dict[str, _Row] = defaultdict(_Row)
        self.missing: Counter[str] = Counter()
        self.examples: dict[str, list[str]] = defaultdict(list)
        self._pseudonyms: dict[str, str] = {}

    def agent(self, reply: Reply) -> str:
        if reply.author is None:
            return "(unknown)"
        if self.names:
            return reply.author_name or reply.author
        known = self._pseudonyms.get(reply.author)
        if known is None:
            assert self._key is not None
            known = self._pseudonyms[reply.author] = pseudonym(self._key, reply.author)
        return known

    def bucket(self, reply: Reply) -> str:
        if reply.time is None:
            return "(no date)"
        if self.period == "month":
            return reply.time.strftime("%Y-%m")
        year, week, _ = reply.time.isocalendar()
        return f"{year}-W{week:02d}"

    def add(self, reply: Reply, findings: Sequence[Finding], missing: Sequence[str] | None) -> None:
        self.replies += 1
        self.findings += len(findings)
        self.timeline[self.bucket(reply)].add(findings)
        for code in {f.code for f in findings}:
            self.rule_replies[code] += 1
        for f in findings:
            self.rules[f.code] += 1
            self.rule_meta.setdefault(f.code, (f.name, f.category))
            if self.excerpts and len(self.examples[f.code]) < EXCERPTS_PER_RULE:
                excerpt = " ".join(f.text.split())
                if excerpt and excerpt not in self.examples[f.code]:
                    self.examples[f.code].append(excerpt)
        macro = reply.macro or "(no macro)"
        self.macros[macro].add(findings)
        self.macro_rules[macro].update(f.code for f in findings)
        agent = self.agent(reply)
        group = reply.group or "(no group)"
        self.groups[group].add(findings)
        self.group_agents[group].add(agent)
        self.channels[reply.channel or "(no channel)"].add(findings)
        self.agents[agent].add(findings)
        if missing is not None:
            self.complaints += 1
            self.missing.update(missing)

    # -- tables -------------------------------------------------------------------------------

    def categories(self) -> list[str]:
        seen = {c for row in self.timeline.values() for c in row.findings}
        return [c for c in CATEGORY_ORDER if c in seen] + sorted(seen - set(CATEGORY_ORDER))

    def tables(self) -> dict[str, Table]:
        cats = self.categories()
        out: dict[str, Table] = {}
        out["timeline"] = (
            ("period", "replies", "category", "findings", "per_1000_replies"),
            [
                (p, row.replies, c, row.findings[c], per_1000(row.findings[c], row.replies))
                for p, row in sorted(self.timeline.items())
                for c in cats
            ],
        )
        out["rules"] = (
            ("code", "name", "category", "findings", "replies", "per_1000_replies"),
            [
                (
                    code,
                    *self.rule_meta[code],
                    n,
                    self.rule_replies[code],
                    per_1000(n, self.replies),
                )
                for code, n in sorted(self.rules.items(), key=lambda kv: (-kv[1], kv[0]))
            ],
        )
        out["macros"] = (
            ("macro", "replies", "findings", "per_1000_replies", "top_rule"),
            [
                (
                    m,
                    row.replies,
                    row.total,
                    per_1000(row.total, row.replies),
                    (self.macro_rules[m].most_common(1) or [("", 0)])[0][0],
                )
                for m, row in sorted(self.macros.items(), key=lambda kv: (-kv[1].total, kv[0]))
            ],
        )
        out["groups"] = self._rows("group", self._merged_groups(), with_agents=True)
        out["channels"] = self._rows("channel", self.channels)
        out["agents"] = (
            ("agent", "replies", "findings", "per_1000_replies"),
            # by name or pseudonym, never by score: this is for coaching, not a league table
            [
                (a, row.replies, row.total, per_1000(row.total, row.replies))
                for a, row in sorted(self.agents.items())
            ],
        )
        out["recovery"] = (
            ("step", "missing_in", "complaint_replies", "share_missing"),
            [
                (step, n, self.complaints, round(n / self.complaints, 3) if self.complaints else 0)
                for step, n in sorted(self.missing.items(), key=lambda kv: (-kv[1], kv[0]))
            ],
        )
        if self.excerpts:
            out["excerpts"] = (
                ("code", "excerpt"),
                [(code, e) for code in sorted(self.examples) for e in self.examples[code]],
            )
        return out

    def _merged_groups(self) -> dict[str, _Row]:
        merged: dict[str, _Row] = {}
        self._merged_agents: dict[str, int] = {}
        for name, row in self.groups.items():
            agents = self.group_agents[name]
            key = name if len(agents) >= MIN_GROUP_AGENTS else "other"
            target = merged.setdefault(key, _Row())
            target.replies += row.replies
            target.with_findings += row.with_findings
            target.findings.update(row.findings)
            self._merged_agents.setdefault(key, 0)
            self._merged_agents[key] += len(agents)
        return merged

    def _rows(self, label: str, rows: dict[str, _Row], with_agents: bool = False) -> Table:
        cats = self.categories()
        head: tuple[str, ...] = (label, "replies")
        if with_agents:
            head += ("agents",)
        head += ("findings", "per_1000_replies", *(f"{c}_per_1000" for c in cats))
        body = []
        for name, row in sorted(rows.items(), key=lambda kv: (-kv[1].replies, kv[0])):
            cells: tuple[object, ...] = (name, row.replies)
            if with_agents:
                cells += (self._merged_agents.get(name, 0),)
            cells += (
                row.total,
                per_1000(row.total, row.replies),
                *(per_1000(row.findings[c], row.replies) for c in cats),
            )
            body.append(cells)
        return head, body


def write_tables(tables: dict[str, Table], directory: str | os.PathLike[str]) -> list[Path]:
    """Each table as ``NAME.csv`` in ``directory`` (and ``NAME.parquet`` when pyarrow is
    installed); returns the files written."""
    import csv

    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        pa = pq = None
    for name, (head, rows) in tables.items():
        path = out / f"{name}.csv"
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(head)
            w.writerows(_csv_safe(r) for r in rows)
        written.append(path)
        if pa is not None:
            columns = {h: [r[i] for r in rows] for i, h in enumerate(head)}
            pq.write_table(pa.table(columns), out / f"{name}.parquet")
            written.append(out / f"{name}.parquet")
    return written


def _csv_safe(row: tuple[object, ...]) -> tuple[object, ...]:
    # A cell a spreadsheet would run as a formula (a macro title "=HYPERLINK(…)") is quoted.
    return tuple(
        "'" + v if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r") else v
        for v in row
    )

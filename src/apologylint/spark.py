"""Linting a DataFrame of replies on Spark (``pip install "apologylint[spark]"``).

```python
from apologylint.spark import lint_dataframe

findings = lint_dataframe(replies_df, text_col="body", id_col="comment_id")
findings.groupBy("category").count().show()
```

Each Python worker builds one :class:`~apologylint.linter.Linter` (for each configuration) and
keeps it for every partition it is given; partitions go through ``mapInPandas`` a batch at a
time, so the same code runs on ``local[2]``, Databricks, EMR or ``spark-submit`` on a cluster.
The per-partition work is :func:`lint_rows`, the same batch judging the in-process audit uses,
so the findings are identical to ``Linter.lint_many`` on the same texts.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict
from typing import Any

from .audit.engine import BATCH, judge
from .audit.records import Reply
from .config import Config
from .findings import Finding, Severity

#: Columns of the findings DataFrame after the input's id, in order, with their Spark types.
FINDING_COLUMNS: tuple[tuple[str, str], ...] = (
    ("code", "string"),
    ("name", "string"),
    ("category", "string"),
    ("severity", "string"),
    ("message", "string"),
    ("suggestion", "string"),
    ("text", "string"),
    ("start", "long"),
    ("end", "long"),
    ("line", "long"),
    ("column", "long"),
    ("end_line", "long"),
    ("end_column", "long"),
    ("confidence", "double"),
)

_LINTERS: dict[str, Any] = {}


def worker_linter(config: Config | None) -> Any:
    """The Linter of this Python process for ``config`` (built on first use, then reused)."""
    from .run import config_key

    config = config or Config()
    key = config_key(config)
    linter = _LINTERS.get(key)
    if linter is None:
        from .linter import Linter

        linter = _LINTERS[key] = Linter(config=config)
    return linter


def lint_rows(
    ids: Sequence[Any], texts: Sequence[Any], config: Config | None = None, html: bool = False
) -> list[tuple[Any, ...]]:
    """One row ``(id, code, name, …, confidence)`` per finding of each text (a ``None`` text
    has none). What every Spark task runs on its slice of a partition."""
    linter = worker_linter(config)
    rows: list[tuple[Any, ...]] = []
    for start in range(0, len(texts), BATCH):
        part = [
            (str(i), "" if t is None else str(t), html)
            for i, t in zip(ids[start : start + BATCH], texts[start : start + BATCH])
        ]
        for (rid, _, _), (found, _) in zip(part, judge(linter, part, framework=None)):
            rows.extend((rid, *_finding_row(f)) for f in found)
    return rows


def _finding_row(f: Finding) -> tuple[Any, ...]:
    return (
        f.code,
        f.name,
        f.category,
        f.severity.value,
        f.message,
        f.suggestion,
        f.text,
        f.start,
        f.end,
        f.line,
        f.column,
        f.end_line,
        f.end_column,
        f.confidence,
    )


def lint_partition(
    batches: Iterable[Any], *, text_col: str, id_col: str, config: Config | None = None
) -> Iterator[Any]:
    """The ``mapInPandas`` function: pandas DataFrames of replies in, of findings out."""
    import pandas as pd

    columns = ["id", *(c for c, _ in FINDING_COLUMNS)]
    for pdf in batches:
        rows = lint_rows(pdf[id_col].tolist(), pdf[text_col].tolist(), config)
        yield pd.DataFrame(rows, columns=columns)


def findings_schema(id_type: str = "string") -> str:
    return ", ".join([f"id {id_type}", *(f"`{c}` {t}" for c, t in FINDING_COLUMNS)])


def lint_dataframe(df: Any, *, text_col: str, id_col: str, config: Config | None = None) -> Any:
    """A DataFrame of findings, one row per finding: ``id`` (the input's ``id_col`` as a
    string) and the finding fields (``code``, ``name``, ``category``, ``severity``,
    ``message``, ``suggestion``, ``text``, ``start``, ``end``, ``line``, ``column``,
    ``end_line``, ``end_column``, ``confidence``). Lazy, like every Spark transformation."""
    from functools import partial

    for col in (text_col, id_col):
        if col not in df.columns:
            raise ValueError(f"no column {col!r}; columns: {', '.join(df.columns)}")
    fn = partial(lint_partition, text_col=text_col, id_col=id_col, config=config)
    return df.select(id_col, text_col).mapInPandas(fn, schema=findings_schema())


# -- the audit's Spark engine ------------------------------------------------------------------


def _audit_partition(
    batches: Iterable[Any], *, config: Config | None, framework: str | None
) -> Iterator[Any]:
    import pandas as pd

    linter = worker_linter(config)
    for pdf in batches:
        seqs, texts, htmls = pdf["seq"].tolist(), pdf["text"].tolist(), pdf["html"].tolist()
        out = []
        for start in range(0, len(seqs), BATCH):
            items = [
                (str(s), str(t), bool(h))
                for s, t, h in zip(
                    seqs[start : start + BATCH],
                    texts[start : start + BATCH],
                    htmls[start : start + BATCH],
                )
            ]
            for s, (found, missing) in zip(
                seqs[start : start + BATCH], judge(linter, items, framework)
            ):
                if found or missing is not None:
                    out.append(
                        (
                            s,
                            json.dumps([_finding_json(f) for f in found]),
                            None if missing is None else json.dumps(list(missing)),
                        )
                    )
        yield pd.DataFrame(out, columns=["seq", "findings", "missing"])


def _finding_json(f: Finding) -> dict[str, Any]:
    d = asdict(f)
    d["severity"] = f.severity.value
    return d


def _finding_from_json(d: dict[str, Any]) -> Finding:
    return Finding(**{**d, "severity": Severity(d["severity"])})


def spark_session(master: str | None = None, app: str = "apologylint") -> Any:
    """A Spark session (an active one if there is one, else a new one on ``master``)."""
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    active = SparkSession.getActiveSession()
    if active is not None and master is None:
        return active
    return (
        SparkSession.builder.master(master or "local[*]")
        .appName(app)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )


def judge_replies_spark(
    replies: Iterable[Reply],
    factory: Any,
    *,
    framework: str | None = "aware",
    master: str | None = None,
) -> Iterator[tuple[Reply, list[Finding], tuple[str, ...] | None]]:
    """The audit's ``--engine spark``: replies are spooled to a JSON Lines file, judged by
    Spark's Python workers, and the verdicts merged back with the replies in order (both
    streams sorted by sequence number, so the driver holds neither in memory)."""
    spark = spark_session(master)
    config = getattr(factory, "config", None)
    with tempfile.TemporaryDirectory(prefix="apologylint-spark-") as tmp:
        spool = os.path.join(tmp, "replies.jsonl")
        n = 0
        with open(spool, "w", encoding="utf-8") as f:
            for n, reply in enumerate(replies, 1):  # noqa: B007
                f.write(json.dumps({"seq": n, **_reply_json(reply)}) + "\n")
        if n == 0:
            return
        df = spark.read.schema("seq long, text string, html boolean").json(spool)
        # a spool of a few MB is one split: spread it over every core (and some more, so that
        # a slow partition does not hold the others up)
        df = df.repartition(max(2, 2 * spark.sparkContext.defaultParallelism, n // 20_000))
        from functools import partial

        fn = partial(_audit_partition, config=config, framework=framework)
        verdicts = (
            df.mapInPandas(fn, schema="seq long, findings string, missing string")
            .orderBy("seq")
            .toLocalIterator()
        )
        yield from _merge(_read_spool(spool), verdicts)


def _reply_json(reply: Reply) -> dict[str, Any]:
    d = asdict(reply)
    d["time"] = reply.time.isoformat() if reply.time is not None else None
    return d


def _read_spool(path: str) -> Iterator[Reply]:
    from .audit.records import parse_time

    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            d.pop("seq")
            d["time"] = parse_time(d["time"])
            yield Reply(**d)


def _merge(
    replies: Iterable[Reply], verdicts: Iterable[Any]
) -> Iterator[tuple[Reply, list[Finding], tuple[str, ...] | None]]:
    it = iter(verdicts)
    nxt = next(it, None)
    for seq, reply in enumerate(replies, 1):
        if nxt is not None and nxt["seq"] == seq:
            found = [_finding_from_json(d) for d in json.loads(nxt["findings"])]
            missing = tuple(json.loads(nxt["missing"])) if nxt["missing"] is not None else None
            nxt = next(it, None)
            yield reply, found, missing
        else:
            yield reply, [], None

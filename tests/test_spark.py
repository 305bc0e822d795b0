"""Spark: lint_dataframe and audit --engine spark give the in-process findings.

The per-partition function is tested here without Spark; the tests marked ``spark`` start a
local Spark (``local[2]``) and run only where pyspark and a Java runtime are installed
(``.ci/run`` installs both in a step of its own: ``pytest -m spark``).
"""

from __future__ import annotations

import io
import os
import shutil
import sys

import pytest

from apologylint import Linter
from apologylint.audit.synthetic import replies, zendesk_archive
from apologylint.spark import _finding_from_json, _finding_json, _merge, lint_rows


def expected_rows(ids, texts):
    from apologylint.readers.plain import read_text

    linter = Linter()
    rows = []
    # texts are read as drafts (quoted history and signature left out), as lint() reads them

    docs = (read_text(t, record=str(i)) for i, t in zip(ids, texts))
    for rid, result in zip(ids, linter.lint_many(docs)):
        rows.extend((str(rid), f.code, f.start, f.end, f.text) for f in result)
    return rows


def test_lint_rows_is_lint_many_without_spark():
    texts = replies(300, seed=3)
    ids = list(range(300))
    got = [(r[0], r[1], r[8], r[9], r[7]) for r in lint_rows(ids, texts)]
    assert got == expected_rows(ids, texts)
    assert len(got) > 50


def test_lint_rows_takes_none_and_keeps_ids():
    rows = lint_rows(["a", "b"], [None, "Sorry if you feel that way."])
    assert [(r[0], r[1]) for r in rows] == [("b", "FA101")]


def test_findings_survive_the_json_round_trip_and_merge_in_order():
    from apologylint.audit.records import Reply

    f = next(iter(Linter().lint_many(["Sorry if you feel that way."])))[0]
    assert _finding_from_json(_finding_json(f)) == f
    rs = [Reply(id=str(i), text="t") for i in range(4)]
    verdicts = [
        {"seq": 2, "findings": "[]", "missing": '["x"]'},
        {"seq": 4, "findings": "[]", "missing": None},
    ]
    merged = list(_merge(rs, verdicts))
    assert [(r.id, m) for r, _, m in merged] == [
        ("0", None),
        ("1", ("x",)),
        ("2", None),
        ("3", None),
    ]


# -- on a local Spark ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spark():
    try:
        import pyspark  # noqa: F401
    except ImportError:
        pytest.skip(
            "pyspark not installed (pip install '.[spark]'; .ci/run does it in its own step)"
        )
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        pytest.skip("no Java runtime (apt-get install default-jre-headless)")
    from apologylint.spark import spark_session

    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = spark_session("local[2]", app="apologylint-tests")
    yield session
    session.stop()


@pytest.mark.spark
def test_lint_dataframe_matches_the_in_process_batch(spark):
    from apologylint.spark import lint_dataframe

    texts = replies(2000, seed=11)
    ids = [f"r{i}" for i in range(2000)]
    df = spark.createDataFrame(list(zip(ids, texts)), schema="reply_id string, body string")
    out = lint_dataframe(df.repartition(4), text_col="body", id_col="reply_id")
    got = sorted((r["id"], r["code"], r["start"], r["end"], r["text"]) for r in out.collect())
    assert got == sorted(expected_rows(ids, texts))
    assert len(got) > 300


@pytest.mark.spark
def test_audit_engine_spark_gives_the_same_tables(spark, tmp_path):
    from apologylint.audit import audit

    path = tmp_path / "archive.json"
    buf = io.StringIO()
    zendesk_archive(buf, 400, seed=5)
    path.write_text(buf.getvalue(), encoding="utf-8")
    key = b"k" * 32
    local = audit([str(path)], key=key)
    on_spark = audit([str(path)], key=key, engine="spark")
    assert on_spark.aggregate.tables() == local.aggregate.tables()
    assert local.aggregate.replies == 400 and local.aggregate.findings > 0

"""Benchmark ``apologylint audit``: replies/s and peak memory, in process (1 and 2 jobs) and on
Spark (local[2]), and the report's build time and size.

    python bench/audit.py --replies 100000
    python bench/audit.py --replies 1000000 --skip-spark

A synthetic Zendesk archive (``apologylint.audit.synthetic``: agent replies of 20-200 words,
mean about 60, varied sentences with distinct names and numbers; customers' messages, internal
notes and macros) is written to a temporary file first. Each engine runs in a fresh process;
its peak memory is the largest resident set among that process and the children it waited for
(the worker processes of ``-j 2``; for Spark, the Python driver: the JVM and Spark's Python
workers are not counted). The machine these figures come from may be shared: say so when
quoting them.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time


def run_one(mode: str, path: str, jobs: int) -> None:
    from apologylint.audit import audit

    t0 = time.perf_counter()
    result = audit(
        [path],
        key=b"bench-key-bench-key-bench-key-00",
        jobs=jobs,
        engine="spark" if mode == "spark" else "in-process",
        spark_master="local[2]" if mode == "spark" else None,
    )
    seconds = time.perf_counter() - t0
    t1 = time.perf_counter()
    page = result.html(inputs=[os.path.basename(path)])
    report_seconds = time.perf_counter() - t1
    print(
        json.dumps(
            {
                "seconds": seconds,
                "replies": result.aggregate.replies,
                "findings": result.aggregate.findings,
                "complaints": result.aggregate.complaints,
                "report_seconds": report_seconds,
                "report_bytes": len(page.encode("utf-8")),
            }
        )
    )


def measure(mode: str, path: str, jobs: int) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--run-one", mode, "--path", path, "--jobs", str(jobs)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    out = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise SystemExit(f"{mode} run failed ({status})")
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_mb"] = usage.ru_maxrss / 1024
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=100_000)
    parser.add_argument("--skip-spark", action="store_true")
    parser.add_argument("--run-one", choices=["in-process", "spark"])
    parser.add_argument("--path")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    if args.run_one:
        run_one(args.run_one, args.path, args.jobs)
        return
    from apologylint.audit.synthetic import zendesk_archive

    with tempfile.TemporaryDirectory(prefix="apologylint-bench-") as tmp:
        path = os.path.join(tmp, "archive.json")
        t0 = time.perf_counter()
        with open(path, "w", encoding="utf-8") as f:
            made = zendesk_archive(f, args.replies)
        size = os.path.getsize(path)
        print(
            f"archive: {made['replies']:,} agent replies, {made['customer']:,} customers' "
            f"messages, {made['notes']:,} internal notes in {made['tickets']:,} tickets; "
            f"{size / 1e6:,.1f} MB (written in {time.perf_counter() - t0:.1f} s)"
        )
        print(f"cpus: {os.cpu_count()}, load average now: {os.getloadavg()[0]:.1f}")
        runs = [("in-process", 1), ("in-process", 2)]
        if not args.skip_spark:
            runs.append(("spark", 1))
        for mode, jobs in runs:
            r = measure(mode, path, jobs)
            label = (
                f"{mode}, {jobs} job{'s' if jobs > 1 else ''}"
                if mode != "spark"
                else ("spark, local[2]")
            )
            print(
                f"{label:<22} {r['replies'] / r['seconds']:8,.0f} replies/s "
                f"({r['replies']:,} replies, {r['findings']:,} findings, "
                f"{r['complaints']:,} complaint replies assessed, {r['seconds']:.1f} s); "
                f"peak memory {r['peak_mb']:,.0f} MB"
            )
        print(f"report: built in {r['report_seconds'] * 1000:.0f} ms, {r['report_bytes']:,} bytes")


if __name__ == "__main__":
    main()

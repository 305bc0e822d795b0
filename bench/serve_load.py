"""A bounded load test of ``apologylint serve`` on loopback, printed as figures (never asserted).

    python bench/serve_load.py                      # 20,000 requests at concurrency 4, then 16
    python bench/serve_load.py --requests 2000      # quicker

Starts the server as a subprocess (model off, one worker), sends N distinct ~150-word drafts
(each with its own customer name and order number) to ``POST /v1/lint`` at concurrency C with an
asyncio httpx client, then stops. Prints throughput, latency p50/p95/p99, errors (503s counted
apart: they are the server refusing excess load at once, as it should), and the server's memory
before and after. Then: one draft at a time to a warm server (p50), and the same draft through a
fresh ``apologylint check`` process.

The client runs on the same machine and shares its cores with the server: on a 2-core machine
the figures are those of both together, not of the server alone.
Targets (150-word drafts, model off): >= 400 drafts/s with p99 < 25 ms at concurrency 4; at
concurrency 16 excess load gets 503s, not timeouts; 0 errors over 20,000 requests; memory growth
< 10 %; one draft to a warm server < 5 ms at p50.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import make_draft  # noqa: E402

NAMES = ["Avery", "Bodhi", "Celeste", "Dario", "Elif", "Farah", "Gus", "Hana", "Ivo", "Jun"]


def drafts(n: int, words: int = 150, seed: int = 20261208) -> list[str]:
    """``n`` distinct drafts of about ``words`` words: a unique name and order number each."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        text = ""
        while len(text.split()) < words - 10:
            text += " " + make_draft(rng, flagged=rng.random() < 0.4)
        cut = " ".join(text.split()[:words])
        name = f"{rng.choice(NAMES)}-{i}"
        out.append(f"Hi {name},\n\nAbout order #{1_000_000 + i}: {cut}\n\nThanks, {name}.")
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start(folder: Path, *args: str) -> tuple[subprocess.Popen, str]:
    import httpx

    (folder / "apologylint.toml").write_text("model = false\n")
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "apologylint",
            "serve",
            "--config",
            str(folder / "apologylint.toml"),
            "--port",
            str(port),
            *args,
        ],
        stdout=subprocess.DEVNULL,
        stderr=None,  # startup errors show; drafts are never logged
        cwd=folder,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600  # a busy machine can take minutes to import spaCy
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with status {proc.returncode}")
        try:
            if httpx.get(url + "/healthz", timeout=5).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("the server did not start in 600 s")


async def load(url: str, texts: list[str], concurrency: int) -> dict[str, object]:
    import httpx

    latencies: list[float] = []
    statuses: dict[int, int] = {}
    failures: dict[str, int] = {}
    queue = iter(texts)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as client:

        async def worker() -> None:
            for text in queue:
                t0 = time.perf_counter()
                try:
                    r = await client.post("/v1/lint", json={"text": text})
                    statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
                    if r.status_code == 200:
                        latencies.append(time.perf_counter() - t0)
                except httpx.HTTPError as exc:
                    failures[type(exc).__name__] = failures.get(type(exc).__name__, 0) + 1

        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - t0
    return {"wall": wall, "latencies": latencies, "statuses": statuses, "failures": failures}


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def report(label: str, n: int, result: dict, before: float, after: float) -> None:
    lat = result["latencies"]
    ok = result["statuses"].get(200, 0)
    busy = result["statuses"].get(503, 0)
    other = sum(v for k, v in result["statuses"].items() if k not in (200, 503))
    errors = other + sum(result["failures"].values())
    wall = result["wall"]
    growth = (after / before - 1) * 100
    print(f"== {label}: {n:,} requests")
    print(f"  answered 200     {ok:,} ({ok / wall:,.0f} drafts/s over {wall:.1f} s)")
    print(
        f"  latency (200s)   p50 {pct(lat, 0.5):.2f} ms  p95 {pct(lat, 0.95):.2f} ms  "
        f"p99 {pct(lat, 0.99):.2f} ms"
    )
    print(f"  503 (too busy)   {busy:,}")
    print(f"  errors           {errors} {result['failures'] or ''}")
    if other:
        print(f"  other statuses   {other}")
    print(f"  server RSS       {before:.0f} MB -> {after:.0f} MB ({growth:+.1f} %)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--requests", type=int, default=20_000)
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--busy-concurrency", type=int, default=16)
    ap.add_argument("--busy-max-in-flight", type=int, default=8)
    ap.add_argument(
        "--phases",
        default="steady,busy,cli",
        help="Which parts to run (comma-separated): steady, busy, cli [default: all].",
    )
    args = ap.parse_args()
    phases = set(args.phases.split(","))

    texts = drafts(args.requests)
    words = statistics.mean(len(t.split()) for t in texts[:500])
    print(
        f"{args.requests:,} distinct drafts, {words:.0f} words on average; client and server "
        f"share this machine's {os.cpu_count()} cores"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if "steady" in phases:
            steady(folder, texts, args.concurrency)
        if "busy" in phases:
            busy(folder, texts, args.busy_concurrency, args.busy_max_in_flight)
        if "cli" in phases:
            cli(folder, texts[0])


def steady(folder: Path, texts: list[str], concurrency: int) -> None:
    import httpx

    proc, url = start(folder)
    try:
        asyncio.run(load(url, texts[:200], concurrency))  # warm-up, not counted
        before = rss_mb(proc.pid)
        result = asyncio.run(load(url, texts, concurrency))
        report(f"concurrency {concurrency}", len(texts), result, before, rss_mb(proc.pid))
        one = texts[0]
        times = []
        with httpx.Client(base_url=url) as client:
            for _ in range(300):
                t0 = time.perf_counter()
                client.post("/v1/lint", json={"text": one}).raise_for_status()
                times.append(time.perf_counter() - t0)
        print(
            f"== one draft at a time, warm server: p50 {pct(times, 0.5):.2f} ms, "
            f"p99 {pct(times, 0.99):.2f} ms (300 requests, one connection)"
        )
    finally:
        proc.terminate()
        proc.wait()


def busy(folder: Path, texts: list[str], concurrency: int, max_in_flight: int) -> None:
    proc, url = start(folder, "--max-in-flight", str(max_in_flight))
    try:
        asyncio.run(load(url, texts[:200], concurrency))
        before = rss_mb(proc.pid)
        n = min(len(texts), 5000)
        result = asyncio.run(load(url, texts[:n], concurrency))
        label = f"concurrency {concurrency}, max-in-flight {max_in_flight}"
        report(label, n, result, before, rss_mb(proc.pid))
    finally:
        proc.terminate()
        proc.wait()


def cli(folder: Path, text: str) -> None:
    draft = folder / "draft.txt"
    draft.write_text(text)
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        command = ["apologylint", "check", "--isolated", "--no-cache", str(draft)]
        subprocess.run([sys.executable, "-m", *command], capture_output=True)
        runs.append(time.perf_counter() - t0)
    print(f"== the same draft through the CLI (a new process): best of 3 {min(runs) * 1000:.0f} ms")


if __name__ == "__main__":
    main()

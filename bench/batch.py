"""Big-batch figures: 10,000 draft files linted by the CLI with 1 and 2 worker processes, and a
warm-cache re-run (printed, never asserted).

    python bench/batch.py [--files 10000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import make_corpus  # noqa: E402


def timed(cmd: list[str], cwd: str) -> float:
    start = time.perf_counter()
    out = subprocess.run(
        cmd,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, NO_COLOR="1"),
    )
    if out.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed: {out.stderr[-500:]}")
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=10_000)
    args = ap.parse_args()
    drafts = make_corpus(args.files)
    words = sum(len(d.split()) for d in drafts)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "drafts"
        for i, text in enumerate(drafts):
            sub = folder / f"{i // 500:03d}"
            sub.mkdir(parents=True, exist_ok=True)
            (sub / f"draft-{i:05d}.txt").write_text(text, encoding="utf-8")
        cli = [sys.executable, "-m", "apologylint", "check", "--exit-zero", "--quiet"]
        one = timed([*cli, "--no-cache", "-j", "1", str(folder)], tmp)
        two = timed([*cli, "--no-cache", "-j", "2", str(folder)], tmp)
        cache = str(Path(tmp) / "cache")
        cold = timed([*cli, "--cache-dir", cache, str(folder)], tmp)
        warm = timed([*cli, "--cache-dir", cache, str(folder)], tmp)
    print(f"files                  {args.files:,} ({words:,} words)")
    print(f"--jobs 1               {one:.1f} s ({args.files / one:,.0f} files/s)")
    print(
        f"--jobs 2               {two:.1f} s ({args.files / two:,.0f} files/s), "
        f"speed-up x{one / two:.2f}"
    )
    print(
        f"cache: first run       {cold:.1f} s; warm re-run {warm:.1f} s (x{cold / warm:.1f} faster)"
    )


if __name__ == "__main__":
    main()

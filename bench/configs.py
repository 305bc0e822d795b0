"""Many folders, one configuration: drafts spread over 20 folders without a config file, linted
by the CLI with and without --isolated. Equal configurations must share one Linter, so both runs
should cost about what one folder's would (printed, never asserted).

    python bench/configs.py [--files 100] [--folders 20]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TEXTS = (
    "Hi,\n\nWe are sorry if you feel that way about the refund.\n",
    "As I already explained, the fee stands.\n",
    "Thanks, your refund is on its way today.\n",
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--folders", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        for i in range(args.files):
            folder = tree / f"f{i % args.folders:02d}"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"d{i:05d}.txt").write_text(f"Order {i}.\n{TEXTS[i % 3]}", "utf-8")
        for flags in ([], ["--isolated"]):
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "apologylint", "check", "--no-cache", "-q", "-j", "1"]
                + flags
                + ["tree"],
                cwd=tmp,
                stdout=subprocess.DEVNULL,
                env=dict(os.environ, NO_COLOR="1"),
            )
            seconds = time.perf_counter() - start
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            label = " ".join(flags) or "(config walk)"
            print(
                f"{args.files} files in {args.folders} folders, {label:<13}: {seconds:6.2f} s, "
                f"peak RSS {max(peak, before) / 1024:.0f} MB"
            )


if __name__ == "__main__":
    main()

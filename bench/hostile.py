"""Time and memory on hostile input, printed as figures (never asserted in tests).

    python bench/hostile.py time               # each pattern, 10 KB -> 1 MB
    python bench/hostile.py time --patterns 'sorry but ' --sizes 10000,100000
    python bench/hostile.py memory             # peak RSS: 3 MB HTML, 5 MB text, 14 MB Zendesk
    python bench/hostile.py zone               # 20,000 distinct drafts through one Linter

Every case runs in a fresh child process (``--timeout`` seconds of wall time, default 60). A
pattern whose size runs out of time is not tried at larger sizes: its curve ends with ``>T``.
``time`` reports the CPU seconds of reading + linting (the Linter is built first, outside the
clock); ``memory`` reports the child's peak RSS beside the RSS of a child that only built the
Linter (the baseline); ``zone`` reports RSS after a warm-up and after 20,000 unique drafts.
Targets: 1 MB of any pattern in < 5 s, linear; peak RSS < 10x the input + the baseline; RSS
after 20,000 drafts within 10 % of its start.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time

#: (label, repeated unit, file suffix): what an audit found quadratic.
PATTERNS: list[tuple[str, str, str]] = [
    ("sorry but", "sorry but ", ".txt"),
    ("Sorry, but", "Sorry, but ", ".txt"),
    ("sorry", "sorry ", ".txt"),
    ("any inconvenience", "we apologise for any inconvenience ", ".txt"),
    ("!", "!", ".txt"),
    (",", ",", ".txt"),
    ("'", "'", ".txt"),
    ('"', '"', ".txt"),
    ("{%", "{%", ".liquid"),
    ("{#", "{#", ".liquid"),
    ("{{!", "{{!", ".hbs"),
]
SIZES = [10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000]

_PROSE = [
    "Thanks for getting in touch about order {n}.",
    "I'm sorry the parcel arrived late, but the courier had a backlog.",
    "I've refunded the delivery fee and the new one ships today.",
    "Could you send a photo of the damaged box?",
    "We apologise for any inconvenience this may have caused.",
    "Your account {n} shows two charges for the same month.",
]


def _body(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _prose(size: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    out: list[str] = []
    n = 0
    while n < size:
        s = rng.choice(_PROSE).format(n=rng.randrange(10**6))
        out.append(s)
        n += len(s) + 1
        if rng.random() < 0.2:
            out.append("\n")
    return " ".join(out)[:size]


def _zendesk(n_macros: int, target: int) -> str:
    per = max(200, target // n_macros - 200)
    macros = []
    for i in range(n_macros):
        text = _prose(per, seed=i)
        macros.append(
            {
                "id": 360000000 + i,
                "title": f"Macro {i}",
                "url": f"https://example.zendesk.com/api/v2/macros/{360000000 + i}.json",
                "active": True,
                "actions": [
                    {"field": "status", "value": "pending"},
                    {"field": "comment_value", "value": text},
                ],
            }
        )
    return json.dumps({"macros": macros, "count": n_macros}, indent=1)


def _memory_case(name: str) -> tuple[str, str]:
    if name == "html-unclosed-attribute":
        return '<p>Hi there,</p><p title="' + _prose(3_000_000), ".html"
    if name == "text-5mb":
        return _prose(5_000_000), ".txt"
    if name == "zendesk-10000-macros":
        return _zendesk(10_000, 14_000_000), ".json"
    raise SystemExit(f"unknown memory case {name}")


MEMORY_CASES = ["html-unclosed-attribute", "text-5mb", "zendesk-10000-macros"]


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _child(args: argparse.Namespace) -> None:
    import apologylint
    from apologylint import read
    from apologylint.linter import Linter

    linter = Linter()
    linter.lint("Sorry for the wait.")
    if args.child == "zone":
        _zone(linter, args.drafts)
        return
    path = args.file
    before = resource.getrusage(resource.RUSAGE_SELF)
    base_rss = before.ru_maxrss / 1024
    if args.child == "baseline":
        print(json.dumps({"peak_mb": base_rss, "module": apologylint.__file__}))
        return
    t0 = time.process_time()
    doc = read(path, max_file_size=None)
    if doc is not None:
        linter.lint(doc)
    cpu = time.process_time() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"cpu": cpu, "peak_mb": peak, "module": apologylint.__file__}))


def _zone(linter: object, n: int) -> None:
    import gc

    rng = random.Random(7)
    names = ["".join(rng.choice("bcdfghjklmnprstvwz") + rng.choice("aeiou") for _ in range(4))]

    def draft(i: int) -> str:
        name = "".join(rng.choice("bcdfghjklmnprstvwz") + rng.choice("aeiou") for _ in range(4))
        names[0] = name
        return (
            f"Hi {name.title()}, sorry but order {i}{rng.randrange(10**9)} left on "
            f"{rng.randrange(10**6)}-{name}x. Ref {name}{i}q{rng.randrange(10**12)}."
        )

    for i in range(2_000):  # warm-up: caches, allocator arenas
        linter.lint(draft(i))  # type: ignore[attr-defined]
    gc.collect()
    start = _rss_mb()
    strings0 = len(linter.nlp.vocab.strings)  # type: ignore[attr-defined]
    for i in range(n):
        linter.lint(draft(10**6 + i))  # type: ignore[attr-defined]
    gc.collect()
    end = _rss_mb()
    strings1 = len(linter.nlp.vocab.strings)  # type: ignore[attr-defined]
    print(
        json.dumps(
            {"start_mb": start, "end_mb": end, "strings_start": strings0, "strings_end": strings1}
        )
    )


def _run_child(extra: list[str], timeout: float) -> dict[str, float] | None:
    cmd = [sys.executable, os.path.abspath(__file__), *extra]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return None
    if out.returncode != 0:
        tail = out.stderr.strip().splitlines()[-1:] or ["?"]
        raise SystemExit(f"child failed ({out.returncode}): {tail[0]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _time(args: argparse.Namespace) -> None:
    wanted = set(args.patterns.split("|")) if args.patterns else None
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else SIZES
    print(f"{'pattern':<20}" + "".join(f"{s // 1000:>8}K" for s in sizes) + "   (CPU s)")
    module = None
    with tempfile.TemporaryDirectory() as tmp:
        for label, unit, suffix in PATTERNS:
            if wanted and label not in wanted and unit not in wanted:
                continue
            cells: list[str] = []
            dead = False
            for size in sizes:
                if dead:
                    cells.append(f"{'-':>9}")
                    continue
                path = os.path.join(tmp, "hostile" + suffix)
                with open(path, "w", encoding="utf-8") as f:
                    f.write(_body(unit, size))
                res = _run_child(["--child", "time", "--file", path], args.timeout)
                if res is None:
                    cells.append(f"{'>' + str(int(args.timeout)):>9}")
                    dead = True
                else:
                    module = res.get("module")
                    cells.append(f"{res['cpu']:>9.2f}")
            print(f"{label!r:<20}" + "".join(cells), flush=True)
    print(f"(apologylint from {module})")


def _memory(args: argparse.Namespace) -> None:
    base = _run_child(["--child", "baseline"], args.timeout)
    assert base is not None
    print(f"baseline (Linter built): {base['peak_mb']:.0f} MB peak RSS")
    print(f"{'case':<26}{'input MB':>9}{'peak MB':>9}{'(peak-base)/input':>19}{'CPU s':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for name in MEMORY_CASES:
            text, suffix = _memory_case(name)
            path = os.path.join(tmp, name + suffix)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            size_mb = os.path.getsize(path) / 2**20
            res = _run_child(["--child", "time", "--file", path], args.timeout)
            if res is None:
                print(f"{name:<26}{size_mb:>9.1f}{'timeout':>9}")
                continue
            ratio = (res["peak_mb"] - base["peak_mb"]) / size_mb
            print(
                f"{name:<26}{size_mb:>9.1f}{res['peak_mb']:>9.0f}{ratio:>18.1f}x{res['cpu']:>8.1f}",
                flush=True,
            )
    print(f"(apologylint from {base.get('module')})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("what", nargs="?", choices=["time", "memory", "zone"], default="time")
    ap.add_argument("--patterns", help="'|'-separated pattern labels (default: all)")
    ap.add_argument("--sizes", help="comma-separated sizes in characters")
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--drafts", type=int, default=20_000)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--file", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args)
    elif args.what == "time":
        _time(args)
    elif args.what == "memory":
        _memory(args)
    else:
        res = _run_child(["--child", "zone", "--drafts", str(args.drafts)], args.timeout * 20)
        if res is None:
            print("timeout")
            return
        growth = (res["end_mb"] - res["start_mb"]) / res["start_mb"] * 100
        print(
            f"{args.drafts:,} distinct drafts: RSS {res['start_mb']:.0f} MB -> "
            f"{res['end_mb']:.0f} MB ({growth:+.1f} %); string store "
            f"{res['strings_start']:,} -> {res['strings_end']:,} entries"
        )


if __name__ == "__main__":
    main()

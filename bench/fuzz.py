"""Fuzzing: malformed inputs of every kind the readers accept, through the API and the CLI's
batch path, in forked workers with a memory limit and a time limit.

    python bench/fuzz.py --inputs 20000 --seed 1          # the full run
    python bench/fuzz.py --inputs 300 --seed 7 --workers 2 # the CI slice (tests/test_fuzz.py)

Each input is written to a file with the suffix of its kind, then (1) read and linted through
the API (``read`` + ``Linter.lint``), checking the position invariants of every finding, and
(2) linted with the CLI's batch path in-process (``run`` over a folder holding the input beside
a known-bad draft: the draft's finding must come back whatever the input did). A worker that
dies, runs out of time or memory is counted and replaced. Prints: inputs tried, internal errors,
hangs, memory over the limit, wrong exit codes, broken invariants, lost batches.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import resource
import sys
import tempfile
import time
import traceback
from collections import Counter

KNOWN_BAD = "I'm sorry if you feel that way."

# -- generators ------------------------------------------------------------------------------

_WORDS = [
    "sorry",
    "but",
    "we",
    "apologise",
    "for",
    "any",
    "inconvenience",
    "if",
    "you",
    "feel",
    "refund",
    "policy",
    "I've",
    "the",
    "courier",
    "unfortunately",
    "however",
    "!",
    "?",
    ",",
    "{{name}}",
    "{% if x %}",
    "[Customer Name]",
    "\u200b",
    "\u202e",
    "\u05e9\u05dc\u05d5\u05dd",
    "\U0001f600",
    "\ud800",
    "'",
    '"',
    "\u00a0",
    "\r\n",
    "\n\n",
    "\t",
]


def _prose(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(n))


def _run(rng: random.Random) -> str:
    unit = rng.choice(
        [
            "!",
            ",",
            "'",
            '"',
            "(",
            "{%",
            "{#",
            "{{!",
            "sorry but ",
            "Sorry, ",
            "\U0001f600",
            "\u200b",
            "[A_",
            "<p ",
            "&amp;",
            "\\u",
        ]
    )
    size = 200_000 if rng.random() < 0.02 else 3_000
    return unit * rng.randrange(1, size // len(unit))


def gen_text(rng: random.Random) -> tuple[bytes, str]:
    kind = rng.random()
    if kind < 0.25:
        return os.urandom(rng.randrange(0, 4000)), rng.choice([".txt", ".md", ".html", ".eml"])
    if kind < 0.5:
        return _run(rng).encode("utf-8", "surrogatepass"), rng.choice(
            [".txt", ".liquid", ".hbs", ".md", ".html"]
        )
    text = _prose(rng, rng.randrange(0, 400))
    enc = rng.choice(["utf-8", "utf-16", "cp1252", "utf-8-sig"])
    return text.encode(enc, "surrogatepass" if "utf-8" in enc else "replace"), rng.choice(
        [".txt", ".md", ".liquid"]
    )


def gen_html(rng: random.Random) -> tuple[bytes, str]:
    parts = ["<p>", _prose(rng, 20), "</p>"]
    tricks = [
        '<p title="' + _prose(rng, 200),
        "<div>" * rng.randrange(1, 5000),
        "<p>" + _run(rng),
        "<!--" + _prose(rng, 50),
        "<script>" + _prose(rng, 30),
        "&#" + "9" * rng.randrange(1, 40) + ";",
        "<![CDATA[" + _prose(rng, 10),
        "<blockquote>" * 300 + "sorry but",
    ]
    parts.insert(rng.randrange(len(parts) + 1), rng.choice(tricks))
    return "".join(parts).encode("utf-8", "surrogatepass"), ".html"


def gen_email(rng: random.Random) -> tuple[bytes, str]:
    b = rng.choice(["XYZ", "", "a" * 80, "--", "\x00"])
    head = (
        "From: a@example.com\nTo: b@example.com\nSubject: " + _prose(rng, 5) + "\n"
        f'MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary="{b}"\n\n'
    )
    body = ""
    for _ in range(rng.randrange(0, 4)):
        cte = rng.choice(["base64", "quoted-printable", "8bit", "x-bogus", "7bit"])
        cs = rng.choice(["utf-8", "latin-1", "x-unknown", "utf-16", ""])
        body += (
            f"--{b}\nContent-Type: text/plain; charset={cs}\n"
            f"Content-Transfer-Encoding: {cte}\n\n{_prose(rng, 40)}\n=ZZ=\n"
        )
    if rng.random() < 0.2:
        nest = rng.randrange(10, 5000)
        body += "".join(
            f'--b{i}\nContent-Type: multipart/mixed; boundary="b{i + 1}"\n\n' for i in range(nest)
        )
    if rng.random() < 0.5:
        body += f"--{b}--\n"
    return (head + body).encode("utf-8", "surrogatepass"), ".eml"


def gen_json(rng: random.Random) -> tuple[bytes, str]:
    k = rng.random()
    if k < 0.2:
        depth = rng.randrange(10, 100_000 if rng.random() < 0.1 else 5_000)
        return ("[" * depth + "]" * rng.randrange(0, depth + 1)).encode(), ".json"
    if k < 0.35:
        return ('{"version": ' + "1" * rng.randrange(4000, 6000) + "}").encode(), ".json"
    recs = []
    for i in range(rng.randrange(0, 30)):
        text = _prose(rng, rng.randrange(0, 60))
        rec = {"id": i, "title": _prose(rng, 3), "text": text}
        if rng.random() < 0.1:
            rec["text"] = rng.choice([None, 5, [], {"a": 1}, True])
        recs.append(rec)
    body = json.dumps(
        rng.choice(
            [
                recs,
                {
                    "macros": [
                        {
                            "id": r["id"],
                            "title": r["title"],
                            "actions": [{"field": "comment_value", "value": r["text"]}],
                        }
                        for r in recs
                    ]
                },
            ]
        )
    )
    if rng.random() < 0.3:
        body = body[: rng.randrange(0, len(body) + 1)]  # truncated
    if rng.random() < 0.5:
        return ("\n".join(json.dumps(r) for r in recs)).encode(), ".jsonl"
    return body.encode("utf-8", "surrogatepass"), ".json"


def gen_yaml(rng: random.Random) -> tuple[bytes, str]:
    k = rng.random()
    if k < 0.25:  # alias bomb
        lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
        for i in range(1, rng.randrange(3, 10)):
            prev = "a" if i == 1 else f"l{i - 1}"
            lines.append(f"l{i}: &l{i} [" + ",".join([f"*{prev}"] * 9) + "]")
        return "\n".join(lines).encode(), ".yaml"
    if k < 0.4:
        d = rng.randrange(10, 100_000 if rng.random() < 0.1 else 5_000)
        return ("[" * d).encode(), ".yaml"
    recs = "\n".join(f'- id: {i}\n  text: "{_prose(rng, 20)}"' for i in range(rng.randrange(0, 20)))
    if rng.random() < 0.3:
        recs = recs[: rng.randrange(0, len(recs) + 1)]
    return recs.encode("utf-8", "surrogatepass"), ".yaml"


def gen_csv(rng: random.Random) -> tuple[bytes, str]:
    rows = ["id,text"]
    for i in range(rng.randrange(0, 20)):
        cell = _prose(rng, rng.randrange(0, 40)).replace('"', '""')
        if rng.random() < 0.1:
            cell = "x" * rng.randrange(10_000, 300_000)
        if rng.random() < 0.1:
            cell += "\x00"
        rows.append(f'{i},"{cell}"' if rng.random() < 0.9 else f'{i},"{cell}')
    return "\n".join(rows).encode("utf-8", "surrogatepass"), ".csv"


GENERATORS = [gen_text, gen_html, gen_email, gen_json, gen_yaml, gen_csv]


def generate(seed: int, i: int) -> tuple[bytes, str, str]:
    rng = random.Random(seed * 1_000_003 + i)
    gen = GENERATORS[i % len(GENERATORS)]
    data, suffix = gen(rng)
    return data, suffix, gen.__name__[4:]


# -- checking one input ----------------------------------------------------------------------

_LINTER = None
_SETTINGS = None


def _check(data: bytes, suffix: str, tmp: str) -> list[str]:
    """Problems found with one input (empty: all well)."""
    global _LINTER, _SETTINGS
    from apologylint import InputError, Severity, read
    from apologylint.cli import _exit_code
    from apologylint.linter import Linter
    from apologylint.run import RunOptions, Settings, run

    if _LINTER is None:
        _LINTER = Linter()
    problems: list[str] = []
    folder = tempfile.mkdtemp(dir=tmp)
    path = os.path.join(folder, "input" + suffix)
    with open(path, "wb") as f:
        f.write(data)
    # (1) the API
    try:
        doc = read(path)
    except InputError:
        doc = None
    except Exception as exc:  # noqa: BLE001 - what the harness counts
        problems.append(f"internal error (read): {type(exc).__name__}: {exc}"[:300])
        doc = None
    if doc is not None:
        try:
            verbatim = all(seg.starts is None for seg in doc.segments)
            for f in _LINTER.lint(doc):
                # A finding's text is the source slice, or (where a reader decoded escapes or
                # entities) the decoded text of that slice.
                if not 0 <= f.start <= f.end <= len(doc.source) or (
                    verbatim and doc.source[f.start : f.end] != f.text
                ):
                    problems.append(f"invariant: {f.code} text/offsets disagree")
                line, col = doc.position(f.start)
                if (line, col) != (f.line, f.column):
                    problems.append(f"invariant: {f.code} line/column disagree")
        except InputError:
            pass
        except Exception as exc:  # noqa: BLE001
            problems.append(f"internal error (lint): {type(exc).__name__}: {exc}"[:300])
    # (2) the CLI's batch path, in-process (one Settings per worker, so its Linter is reused):
    # the known-bad draft beside the input must still be found.
    with open(os.path.join(folder, "known.txt"), "w", encoding="utf-8") as f:
        f.write(KNOWN_BAD)
    if _SETTINGS is None:
        _SETTINGS = Settings(None, True)
    try:
        report = run([folder, path], _SETTINGS, RunOptions())
        code = _exit_code(report, Severity.WARNING, False)
        json.dumps([str(e) for e in report.errors], ensure_ascii=False).encode("utf-8")
    except Exception as exc:  # noqa: BLE001
        problems.append(f"internal error (batch): {type(exc).__name__}: {exc}"[:300])
        return problems
    if not any(f.path.endswith("known.txt") and f.code == "FA101" for f in report.findings):
        problems.append("lost batch: the known finding is missing")
    want = 2 if report.errors else 1
    if code != want:
        problems.append(f"wrong exit code: {code}, expected {want}")
    return problems


def _worker(seed: int, jobs: mp.Queue, results: mp.Queue, mem_mb: int, tmp: str) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (mem_mb * 2**20, mem_mb * 2**20))
    while True:
        i = jobs.get()
        if i is None:
            return
        data, suffix, kind = generate(seed, i)
        results.put(("start", i, kind, os.getpid()))
        try:
            problems = _check(data, suffix, tmp)
        except MemoryError:
            problems = ["memory over the limit"]
        except BaseException:  # noqa: BLE001
            problems = ["internal error (harness): " + traceback.format_exc(limit=2)[-300:]]
        results.put(("done", i, problems, os.getpid()))


def fuzz(
    n: int, seed: int, workers: int, timeout: float, mem_mb: int, progress: int = 0
) -> Counter[str]:
    ctx = mp.get_context("fork")
    counts: Counter[str] = Counter()
    examples: dict[str, str] = {}

    def count(i: int, problem: str) -> None:
        key = problem.split(":")[0]
        counts[key] += 1
        examples.setdefault(key, f"input {i}: {problem}")

    t0 = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        jobs: mp.Queue = ctx.Queue()
        results: mp.Queue = ctx.Queue()
        for i in range(n):
            jobs.put(i)
        procs: dict[int, mp.Process] = {}
        running: dict[int, tuple[int, float]] = {}  # worker pid -> (input, started)

        def spawn() -> None:
            p = ctx.Process(target=_worker, args=(seed, jobs, results, mem_mb, tmp), daemon=True)
            p.start()
            procs[p.pid] = p

        for _ in range(workers):
            spawn()
        done = 0
        while done < n:
            try:
                msg = results.get(timeout=1)
            except Exception:  # noqa: BLE001 - queue.Empty
                msg = None
            if msg is not None and msg[0] == "start":
                running[msg[3]] = (msg[1], time.time())
            elif msg is not None:
                running.pop(msg[3], None)
                done += 1
                for problem in msg[2]:
                    count(msg[1], problem)
                if progress and done % progress == 0:
                    seen = {k: v for k, v in counts.items() if v}
                    print(f"[{done} inputs, {int(time.time() - t0)} s] {seen}", file=sys.stderr)
            now = time.time()
            for pid, p in list(procs.items()):
                job = running.get(pid)
                if job is not None and now - job[1] > timeout:
                    p.kill()
                    p.join()
                    count(job[0], "hang")
                elif p.is_alive():
                    continue
                elif job is not None:  # died on its own (a signal, the memory limit)
                    count(job[0], f"memory over the limit or crash: exit {p.exitcode}")
                else:
                    procs.pop(pid)
                    spawn()
                    continue
                running.pop(pid, None)
                procs.pop(pid)
                done += 1
                spawn()
        for _ in procs:
            jobs.put(None)
    counts["inputs tried"] = n
    counts["seconds"] = int(time.time() - t0)
    for key, ex in examples.items():
        print(f"  e.g. {key}: {ex}", file=sys.stderr)
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--inputs", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per input")
    ap.add_argument("--memory", type=int, default=2048, help="MB of address space per worker")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--progress", type=int, default=0, help="print the counts every N inputs")
    args = ap.parse_args()
    counts = fuzz(args.inputs, args.seed, args.workers, args.timeout, args.memory, args.progress)
    keys = [
        "inputs tried",
        "internal error (read)",
        "internal error (lint)",
        "internal error (batch)",
        "internal error (harness)",
        "hang",
        "memory over the limit",
        "wrong exit code",
        "invariant",
        "lost batch",
        "seconds",
    ]
    out = {k: counts.get(k, 0) for k in keys} | {k: v for k, v in counts.items() if k not in keys}
    if args.json:
        print(json.dumps(out))
    else:
        for k, v in out.items():
            print(f"{k:<28}{v:>8}")


if __name__ == "__main__":
    main()

"""Speed and memory of the full built-in rule set, printed as figures (never asserted in tests).

    python bench/bench.py            # 10,000 drafts
    python bench/bench.py --drafts 2000 --quick

Prints: words/s and drafts/s on one core (``Linter.lint_many``), warm latency p50/p99 for one
200-word draft (``Linter.lint``), peak memory (RSS high-water mark), and the cold-start wall time
of ``apologylint check one-draft.txt`` beside ``python -c "import spacy"``.
Targets: >= 250,000 words/s; warm p99 < 5 ms; cold start <= 0.3 s above the bare spaCy import.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GREETINGS = [
    "Hi {n},",
    "Hello {n},",
    "Dear {n},",
    "Hey {n}!",
    "Hi {{{{ticket.requester.first_name}}}},",
    "Good morning {n},",
    "Thanks for reaching out, {n}.",
    "",
]
CONTEXT = [
    "Thanks for getting in touch about order {o}.",
    "I've had a look at your account and the booking reference you sent.",
    "Your parcel left our warehouse on Monday and is now with the courier.",
    "The invoice for {m} shows two charges for the same subscription.",
    "I can see the replacement router was dispatched yesterday afternoon.",
    "Our engineers rolled out a fix for the login problem this morning.",
    "The refund of ${a}.{c} was approved and sent back to your original card.",
    "Your flight on the {d}th was moved to the 9:40 departure from gate 12.",
    "I checked with the kitchen and your order was prepared at 7:15pm.",
    "The app update released on Tuesday changed how notifications are grouped.",
    "Your plan renews on the first of each month, and the next bill is due on the {d}th.",
    "We received the returned item at our depot in good condition.",
    "I've added a note to your file so anyone who picks this up has the full history.",
    "The tracking page should refresh within a few hours of each scan.",
    "Your loyalty points balance is now {a} points after the correction.",
]
FIXES = [
    "I've refunded the delivery fee and you'll see it within 3 business days.",
    "I've sent a new confirmation to your email address just now.",
    "I'll call you tomorrow before noon to confirm it's working.",
    "We've credited your account with {a} dollars for the trouble.",
    "I've escalated this to our billing team and I'll update you by Friday.",
    "Could you send me a photo of the label so I can raise a claim today?",
    "I've reset the password link; it is valid for the next 24 hours.",
    "I'll keep this ticket open until the parcel is delivered.",
]
GOOD_APOLOGY = [
    "I'm sorry your order arrived late.",
    "I'm so sorry for the mix-up with your booking.",
    "Sorry to hear that the app keeps logging you out.",
    "I'm sorry we charged you twice; that was our mistake.",
]
BAD = [
    "I'm sorry if you feel that we let you down.",
    "We apologise for any inconvenience this may have caused.",
    "Sorry, but we had a huge backlog this week and your ticket had to wait.",
    "As I already explained in my last email, the refund takes ten days.",
    "You should have read the returns policy before sending it back.",
    "I feel so bad for you, that must be really hard for you.",
    "There's nothing more we can do about it at this point.",
    "You'll have to contact the courier yourself for an update.",
    "That's not our fault, the bank is responsible for the delay.",
    "Sorry for any confusion.",
    "Calm down, please, we are doing what we can.",
    "We're sorry you feel that way about our service.",
]
SIGNOFFS = [
    "Best,\n{a}",
    "Kind regards,\nThe Support Team",
    "Thanks,\n{a}",
    "Cheers!",
    "Warm regards,\n{a} | Customer Care",
    "Take care,\n{a}",
]
NAMES = ["Dana", "Sam", "Priya", "Jo", "Alex", "Mateo", "Aisha", "Chen", "Olu", "Zoë"]


def make_draft(rng: random.Random, flagged: bool) -> str:
    def fill(s: str) -> str:
        return s.format(
            n=rng.choice(NAMES),
            o=rng.randint(10000, 99999),
            m=rng.choice(["March", "April", "May"]),
            a=rng.randint(5, 400),
            c=rng.randint(10, 99),
            d=rng.randint(1, 28),
        )

    target = rng.randint(60, 250)
    parts = [fill(rng.choice(GREETINGS))]
    body: list[str] = []
    words = 0
    bad_at = rng.randint(0, 3) if flagged else -1
    i = 0
    while words < target - 12:
        if i == bad_at:
            s = fill(rng.choice(BAD))
        else:
            pool = rng.choice(
                (CONTEXT, CONTEXT, FIXES, GOOD_APOLOGY if rng.random() < 0.3 else FIXES)
            )
            s = fill(rng.choice(pool))
        body.append(s)
        words += len(s.split())
        i += 1
    paragraphs = []
    while body:
        k = rng.randint(1, 3)
        paragraphs.append(" ".join(body[:k]))
        body = body[k:]
    parts.extend(paragraphs)
    parts.append(fill(rng.choice(SIGNOFFS)))
    return "\n\n".join(p for p in parts if p)


def make_corpus(n: int, seed: int = 20261123) -> list[str]:
    rng = random.Random(seed)
    return [make_draft(rng, flagged=(i % 5 < 2)) for i in range(n)]  # 40 % carry a bad phrase


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cold_start(runs: int) -> tuple[float, float]:
    draft = make_corpus(1, seed=7)[0]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "one-draft.txt"
        path.write_text(draft, encoding="utf-8")
        exe = [sys.executable, "-m", "apologylint", "check", "--no-cache", "--exit-zero", str(path)]
        spacy_cmd = [sys.executable, "-c", "import spacy"]
        env = dict(os.environ, NO_COLOR="1")

        def best(cmd: list[str]) -> float:
            times = []
            for _ in range(runs):
                t = time.perf_counter()
                subprocess.run(
                    cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False
                )
                times.append(time.perf_counter() - t)
            return statistics.median(times)

        return best(exe), best(spacy_cmd)


def model_figures(drafts: list[str], total_words: int, one: str) -> None:
    """The same drafts with the learned second opinion on, in the same run (its speed target:
    >= 150,000 words/s; its memory: the RSS it adds)."""
    from apologylint import Linter
    from apologylint.model import available

    if not available():
        print("model                  not shipped in this checkout")
        return
    before = current_rss_mb()
    t = time.perf_counter()
    linter = Linter(model=True)
    linter.lint(one)  # loads the model
    load = time.perf_counter() - t
    t = time.perf_counter()
    for _ in linter.lint_many(drafts):
        pass
    elapsed = time.perf_counter() - t
    lat = latencies_ms(linter, one)
    print(
        f"with model (1 core)    {total_words / elapsed:,.0f} words/s; warm p50 "
        f"{lat[len(lat) // 2]:.2f} ms, p99 {lat[int(len(lat) * 0.99)]:.2f} ms; model loaded "
        f"in {load * 1000:.0f} ms; RSS +{current_rss_mb() - before:.0f} MB"
    )


def latencies_ms(linter: object, draft: str, runs: int = 1000) -> list[float]:
    """Warm latency of linting one draft, ``runs`` times, sorted (milliseconds)."""
    lat = []
    for _ in range(runs):
        t0 = time.perf_counter()
        linter.lint(draft)  # type: ignore[attr-defined]
        lat.append((time.perf_counter() - t0) * 1000)
    return sorted(lat)


def current_rss_mb() -> float:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except OSError:
        return float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--drafts", type=int, default=10_000)
    ap.add_argument("--cold-runs", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="skip the cold-start measurement")
    ap.add_argument(
        "--no-model", action="store_true", help="skip the figures with the learned model on"
    )
    args = ap.parse_args()

    os.environ.setdefault("OMP_NUM_THREADS", "1")
    drafts = make_corpus(args.drafts)
    total_words = sum(len(d.split()) for d in drafts)

    from apologylint import Linter

    t = time.perf_counter()
    linter = Linter(model=False)
    build = time.perf_counter() - t
    flagged = 0
    t = time.perf_counter()
    for findings in linter.lint_many(drafts):
        flagged += bool(findings)
    elapsed = time.perf_counter() - t

    one = next(d for d in make_corpus(200, seed=99) if 180 <= len(d.split()) <= 220)
    for _ in range(50):
        linter.lint(one)
    lat = latencies_ms(linter, one)

    print(
        f"drafts                 {len(drafts):,} ({total_words:,} words, "
        f"{total_words / len(drafts):.0f} words avg; {flagged / len(drafts):.0%} flagged)"
    )
    print(f"rules                  {len(linter.rules)} (Linter built in {build * 1000:.0f} ms)")
    print(
        f"throughput (1 core)    {total_words / elapsed:,.0f} words/s, "
        f"{len(drafts) / elapsed:,.0f} drafts/s"
    )
    print(
        f"warm latency (~200 w)  p50 {lat[len(lat) // 2]:.2f} ms, "
        f"p99 {lat[int(len(lat) * 0.99)]:.2f} ms"
    )
    print(f"peak memory (RSS)      {peak_rss_mb():.0f} MB")
    if not args.no_model:
        model_figures(drafts, total_words, one)
    if not args.quick:
        cli, spacy_import = cold_start(args.cold_runs)
        print(
            f"cold start             apologylint check one-draft.txt {cli:.2f} s; "
            f"python -c 'import spacy' {spacy_import:.2f} s; difference "
            f"{cli - spacy_import:+.2f} s"
        )


if __name__ == "__main__":
    main()

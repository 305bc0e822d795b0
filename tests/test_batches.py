"""Big batches: parallel workers, the result cache, baselines and --changed-since."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from apologylint import run as run_module

FAKE = "Hi,\n\nI'm sorry if you feel that way.\n"
DEFENSIVE = "As I already explained, the fee stands.\n"
CLEAN = "Thanks, your refund is on its way.\n"


def check(*args: str, cwd: Path, input: str | None = None) -> tuple[int, dict, str]:
    res = subprocess.run(
        [sys.executable, "-m", "apologylint", "check", "--format", "json", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        input=input,
    )
    return res.returncode, json.loads(res.stdout) if res.stdout.strip() else {}, res.stderr


def make_batch(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        text = (FAKE, DEFENSIVE, CLEAN)[i % 3]
        (folder / f"reply-{i:04d}.txt").write_text(f"Order {i}.\n{text}", encoding="utf-8")


@pytest.mark.slow
def test_parallel_output_is_the_same_as_serial(tmp_path: Path) -> None:
    make_batch(tmp_path / "drafts", run_module.PARALLEL_MIN_FILES + 40)
    _, one, _ = check("--no-cache", "-j", "1", "drafts", cwd=tmp_path)
    _, two, _ = check("--no-cache", "-j", "2", "drafts", cwd=tmp_path)
    assert one["findings"] == two["findings"]
    paths = [f["path"] for f in two["findings"]]
    assert paths == sorted(paths)
    assert two["summary"]["files"] == run_module.PARALLEL_MIN_FILES + 40


def test_small_batches_stay_in_process() -> None:
    assert run_module._workers(None, 1) == 1
    assert run_module._workers(8, run_module.PARALLEL_MIN_FILES - 1) == 1
    assert run_module._workers(2, 10_000) == 2


def test_cache_is_used_and_keyed_by_content(tmp_path: Path, monkeypatch) -> None:
    make_batch(tmp_path / "drafts", 6)
    rc, first, _ = check("drafts", cwd=tmp_path)
    cache = tmp_path / ".apologylint_cache"
    assert (cache / ".gitignore").read_text(encoding="utf-8").strip().endswith("*")
    entries = list(cache.rglob("*.json"))
    assert len(entries) == 6
    rc2, second, _ = check("drafts", cwd=tmp_path)
    assert (rc, first["findings"]) == (rc2, second["findings"])
    # A damaged entry is a miss, not an error; an edited file is linted again.
    entries[0].write_text("{not json", encoding="utf-8")
    (tmp_path / "drafts" / "reply-0002.txt").write_text(FAKE, encoding="utf-8")
    rc3, third, err = check("drafts", cwd=tmp_path)
    assert "Traceback" not in err
    assert sum(f["path"].endswith("reply-0002.txt") for f in third["findings"]) == 1
    # --no-cache and stdin never touch it.
    before = sorted(p.name for p in cache.rglob("*.json"))
    check("--no-cache", "drafts", cwd=tmp_path)
    check("-", cwd=tmp_path, input=FAKE)
    assert sorted(p.name for p in cache.rglob("*.json")) == before


def test_cache_key_includes_config(tmp_path: Path) -> None:
    make_batch(tmp_path / "drafts", 3)
    _, full, _ = check("drafts", cwd=tmp_path)
    (tmp_path / "apologylint.toml").write_text('ignore = ["fake-apology"]\n', encoding="utf-8")
    _, narrowed, _ = check("drafts", cwd=tmp_path)
    assert {f["category"] for f in full["findings"]} >= {"fake-apology", "defensive"}
    assert "fake-apology" not in {f["category"] for f in narrowed["findings"]}


def test_baseline_reports_only_new_findings_and_what_was_fixed(tmp_path: Path) -> None:
    drafts = tmp_path / "drafts"
    make_batch(drafts, 3)
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "apologylint",
            "check",
            "--no-cache",
            "--write-baseline",
            "baseline.json",
            "drafts",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0 and "recorded 2 findings" in res.stderr
    rc, data, _ = check("--no-cache", "--baseline", "baseline.json", "drafts", cwd=tmp_path)
    assert rc == 0 and data["findings"] == []
    # Unrelated edits above a baselined finding do not invalidate it.
    old = (drafts / "reply-0000.txt").read_text(encoding="utf-8")
    (drafts / "reply-0000.txt").write_text("New first line.\n\n" + old, encoding="utf-8")
    # A new problem is reported; a fixed one is named so the baseline can shrink.
    (drafts / "reply-0002.txt").write_text(CLEAN + "Calm down, please.\n", encoding="utf-8")
    (drafts / "reply-0001.txt").write_text(CLEAN, encoding="utf-8")
    rc, data, err = check("--no-cache", "--baseline", "baseline.json", "drafts", cwd=tmp_path)
    assert rc == 1
    assert [(Path(f["path"]).name, f["category"]) for f in data["findings"]] == [
        ("reply-0002.txt", "defensive")
    ]
    assert "no longer occur" in err and "reply-0001.txt" in err
    rc, _, err = check("--baseline", "missing.json", "drafts", cwd=tmp_path)
    assert rc == 2 and "no such baseline file" in err


def test_changed_since(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "ci@example.invalid")
    git("config", "user.name", "ci")
    make_batch(tmp_path / "drafts", 3)
    git("add", ".")
    git("commit", "-qm", "base")
    (tmp_path / "drafts" / "reply-0002.txt").write_text(FAKE, encoding="utf-8")
    (tmp_path / "drafts" / "new.txt").write_text(DEFENSIVE, encoding="utf-8")
    rc, data, _ = check("--no-cache", "--changed-since", "HEAD", "drafts", cwd=tmp_path)
    assert sorted({Path(f["path"]).name for f in data["findings"]}) == ["new.txt", "reply-0002.txt"]
    rc, _, err = check("--changed-since", "no-such-ref", "drafts", cwd=tmp_path)
    assert rc == 2 and "--changed-since no-such-ref" in err

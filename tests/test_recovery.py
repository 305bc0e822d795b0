"""Recovery completeness: profiles, assessment, the recovery/frameworks commands and RC100."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from apologylint import Linter, RulePackError
from apologylint.cli import main
from apologylint.config import Config
from apologylint.evaluate import evaluate_elements, load_items
from apologylint.recovery import ELEMENTS, Evidence, assess, load_profile, load_profiles

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
RECOVERY_TEST_SHA256 = "d59b29f732870e4a526f98db78aa1cdbb584dbbe9d5dcef83f38b870c4cd43cd"
GOOD = (
    "Hi Sam,\n\nThanks for flagging this, and I'm so sorry your parcel arrived damaged - "
    "that's on us. Could you tell me which items were broken? I've sent a replacement "
    "today and it will arrive by Friday. I'll check back on Monday to make sure it "
    "arrived safely.\n\nBest,\nJo"
)
BAD = "Sorry to hear that. You'll have to contact the courier about it."
FRAMEWORKS = {
    "aware",
    "arffd",
    "mama",
    "learn",
    "latte",
    "seven-strategies",
    "thank-empathise-follow-up",
}


def test_builtin_frameworks() -> None:
    profiles = load_profiles()
    assert set(profiles) >= FRAMEWORKS
    for p in profiles.values():
        for step in p.steps:
            assert set(step.all + step.any) <= set(ELEMENTS)
            assert step.checkable == bool(step.all or step.any)
            if step.checkable:
                assert step.advice, f"{p.name}.{step.id} has no advice"


def _ev(element: str) -> list[Evidence]:
    return [Evidence(element, element, 0, 1, 1, 1, 1, 2)]


def test_scoring_all_any_and_not_checkable() -> None:
    profile = load_profiles()["aware"]
    report = assess(
        profile,
        {
            "acknowledgement": _ev("acknowledgement"),
            "apology": _ev("apology"),
            "widening-question": _ev("widening-question"),
            "action": _ev("action"),
        },
    )
    status = {s.id: s.status for s in report.steps}
    assert status == {
        "acknowledge": "present",
        "widen": "present",
        "agree": "missing",
        "resolve": "missing",
        "evaluate": "not-checkable",
    }
    assert report.score == 0.5
    assert [s.id for s in report.missing] == ["agree", "resolve"]
    data = report.to_dict()
    assert set(data) == {"path", "record", "framework", "score", "steps"}
    assert set(data["steps"][0]) >= {"id", "name", "status", "evidence"}


def test_assess_gives_exact_evidence_offsets() -> None:
    report = Linter().assess(GOOD, "aware")
    assert report.score > 0
    for step in report.steps:
        assert step.status != "missing" or not step.evidence
        for e in step.evidence:
            assert GOOD[e.start : e.end] == e.text
            assert GOOD.splitlines()[e.line - 1][e.column - 1 :].startswith(e.text.split("\n")[0])


def test_unknown_framework() -> None:
    with pytest.raises(Exception, match="did you mean 'aware'"):
        Linter().assess(GOOD, "awar")


def test_bad_profile_is_one_error(tmp_path: Path) -> None:
    p = tmp_path / "mine.yaml"
    p.write_text(
        "name: mine\ntitle: Mine\nsteps:\n  - id: x\n    name: X\n    all: [hugs]\n",
        encoding="utf-8",
    )
    with pytest.raises(RulePackError, match="unknown element 'hugs'"):
        load_profile(p)


def test_a_profile_that_is_not_utf8_is_an_error_naming_it(tmp_path: Path) -> None:
    p = tmp_path / "latin1.yaml"
    p.write_bytes("name: caf\u00e9\n".encode("latin-1"))
    with pytest.raises(RulePackError, match="latin1.yaml: not UTF-8"):
        load_profile(p)


def test_check_reports_a_non_utf8_profile_as_such_not_as_an_internal_error(
    tmp_path: Path,
) -> None:
    (tmp_path / "latin1.yaml").write_bytes("name: caf\u00e9\n".encode("latin-1"))
    (tmp_path / "apologylint.toml").write_text('profiles = ["latin1.yaml"]\n', encoding="utf-8")
    (tmp_path / "d.txt").write_text("Sorry for the delay.\n", encoding="utf-8")
    res = CliRunner().invoke(
        main, ["check", "--recovery", "aware", "--format", "json", str(tmp_path / "d.txt")]
    )
    assert res.exit_code == 2, res.output
    (error,) = json.loads(res.stdout)["errors"]
    assert "latin1.yaml: not UTF-8" in error["message"]
    assert "internal error" not in error["message"]


def test_profiles_read_yaml_12_booleans_like_packs(tmp_path: Path) -> None:
    # Under YAML 1.1 the title 'no' would become False and fail as "not a string".
    p = tmp_path / "mine.yaml"
    p.write_text(
        "name: mine\ntitle: no\nsteps:\n  - id: x\n    name: X\n    all: [thanks]\n"
        "  - id: y\n    name: Y\n    checkable: no\n",
        encoding="utf-8",
    )
    profile = load_profile(p)
    assert profile.title == "no"
    assert profile.steps[1].checkable is False


def test_custom_profile_from_config(tmp_path: Path) -> None:
    (tmp_path / "frameworks").mkdir()
    (tmp_path / "frameworks" / "ours.yaml").write_text(
        textwrap.dedent("""\
        name: ours
        title: Our way
        steps:
          - id: thank
            name: Thank them
            all: [thanks]
            advice: Say thank you.
          - id: care
            name: Care
            checkable: false
        """),
        encoding="utf-8",
    )
    cfg = tmp_path / "apologylint.toml"
    cfg.write_text('profiles = ["frameworks"]\nrecovery = "ours"\n', encoding="utf-8")
    linter = Linter(config=Config.from_file(cfg))
    report = linter.assess("Thanks for your patience with the refund.", "ours")
    assert [s.status for s in report.steps] == ["present", "not-checkable"]
    found = linter.lint("We have received your message.")
    assert [(f.code, f.line, f.column) for f in found] == [("RC100", 1, 1)]
    assert "Our way" in found[0].message and "Thank them" in found[0].message


def test_rc100_is_off_by_default_and_all_does_not_enable_it() -> None:
    assert not [f for f in Linter().lint(BAD) if f.code == "RC100"]
    assert not [f for f in Linter(select=["ALL"]).lint(BAD) if f.code == "RC100"]
    on = Linter(config=Config(recovery="aware")).lint("Hi,\n\n" + BAD)
    rc = [f for f in on if f.code == "RC100"]
    assert rc and all((f.line, f.column) == (1, 1) for f in rc)
    assert all(f.severity.value == "info" and "AWARE" in f.message for f in rc)


def test_recovery_command_json_and_exit_codes(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text(BAD, encoding="utf-8")
    res = CliRunner().invoke(
        main,
        [
            "recovery",
            "--format",
            "json",
            "--framework",
            "latte",
            str(bad),
            str(tmp_path / "missing.txt"),
        ],
    )
    assert res.exit_code == 2
    data = json.loads(res.stdout)
    assert data["version"] == 1 and len(data["reports"]) == 1
    report = data["reports"][0]
    assert report["framework"] == "latte" and report["path"] == str(bad)
    statuses = {s["id"]: s["status"] for s in report["steps"]}
    assert statuses["listen"] == "not-checkable"
    assert "missing" in statuses.values()
    assert data["errors"][0]["path"].endswith("missing.txt")
    res = CliRunner().invoke(main, ["recovery", str(bad)])
    assert res.exit_code == 1
    assert "missing" in res.stdout and "not checkable" in res.stdout


def test_recovery_per_record_in_a_collection(tmp_path: Path) -> None:
    export = tmp_path / "replies.json"
    export.write_text(
        json.dumps([{"id": 1, "title": "a", "body": GOOD}, {"id": 2, "title": "b", "body": BAD}]),
        encoding="utf-8",
    )
    res = CliRunner().invoke(
        main, ["recovery", "--format", "json", "--input-format", "json", str(export)]
    )
    reports = json.loads(res.stdout)["reports"]
    assert len(reports) == 2 and reports[0]["record"] != reports[1]["record"]


def test_frameworks_command() -> None:
    res = CliRunner().invoke(main, ["frameworks"])
    assert res.exit_code == 0
    for name in FRAMEWORKS:
        assert f"{name}: " in res.stdout
    assert "not checkable from text" in res.stdout


def test_recovery_test_split_is_pinned() -> None:
    digest = hashlib.sha256((CORPUS / "recovery-test.jsonl").read_bytes()).hexdigest()
    assert digest == RECOVERY_TEST_SHA256


@pytest.mark.parametrize("name", ["recovery-dev.jsonl", "recovery-test.jsonl"])
def test_recovery_corpus_shape(name: str) -> None:
    items = load_items(CORPUS / name)
    assert all(set(i["elements"]) <= set(ELEMENTS) for i in items)
    texts = [i["text"] for i in items]
    assert len(set(texts)) == len(texts)


def test_recovery_corpus_size() -> None:
    dev, test = (
        load_items(CORPUS / "recovery-dev.jsonl"),
        load_items(CORPUS / "recovery-test.jsonl"),
    )
    assert len(dev) + len(test) >= 300
    for element in ELEMENTS:
        assert sum(element in i["elements"] for i in test) >= 25, element


@pytest.fixture(scope="module")
def element_scores():
    return evaluate_elements(Linter(), load_items(CORPUS / "recovery-test.jsonl"))


@pytest.mark.parametrize("element", ELEMENTS)
def test_held_out_element_quality(element_scores, element: str) -> None:
    s = element_scores.per_category[element]
    assert s.precision >= 0.85, f"{element}: precision {s.precision:.3f} ({s.fp} FP)"
    assert s.recall >= 0.80, f"{element}: recall {s.recall:.3f} ({s.fn} FN)"


def test_check_with_recovery_flag(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(BAD, encoding="utf-8")
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "apologylint",
            "check",
            "--format",
            "json",
            "--recovery",
            "aware",
            str(bad),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    codes = [f["code"] for f in json.loads(out.stdout)["findings"]]
    assert "RC100" in codes

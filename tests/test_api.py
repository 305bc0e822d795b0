"""The Python API: lint, Linter, Finding positions, batching and thread safety."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

import apologylint
from apologylint import Document, Finding, Severity, lint
from apologylint.errors import UsageError

BAD = "Hi {{ticket.requester.first_name}},\n\nI'm sorry if you feel that way about the delay."


def test_lint_returns_findings_with_exact_offsets() -> None:
    findings = lint(BAD)
    assert [f.code for f in findings] == ["FA101"]
    f = findings[0]
    assert isinstance(f, Finding)
    assert BAD[f.start : f.end] == f.text
    assert f.text.lower().startswith("sorry if you feel")
    assert (f.line, f.column) == (3, 5)
    assert f.severity is Severity.ERROR
    assert f.category == "fake-apology"
    assert f.path is None and f.record is None


def test_columns_count_code_points_after_emoji_and_accents() -> None:
    text = "Olá 👋🏽 José! 😊 Sorry if you felt ignored."
    f = lint(text)[0]
    assert text[f.start : f.end] == f.text
    # Columns are code points: the emoji each count as one (or two for the skin-tone pair).
    assert f.column == text.index("Sorry") + 1
    assert f.end_column == f.column + len(f.text)


def test_multiline_match_reports_end_line_exclusive() -> None:
    text = "Hello,\nwe apologise if\nyou were upset."
    f = lint(text)[0]
    assert (f.line, f.column, f.end_line) == (2, 4, 3)
    assert text[f.start : f.end] == f.text
    assert f.end_column == len("you were") + 1 or f.end_column > 1


def test_to_dict_has_the_contract_fields() -> None:
    d = lint(BAD)[0].to_dict()
    assert list(d) == [
        "code",
        "name",
        "category",
        "severity",
        "message",
        "suggestion",
        "text",
        "start",
        "end",
        "line",
        "column",
        "end_line",
        "end_column",
        "path",
        "record",
    ]
    assert d["severity"] == "error"


def test_clean_and_empty_text() -> None:
    assert lint("") == []
    assert lint("Thanks for your order! It ships tomorrow.") == []


def test_lint_many_yields_one_list_per_input_in_order(linter) -> None:
    texts = ["Thanks!", BAD, "", "Sorry if you were offended.", "All sorted now."] * 30
    results = list(linter.lint_many(texts))
    assert len(results) == len(texts)
    for text, findings in zip(texts, results):
        assert findings == linter.lint(text)
        for f in findings:
            assert text[f.start : f.end] == f.text


def test_lint_accepts_a_document(linter) -> None:
    doc = Document.from_text("Sorry if you feel let down.", path="draft.txt")
    findings = linter.lint(doc)
    assert findings and findings[0].path == "draft.txt"


def test_lint_rejects_other_types(linter) -> None:
    with pytest.raises(TypeError):
        linter.lint(42)  # type: ignore[arg-type]


def test_shared_linter_is_thread_safe(linter) -> None:
    texts = [
        f"Order {i}: " + t
        for i in range(40)
        for t in (
            BAD,
            "I'm sorry, but that's our policy.",
            "As I already explained, no.",
            "Thanks, it's fixed.",
            "I feel so bad for you.",
            "There's nothing more we can do.",
            "We apologise for any inconvenience caused.",
        )
    ]
    serial = [linter.lint(t) for t in texts]
    barrier = threading.Barrier(8)

    def work(chunk: list[str]) -> list[list[Finding]]:
        barrier.wait()
        return [linter.lint(t) for t in chunk]

    chunks = [texts[i::8] for i in range(8)]
    with ThreadPoolExecutor(8) as pool:
        parallel = list(pool.map(work, chunks))
    for i, chunk_results in enumerate(parallel):
        assert chunk_results == serial[i::8]


def test_selection_and_unknown_selector() -> None:
    from apologylint import Linter

    only = Linter(select=["defensive"])
    assert {r.category for r in only.rules} == {"defensive"}
    assert not only.lint("I'm sorry if you feel that way.")
    no_fa = Linter(ignore=["FA"])
    assert all(r.category != "fake-apology" for r in no_fa.rules)
    with pytest.raises(UsageError, match="did you mean 'fake-apology'"):
        Linter(select=["fake-apolgy"])


def test_severity_override() -> None:
    from apologylint import Linter

    linter = Linter(severity={"fake-apology": "info"})
    assert linter.lint(BAD)[0].severity is Severity.INFO


def test_public_api_is_typed() -> None:
    from pathlib import Path

    assert (Path(apologylint.__file__).parent / "py.typed").exists()
    for name in apologylint.__all__:
        assert getattr(apologylint, name) is not None


def test_cached_matchers_give_the_same_findings(tmp_path, monkeypatch) -> None:
    from apologylint import Linter

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    text = "I'm sorry if you feel that way. As I already explained, there's nothing we can do."
    first = Linter().lint(text)  # builds and stores the compiled matchers
    assert list((tmp_path / "apologylint").glob("matchers-*.pickle"))
    assert Linter().lint(text) == first  # loaded from the cache
    monkeypatch.setenv("APOLOGYLINT_NO_PACK_CACHE", "1")
    assert Linter().lint(text) == first

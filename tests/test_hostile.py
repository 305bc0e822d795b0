"""Hostile input: bounded time, no crash, nothing lost.

Time is checked only as "finishes within a generous ceiling" in a child process; the figures
themselves are printed by ``bench/hostile.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from apologylint.analysis import TextView
from apologylint.readers.templates import mask, placeholder_spans

#: Each of these took minutes for 100 KB before scans were bounded (quadratic time).
HOSTILE = [
    ("sorry but ", ".txt"),
    ("Sorry, but ", ".txt"),
    ("sorry ", ".txt"),
    ("we apologise for any inconvenience ", ".txt"),
    ("!", ".txt"),
    (",", ".txt"),
    ("'", ".txt"),
    ('"', ".txt"),
    ("(", ".txt"),
    ("\U0001f600", ".txt"),
    ('"sorry" ', ".txt"),
    ("{%", ".liquid"),
    ("{#", ".liquid"),
    ("{{!", ".hbs"),
]


def _run(code: str, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_long_hostile_runs_finish(tmp_path) -> None:
    size = 100_000
    paths = []
    for i, (unit, suffix) in enumerate(HOSTILE):
        path = tmp_path / f"hostile{i}{suffix}"
        path.write_text((unit * (size // len(unit) + 1))[:size], encoding="utf-8")
        paths.append(str(path))
    # One child for all: before scans were bounded, any one of these took minutes.
    out = _run(
        f"""
        from apologylint import read
        from apologylint.linter import Linter
        linter = Linter()
        for path in {paths!r}:
            linter.lint(read(path))
            print(path, flush=True)
        """,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == paths


def test_placeholder_regex_does_not_backtrack() -> None:
    out = _run(
        """
        from apologylint.readers.templates import placeholder_spans
        placeholder_spans("[" + "A_" * 60)
        placeholder_spans("[A " * 50_000)
        print("done")
        """,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr[-2000:]


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        (
            "Hi {{ name }}, {% if x %}sorry{% endif %}",
            [(3, 13, True), (15, 25, False), (30, 41, False)],
        ),
        ("{% comment %}x {% if %} y{% endcomment %} z", [(0, 41, False)]),
        ("{% comment %} never closed {% if a %}", [(0, 13, False), (27, 37, False)]),
        (
            "{{!-- a }} b --}} {{! c }} {{#each x}}",
            [(0, 17, False), (18, 26, False), (27, 38, False)],
        ),
        ("{{! open } only", []),
        ("{# a {# b #} c #}", [(0, 12, False)]),
        ("[AGENT_NAME] and [Customer Name]", [(0, 12, True), (17, 32, True)]),
        ("{%" * 5 + "%}", [(0, 12, False)]),
    ],
)
def test_template_tags_as_before(text: str, spans: list[tuple[int, int, bool]]) -> None:
    # the same spans as the single lazy regex this scanner replaced
    assert placeholder_spans(text) == spans
    assert len(mask(text)) == len(text)


@pytest.mark.parametrize(
    "text",
    [
        "Sorry!!! We're on it... ok?!",
        "a " + "!" * 5_000 + " b",
        "x" * 3_000,
        "''''" * 500 + "\n\nSorry, but no.",
        "see https://example.com/" + "a/" * 400 + " now",
    ],
)
def test_view_breaks_runs_without_moving_offsets(text: str) -> None:
    view = TextView(text)
    if "\n" not in text:
        assert len(view.text) == len(text)
    for i, ch in enumerate(view.text):
        if ch != " ":
            assert text[view.to_segment(i)] == ch
    # no piece of a long run is left for the tokenizer to chew on
    assert max(len(w) for w in view.text.split(" ")) <= 256
    assert "!" * 16 not in view.text and "'" * 16 not in view.text
    # ordinary text is untouched
    assert TextView("Sorry!!! We're on it... ok?!").text == "Sorry!!! We're on it... ok?!"


# -- invalid Unicode and huge numbers: an input error for that file, the rest goes on ----------


def test_lone_surrogate_is_an_input_error(tmp_path) -> None:
    import json

    from apologylint import InputError, lint, read

    with pytest.raises(InputError, match="lone surrogate U\\+D800"):
        lint("Sorry \ud800 about that")
    bad = json.dumps([{"text": "fine"}, {"id": 7, "text": "sorry \ud800, but we were busy"}])
    with pytest.raises(InputError, match="lone surrogate") as info:
        read(bad.encode(), path="x.json")
    assert info.value.record == "7"
    title = json.dumps([{"id": 1, "title": "Late \udfff", "text": "Sorry, but no."}])
    with pytest.raises(InputError, match="in a record name"):
        read(title.encode(), path="t.json")
    jsonl = '{"text": "ok"}\n{"text": "sorry \\udc00"}\n'
    with pytest.raises(InputError, match="lone surrogate"):
        read(jsonl.encode(), path="x.jsonl")


def test_huge_json_integer_is_an_input_error() -> None:
    from apologylint import InputError, read

    data = b'{"macros": [], "n": ' + b"1" * 5000 + b"}"
    with pytest.raises(InputError, match="too many digits"):
        read(data, path="export.json")
    jsonl = b'{"text": "hi"}\n{"text": "x", "n": ' + b"9" * 5000 + b"}\n"
    with pytest.raises(InputError, match="too many digits") as info:
        read(jsonl, path="x.jsonl")
    assert info.value.line == 2
    # met in a folder walk, an unrelated file is skipped, not an error
    assert read(data, path="package.json", explicit=False) is None


def test_batch_goes_on_past_bad_unicode_and_numbers(tmp_path) -> None:
    import json

    from click.testing import CliRunner

    from apologylint.cli import main

    (tmp_path / "a.json").write_text(json.dumps([{"text": "sorry \ud800 but"}]))
    (tmp_path / "package.json").write_text('{"version": ' + "1" * 5000 + "}")
    (tmp_path / "n.json").write_text('[{"text": "Sorry.", "n": ' + "2" * 5000 + "}]")
    (tmp_path / "b.txt").write_text("I'm sorry if you feel that way.")
    result = CliRunner().invoke(main, ["check", "--format", "json", str(tmp_path)])
    assert result.exit_code == 2, result.output
    report = json.loads(result.stdout)
    assert [f["code"] for f in report["findings"]] == ["FA101"]
    # a collection that does not parse is skipped in a walk, an error when named
    assert [e["path"].rsplit("/", 1)[-1] for e in report["errors"]] == ["a.json"]
    named = [str(tmp_path / n) for n in ("n.json", "a.json", "b.txt")]
    result = CliRunner().invoke(main, ["check", "--format", "json", *named])
    report = json.loads(result.stdout)
    assert [f["code"] for f in report["findings"]] == ["FA101"]
    assert sorted(e["path"].rsplit("/", 1)[-1] for e in report["errors"]) == ["a.json", "n.json"]


def test_position_is_thread_safe() -> None:
    import threading

    from apologylint import Document

    text = "".join(f"line {i}\n" for i in range(200_000))
    offsets = [text.index(f"line {i}\n") + 2 for i in range(0, 200_000, 997)]
    want = [(i + 1, 3) for i in range(0, 200_000, 997)]

    def work(doc: Document, barrier: threading.Barrier, out: list[object]) -> None:
        barrier.wait()
        out.append([doc.position(o) for o in offsets])

    for _ in range(3):
        doc = Document.from_text(text)
        results: list[object] = []
        barrier = threading.Barrier(16)
        threads = [threading.Thread(target=work, args=(doc, barrier, results)) for _ in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(results) == 16 and all(r == want for r in results)


# -- sources without an end: devices, FIFOs, stdin ---------------------------------------------

_CLI = [sys.executable, "-m", "apologylint", "check", "--max-file-size", "1000000"]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_device_named_or_piped_is_capped(tmp_path) -> None:
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    for args, stdin in (
        (["/dev/zero"], None),
        ([str(link)], None),
        (["/dev/urandom"], None),
        (["-"], "/dev/zero"),
    ):
        with open(stdin or os.devnull, "rb") as fh:
            out = subprocess.run(
                [*_CLI, *args], stdin=fh, capture_output=True, text=True, timeout=120
            )
        assert out.returncode == 2, (args, out.stderr)
        assert "more than 1,000,000 bytes" in out.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_in_a_walk_is_skipped_and_named_fifo_is_read(tmp_path) -> None:
    import threading

    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "a.txt").write_text("I'm sorry if you feel that way.")
    out = subprocess.run([*_CLI, str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 1, out.stderr
    assert "pipe.txt: not a regular file" in out.stderr
    assert "a.txt:1:5: FA101" in out.stdout

    def feed() -> None:
        with open(tmp_path / "pipe.txt", "w") as fh:
            fh.write("I'm sorry if you feel that way.")

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    out = subprocess.run(
        [*_CLI, str(tmp_path / "pipe.txt")], capture_output=True, text=True, timeout=120
    )
    writer.join(5)
    assert out.returncode == 1, out.stderr
    assert "pipe.txt:1:5: FA101" in out.stdout


def test_distinct_drafts_do_not_grow_the_string_store(monkeypatch: pytest.MonkeyPatch) -> None:
    from apologylint import linter as linter_module
    from apologylint.linter import Linter

    linter = Linter()
    linter.lint("Sorry for the wait, Sam.")
    before = len(linter.nlp.vocab.strings)
    # the store keeps its first PERMANENT_STRINGS strings; say it is full already
    monkeypatch.setattr(linter_module, "PERMANENT_STRINGS", before)
    for i in range(300):
        found = linter.lint(f"Sorry, but order Q{i}x{i * 7919} for Zork{i}le is late.")
        assert [f.code for f in found].count("NA101") <= 1
    assert len(linter.nlp.vocab.strings) == before
    # what a lint returns stays valid after its zone closed
    found = linter.lint("I'm sorry if you feel that way, Qwertyuiop.")
    assert [f.text for f in found if f.code == "FA101"] == ["sorry if you feel"]


def test_collection_offset_maps_store_runs_not_characters() -> None:
    import json

    from apologylint import read
    from apologylint.document import OffsetRuns

    macros = [
        {
            "id": i,
            "title": f"M{i}",
            "actions": [{"field": "comment_value", "value": "Sorr\\u00ff, " * 400}],
        }
        for i in range(3)
    ]
    source = json.dumps({"macros": macros}).replace("\\\\u00ff", "\\u00ff")
    doc = read(source.encode(), path="z.json")
    assert doc is not None
    for seg in doc.segments:
        assert isinstance(seg.starts, OffsetRuns)
        # ~3 runs per "Sorr\u00ff, " piece, not one entry per character
        assert len(seg.starts._idx) <= 3 * 400 + 2 < len(seg.text)
        for i in range(0, len(seg.text), 37):
            a, b = seg.to_source(i), seg.to_source_end(i + 1)
            assert json.loads('"' + source[a:b] + '"') == seg.text[i]

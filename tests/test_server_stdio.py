"""``apologylint serve --stdio``: one JSON request per line, answered as each line arrives."""

from __future__ import annotations

import json
import subprocess
import sys
import threading


def test_each_line_is_answered_as_it_arrives(tmp_path):
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "apologylint",
            "serve",
            "--stdio",
            "--isolated",
            "--max-body-bytes",
            "2000",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    # "does not hang": a generous ceiling on the whole conversation
    timer = threading.Timer(120, proc.kill)
    timer.start()
    try:

        def ask(line: bytes) -> dict:
            proc.stdin.write(line + b"\n")
            proc.stdin.flush()
            return json.loads(proc.stdout.readline())

        # the first answer arrives while stdin is still open: nothing waits for EOF
        r = ask(json.dumps({"id": 1, "text": "😀 I'm sorry if you feel that way."}).encode())
        assert r["id"] == 1 and r["verdict"] == "fail"
        (f,) = r["findings"]
        assert (f["code"], f["start"], f["utf16_start"]) == ("FA101", 6, 7)
        r = ask(b'{"id": "two", "text": "<p>All fixed.</p>", "input_format": "html"}')
        assert r == {**r, "id": "two", "verdict": "pass", "findings": []}
        r = ask(b'{"id": 3, "method": "lint/batch", "drafts": [{"id": "a", "text": "Calm down."}]}')
        assert r["results"][0]["id"] == "a" and r["results"][0]["findings"][0]["code"] == "DF106"
        r = ask(b'{"id": 4, "method": "rule", "code": "FA101"}')
        assert r["name"] == "sorry-if-you-feel"
        r = ask(b'{"id": 5, "method": "recovery", "text": "Sorry, I refunded it."}')
        assert r["reports"][0]["steps"]
        # bad lines get an error line and the pipe carries on
        assert ask(b"{not json")["error"]["status"] == 400
        assert ask(b"[" * 1500 + b"]" * 1500)["error"]["status"] == 413
        assert ask(b"[" * 1900)["error"] == {
            "status": 400,
            "message": "malformed JSON: nested too deeply",
        }
        assert ask(b'{"id": 6, "text": 1}') == {
            "id": 6,
            "error": {"status": 422, "message": "'text' is required and must be a string"},
        }
        assert ask(b'{"id": 7, "method": "nope"}')["error"]["status"] == 422
        assert ask(b'{"id": 8, "text": "still here"}')["verdict"] == "pass"
        proc.stdin.close()
        assert proc.wait() == 0
        assert proc.stdout.read() == b""
        assert b"sorry if you feel" not in proc.stderr.read()
    finally:
        timer.cancel()
        proc.kill()
        proc.wait()

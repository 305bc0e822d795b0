"""``apologylint serve --stdio``: one JSON request per line on stdin, one JSON response per
line on stdout, each answered as soon as its line arrives (for tools that would rather spawn
one process than speak HTTP).

A request is the HTTP API's body plus ``"method"`` (``lint`` by default; ``lint/batch``,
``recovery``, ``rules``, ``rule`` with ``"code"``) and an optional ``"id"`` echoed back. A
response is the HTTP API's answer with ``"id"``, or ``{"id", "error": {"status", "message"}}``
with the status the HTTP API would give. Nothing but responses is written to stdout.
"""

from __future__ import annotations

import json
import sys
from typing import IO, Any

from .core import RequestError, Service


def handle(service: Service, line: bytes) -> dict[str, Any]:
    ident: Any = None
    try:
        try:
            request = json.loads(line)
        except RecursionError:
            raise RequestError(400, "malformed JSON: nested too deeply") from None
        except ValueError as exc:
            raise RequestError(400, f"malformed JSON: {str(exc)[:200]}") from None
        if not isinstance(request, dict):
            raise RequestError(422, "a request must be a JSON object")
        request = dict(request)
        ident = request.pop("id", None)
        method = request.pop("method", "lint")
        if method == "lint":
            result = service.lint(request)
        elif method == "lint/batch":
            result = service.lint_batch(request)
        elif method == "recovery":
            result = service.recovery(request)
        elif method == "rules":
            result = service.rules()
        elif method == "rule":
            code = request.get("code")
            if not isinstance(code, str):
                raise RequestError(422, "'rule' needs a 'code' (a rule code or name)")
            result = service.rule(code)
        else:
            raise RequestError(
                422, "unknown method; one of: lint, lint/batch, recovery, rules, rule"
            )
        return {"id": ident, **result}
    except RequestError as exc:
        return {"id": ident, "error": {"status": exc.status, "message": exc.message}}
    except Exception as exc:  # one bad line never ends the pipe, and is never echoed
        return {
            "id": ident,
            "error": {"status": 500, "message": f"internal error ({type(exc).__name__})"},
        }


def run(
    service: Service,
    max_line_bytes: int,
    stdin: IO[bytes] | None = None,
    stdout: IO[bytes] | None = None,
) -> int:
    source = stdin if stdin is not None else sys.stdin.buffer
    sink = stdout if stdout is not None else sys.stdout.buffer
    while True:
        line = source.readline(max_line_bytes + 1)
        if not line:
            return 0
        if len(line) > max_line_bytes and not line.endswith(b"\n"):
            # drain the rest of the over-long line, then say so once
            while True:
                rest = source.readline(65536)
                if not rest or rest.endswith(b"\n"):
                    break
            response: dict[str, Any] = {
                "id": None,
                "error": {"status": 413, "message": f"request line over {max_line_bytes:,} bytes"},
            }
        elif not line.strip():
            continue
        else:
            response = handle(service, line)
        sink.write(json.dumps(response, ensure_ascii=True, separators=(",", ":")).encode() + b"\n")
        sink.flush()

"""The HTTP API, against a real ``apologylint serve`` subprocess on loopback."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time

import pytest
from servers import Server, need

need("httpx")
need("starlette")
need("uvicorn")
import httpx  # noqa: E402

#: A word no rule knows, in every draft sent, to prove that no draft reaches the server's log.
MARKER = "Quetzalbrook"
JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = Server(
        tmp_path_factory.mktemp("http"),
        *("--max-text-chars", "5000", "--max-batch", "3", "--max-in-flight", "2"),
    )
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url, timeout=30) as c:
        yield c


def lint(client, **body):
    return client.post("/v1/lint", json=body)


def test_lint_returns_cli_findings_with_utf16_offsets(client):
    text = f"Hi {MARKER} 😀👍, I'm sorry if you feel that way."
    r = lint(client, text=text)
    assert r.status_code == 200
    data = r.json()
    assert data["verdict"] == "fail"
    (f,) = data["findings"]
    assert f["code"] == "FA101" and f["category"] == "fake-apology"
    # code points for start/end/column, as the CLI reports them
    assert text[f["start"] : f["end"]] == f["text"] == "sorry if you feel"
    assert f["column"] == f["start"] + 1
    # two emoji before the finding: two extra UTF-16 code units each... one each (surrogates)
    utf16 = text.encode("utf-16-le")
    assert f["utf16_start"] == f["start"] + 2
    assert utf16[2 * f["utf16_start"] : 2 * f["utf16_end"]].decode("utf-16-le") == f["text"]
    # the same keys as the CLI's JSON finding objects, plus the two UTF-16 offsets
    from apologylint import Linter

    cli = Linter().lint(text)[0].to_dict()
    assert {k: v for k, v in f.items() if not k.startswith("utf16_")} == cli


def test_clean_draft_gets_an_explicit_pass(client):
    data = lint(client, text=f"Thanks {MARKER}, your refund went out today.").json()
    assert data["verdict"] == "pass" and data["findings"] == []


def test_fail_on_input_format_select_and_ignore(client):
    html = f"<p>{MARKER}, please calm down.</p>"
    data = lint(client, text=html, input_format="html").json()
    assert [f["code"] for f in data["findings"]] == ["DF106"]
    assert html[data["findings"][0]["start"] : data["findings"][0]["end"]] == "calm down"
    assert data["verdict"] == "fail"
    assert lint(client, text=html, input_format="html", fail_on="error").json()["verdict"] == "pass"
    assert (
        lint(client, text=html, input_format="html", ignore=["defensive"]).json()["findings"] == []
    )
    assert lint(client, text=html, input_format="html", select="FA").json()["findings"] == []


def test_template_placeholders_are_masked(client):
    data = lint(
        client,
        text="Hi {{ticket.requester.first_name}}, sorry if you feel let down.",
        input_format="template",
    ).json()
    assert [f["code"] for f in data["findings"]] == ["FA101"]


def test_recovery_framework_adds_missing_steps(client):
    data = lint(client, text=f"Hello {MARKER}, thanks for writing.", recovery="aware").json()
    assert any(f["code"] == "RC100" for f in data["findings"])
    r = lint(client, text="Hi", recovery="no-such-framework")
    assert r.status_code == 422 and "unknown framework" in r.json()["error"]["message"]


def test_batch_keeps_order_and_echoes_ids(client):
    drafts = [
        {"id": "b-2", "text": f"{MARKER}: I'm sorry if you feel that way."},
        {"id": 7, "text": f"{MARKER}: your parcel is on its way."},
        {"text": f"<p>{MARKER}, calm down.</p>", "input_format": "html"},
    ]
    data = client.post("/v1/lint/batch", json={"drafts": drafts}).json()
    assert [r["id"] for r in data["results"]] == ["b-2", 7, None]
    assert [r["verdict"] for r in data["results"]] == ["fail", "pass", "fail"]
    assert [f["code"] for f in data["results"][2]["findings"]] == ["DF106"]


def test_recovery_endpoint(client):
    text = f"I'm sorry we charged you twice, {MARKER}. I've refunded the second charge today."
    data = client.post("/v1/recovery", json={"text": text, "framework": "aware"}).json()
    (report,) = data["reports"]
    assert report["framework"] and report["steps"]
    assert any(s["status"] == "present" for s in report["steps"])


def test_rules_and_one_rule(client):
    rules = client.get("/v1/rules").json()["rules"]
    codes = [r["code"] for r in rules]
    assert "FA101" in codes and codes == sorted(codes)
    one = client.get("/v1/rules/sorry-if-you-feel").json()
    assert one["code"] == "FA101" and len(one["examples"]["fires"]) >= 3
    assert "Why it hurts" in one["explanation"]
    r = client.get("/v1/rules/FA10")
    assert r.status_code == 404 and r.json()["error"]["status"] == 404


def test_healthz_and_openapi(client):
    assert client.get("/healthz").json()["status"] == "ok"
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    for path in ("/v1/lint", "/v1/lint/batch", "/v1/recovery", "/v1/rules", "/v1/rules/{code}"):
        assert path in spec["paths"]
    assert spec["components"]["schemas"]["LintRequest"]["properties"]["text"]["maxLength"] == 5000


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        (b"{not json", 400, "malformed JSON"),
        (b"", 400, "empty"),
        (b"[" * 600_000 + b"]" * 600_000, 413, "over the limit"),
        (b"[" * 100_000 + b"]" * 100_000, 400, "nested too deeply"),
        (b'{"text": ' + b"9" * 5000 + b"}", 400, "4300"),
        (b"\xff\xfe\x00", 400, "malformed JSON"),
        (b'["a list"]', 422, "JSON object"),
        (b'{"txt": "hi"}', 422, "did you mean 'text'"),
        (b'{"text": 5}', 422, "'text'"),
        (b'{"text": "hi", "input_format": "pdf"}', 422, "input_format"),
        (b'{"text": "hi", "select": ["NOPE1"]}', 422, "unknown selector"),
        (b'{"text": "hi", "fail_on": "fatal"}', 422, "fail_on"),
        (b'{"text": "\\ud800 sorry if you feel"}', 422, "surrogate"),
        (json.dumps({"text": "a " * 3000}).encode(), 413, "over the limit of 5,000"),
    ],
)
def test_bad_requests_get_json_errors(client, body, status, words):
    r = client.post("/v1/lint", content=body, headers=JSON)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json"
    error = r.json()["error"]
    assert error["status"] == status and words in error["message"]


def test_batch_limits(client):
    r = client.post("/v1/lint/batch", json={"drafts": [{"text": "hi"}] * 4})
    assert r.status_code == 413 and "over the limit of 3" in r.json()["error"]["message"]
    r = client.post("/v1/lint/batch", json={"drafts": [{"text": "hi", "id": [1]}]})
    assert r.status_code == 422 and "drafts[0].id" in r.json()["error"]["message"]
    r = client.post("/v1/lint/batch", json={"drafts": "hi"})
    assert r.status_code == 422


def test_content_type_must_be_json(client):
    # a text/plain POST skips the browser's CORS preflight: it must be refused
    r = client.post("/v1/lint", content=b'{"text": "hi"}', headers={"Content-Type": "text/plain"})
    assert r.status_code == 415
    r = client.post("/v1/lint", data={"text": "hi"})
    assert r.status_code == 415


def test_unknown_path_and_method(client):
    assert client.get("/v2/lint").status_code == 404
    r = client.get("/v1/lint")
    assert r.status_code == 405 and r.json()["error"]["status"] == 405


def test_host_header_is_checked(client):
    # DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends its own Host
    r = client.post("/v1/lint", json={"text": "hi"}, headers={"Host": "evil.example"})
    assert r.status_code == 400 and "Host" in r.json()["error"]["message"]
    assert client.get("/healthz", headers={"Host": "localhost:1234"}).status_code == 200


def test_body_cap_applies_before_reading(server):
    # a declared length over the cap is refused without the body being sent at all
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(
            b"POST /v1/lint HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Content-Length: 999999999\r\n\r\n"
        )
        reply = s.recv(4096)
    assert reply.startswith(b"HTTP/1.1 413")


def test_chunked_body_over_the_cap(client):
    def chunks():
        yield b'{"text": "'
        for _ in range(200):
            yield b"a " * 5000
        yield b'"}'

    r = client.post("/v1/lint", content=chunks(), headers=JSON)
    assert r.status_code == 413


def test_cors_is_off_by_default_and_security_headers(client):
    r = client.post("/v1/lint", json={"text": "hi"}, headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers
    assert r.headers["x-content-type-options"] == "nosniff"


def test_drafts_never_reach_the_log(client, server):
    lint(client, text=f"{MARKER} is upset and I'm sorry if you feel that way.")
    log = server.log()
    assert "Uvicorn running" in log  # the log is captured at all
    assert MARKER not in log and "sorry if you feel" not in log


def test_max_in_flight_gives_503(server):
    def half_sent() -> socket.socket:
        # a request that stays in flight: headers sent, body not yet
        s = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        s.sendall(
            b"POST /v1/lint HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nContent-Length: 20\r\n\r\n{"
        )
        return s

    first, second = half_sent(), half_sent()
    try:
        time.sleep(0.5)  # both reach the server
        r = httpx.post(server.url + "/v1/lint", json={"text": "hi"}, timeout=30)
        assert r.status_code == 503 and r.headers["retry-after"] == "1"
        assert "max-in-flight" in r.json()["error"]["message"]
        assert httpx.get(server.url + "/healthz").status_code == 200  # never refused
    finally:
        first.close()
        second.close()
    for _ in range(100):  # the server notices the dropped connections shortly
        r = httpx.post(server.url + "/v1/lint", json={"text": "hi"}, timeout=30)
        if r.status_code == 200:
            break
        time.sleep(0.1)
    assert r.status_code == 200


def test_non_loopback_bind_needs_a_token(tmp_path):
    env = {k: v for k, v in __import__("os").environ.items() if k != "APOLOGYLINT_TOKEN"}
    run = subprocess.run(
        [sys.executable, "-m", "apologylint", "serve", "--isolated", "--host", "0.0.0.0"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert run.returncode == 2 and "without a token" in run.stderr
    # and there is no way to give the token on the command line
    run = subprocess.run(
        [sys.executable, "-m", "apologylint", "serve", "--token", "x"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2 and "No such option" in run.stderr


def test_serve_table_in_config(tmp_path):
    from apologylint.config import Config, ConfigError
    from apologylint.server.settings import settings_from

    config = Config.from_dict(
        {"serve": {"port": 9000, "max-batch": 5, "cors-origins": ["https://a"]}}
    )
    settings = settings_from(config, port=None, max_batch=7)
    assert (settings.port, settings.max_batch, settings.cors_origins) == (9000, 7, ("https://a",))
    with pytest.raises(ConfigError, match="did you mean 'max-batch'"):
        Config.from_dict({"serve": {"max-bach": 5}})
    with pytest.raises(ConfigError, match="positive whole number"):
        Config.from_dict({"serve": {"max-in-flight": 0}})
    with pytest.raises(ConfigError, match="unknown key 'serve.token'"):
        Config.from_dict({"serve": {"token": "in a repository file"}})


def test_workers_token_and_cors(tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text("s3cret-token\n")
    origin = "https://helpdesk.example"
    srv = Server(
        tmp_path,
        *("--workers", "2", "--max-batch", "1", "--token-file", str(token_file)),
        *("--cors-origin", origin),
    )
    try:
        url = srv.url + "/v1/lint"
        assert httpx.get(srv.url + "/healthz").json()["token_required"] is True
        good = {"Authorization": "Bearer s3cret-token", "Origin": origin}
        for _ in range(4):  # whichever worker answers has the token, the limits and CORS
            r = httpx.post(url, json={"text": "Calm down."}, headers=good)
            assert r.json()["findings"][0]["code"] == "DF106"
            assert r.headers["access-control-allow-origin"] == origin
            assert httpx.post(url, json={"text": "hi"}).status_code == 401
            bad = {"Authorization": "Bearer s3cret-tokeN"}
            assert httpx.post(url, json={"text": "hi"}, headers=bad).status_code == 401
            two = {"drafts": [{"text": "a"}, {"text": "b"}]}
            r = httpx.post(srv.url + "/v1/lint/batch", json=two, headers=good)
            assert r.status_code == 413
        assert httpx.get(srv.url + "/v1/rules").status_code == 401
        pre = httpx.options(
            url,
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization,content-type",
            },
        )
        assert pre.status_code == 200 and pre.headers["access-control-allow-origin"] == origin
        other = httpx.post(
            url, json={"text": "hi"}, headers={**good, "Origin": "https://x.example"}
        )
        assert "access-control-allow-origin" not in other.headers
        assert "s3cret-token" not in srv.log()
    finally:
        srv.stop()

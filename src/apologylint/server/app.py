"""The HTTP JSON API and the playground page (``apologylint serve``), on Starlette and uvicorn.

Everything a request can get wrong is answered with a JSON error and the right status (400
malformed JSON, 401 token, 404, 405, 413 too big, 415 not JSON, 422 invalid fields, 503 too busy);
the body's size is capped before it is read, and drafts are never logged, at any level.
"""

from __future__ import annotations

import hmac
import json
import logging
import os
from importlib import resources
from typing import Any

import anyio.to_thread
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .._version import __version__
from ..config import ConfigResolver
from .core import Limits, RequestError, Service
from .openapi import openapi
from .settings import ServerSettings

SETTINGS_ENV = "APOLOGYLINT_SERVE_SETTINGS"
#: Bodies above this are linted on a worker thread, so that one long draft does not hold up
#: the event loop (and /healthz) while small ones skip the thread hand-off.
THREAD_ABOVE = 32_000

log = logging.getLogger("apologylint.server")

PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
API_CSP = "default-src 'none'; frame-ancestors 'none'"


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    # ensure_ascii: a lone surrogate in a draft must come back escaped, not crash the encoder
    body = json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    return Response(body, status, headers=headers, media_type="application/json")


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return json_response({"error": {"status": status, "message": message}}, status, headers)


class Guard:
    """Host check (DNS rebinding), in-flight limit, token, content type and body cap — before
    a byte of the body is read or any handler runs."""

    def __init__(self, app: ASGIApp, settings: ServerSettings) -> None:
        self.app = app
        self.settings = settings
        self.hosts = settings.hosts()
        self.token = settings.token.encode("utf-8") if settings.token else None
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        path: str = scope["path"]
        method: str = scope["method"]
        problem = self._host_problem(headers.get("host", ""))
        if problem is not None:
            await error_response(400, problem)(scope, receive, send)
            return
        if path == "/healthz":
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.settings.max_in_flight:
            await error_response(
                503,
                f"busy: {self.in_flight} requests in flight (max-in-flight); retry shortly",
                {"Retry-After": "1"},
            )(scope, receive, send)
            return
        self.in_flight += 1
        try:
            await self._guarded(scope, receive, send, headers, path, method)
        finally:
            self.in_flight -= 1

    async def _guarded(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        headers: dict[str, str],
        path: str,
        method: str,
    ) -> None:
        if self.token is not None and path.startswith("/v1/") and method != "OPTIONS":
            given = headers.get("authorization", "")
            scheme, _, value = given.partition(" ")
            ok = scheme.lower() == "bearer" and hmac.compare_digest(
                value.strip().encode("utf-8", "replace"), self.token
            )
            if not ok:
                await error_response(
                    401,
                    "a token is required: send 'Authorization: Bearer <token>'",
                    {"WWW-Authenticate": "Bearer"},
                )(scope, receive, send)
                return
        if method == "POST":
            ctype = headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype != "application/json":
                await error_response(
                    415, "send the request body as JSON with 'Content-Type: application/json'"
                )(scope, receive, send)
                return
            limit = self.settings.max_body_bytes
            declared = headers.get("content-length")
            if declared is not None:
                if not declared.isdigit():
                    await error_response(400, "invalid Content-Length")(scope, receive, send)
                    return
                if int(declared) > limit:
                    await _too_big(limit)(scope, receive, send)
                    return
            chunks: list[bytes] = []
            size = 0
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > limit:
                    await _too_big(limit)(scope, receive, send)
                    return
                chunks.append(chunk)
                if not message.get("more_body", False):
                    break
            body = b"".join(chunks)
            sent = False

            async def replay() -> Message:
                nonlocal sent
                if not sent:
                    sent = True
                    return {"type": "http.request", "body": body, "more_body": False}
                return await receive()

            await self.app(scope, replay, send)
            return
        await self.app(scope, receive, send)

    def _host_problem(self, host: str) -> str | None:
        if "*" in self.hosts:
            return None
        name = host.strip().lower()
        if name.startswith("["):
            name = name[1 : name.find("]")] if "]" in name else name
        elif name.count(":") == 1:
            name = name.split(":")[0]
        if name in self.hosts:
            return None
        return "invalid Host header (allowed: " + ", ".join(self.hosts) + "; see allowed-hosts)"


def _too_big(limit: int) -> Response:
    return error_response(413, f"request body over the limit of {limit:,} bytes (max-body-bytes)")


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for key, value in (
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                    (b"cache-control", b"no-store"),
                    (b"content-security-policy", API_CSP.encode()),
                ):
                    if key not in present:
                        headers.append((key, value))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _parse(body: bytes) -> Any:
    if not body:
        raise RequestError(400, "empty request body: send a JSON object")
    try:
        return json.loads(body)
    except RecursionError:
        raise RequestError(400, "malformed JSON: nested too deeply") from None
    except UnicodeDecodeError:
        raise RequestError(400, "malformed JSON: not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise RequestError(400, f"malformed JSON: {exc.msg} at character {exc.pos}") from None
    except ValueError as exc:  # e.g. an integer over Python's 4,300-digit conversion limit
        raise RequestError(400, f"malformed JSON: {str(exc)[:200]}") from None


def create_app(settings: ServerSettings, service: Service | None = None) -> Starlette:
    """The ASGI application. ``service`` defaults to one built from the settings' config."""
    if service is None:
        resolver = ConfigResolver(forced=settings.config_file, isolated=settings.isolated)
        service = Service(
            resolver.for_path(None),
            Limits(max_text_chars=settings.max_text_chars, max_batch=settings.max_batch),
        )
    svc = service
    spec = openapi(settings)

    def endpoint(method: Any) -> Any:
        async def handle(request: Request) -> Response:
            try:
                body = await request.body()
                payload = _parse(body)
                if len(body) > THREAD_ABOVE:
                    result = await anyio.to_thread.run_sync(method, payload)
                else:
                    result = method(payload)
                return json_response(result)
            except RequestError as exc:
                return error_response(exc.status, exc.message)
            except Exception as exc:  # never a traceback, never the draft in a log
                log.error("internal error answering %s: %s", request.url.path, type(exc).__name__)
                return error_response(500, f"internal error ({type(exc).__name__})")

        return handle

    async def rules(request: Request) -> Response:
        return json_response(svc.rules())

    async def rule(request: Request) -> Response:
        try:
            return json_response(svc.rule(request.path_params["code"]))
        except RequestError as exc:
            return error_response(exc.status, exc.message)

    async def frameworks(request: Request) -> Response:
        return json_response({"version": 1, "frameworks": svc.frameworks()})

    async def healthz(request: Request) -> Response:
        return json_response(
            {"status": "ok", "version": __version__, "token_required": settings.token is not None}
        )

    async def openapi_json(request: Request) -> Response:
        return json_response(spec)

    async def page(request: Request) -> Response:
        return _static("playground.html", "text/html; charset=utf-8")

    async def script(request: Request) -> Response:
        return _static("playground.js", "text/javascript; charset=utf-8")

    async def style(request: Request) -> Response:
        return _static("playground.css", "text/css; charset=utf-8")

    async def not_found(request: Request, exc: Exception) -> Response:
        return error_response(404, "not found; the API is described at /openapi.json")

    async def not_allowed(request: Request, exc: Exception) -> Response:
        return error_response(405, f"method {request.method} not allowed here")

    async def server_error(request: Request, exc: Exception) -> Response:
        log.error("internal error answering %s: %s", request.url.path, type(exc).__name__)
        return error_response(500, "internal error")

    routes = [
        Route("/", page, methods=["GET"]),
        Route("/playground.js", script, methods=["GET"]),
        Route("/playground.css", style, methods=["GET"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/openapi.json", openapi_json, methods=["GET"]),
        Route("/v1/lint", endpoint(svc.lint), methods=["POST"]),
        Route("/v1/lint/batch", endpoint(svc.lint_batch), methods=["POST"]),
        Route("/v1/recovery", endpoint(svc.recovery), methods=["POST"]),
        Route("/v1/rules", rules, methods=["GET"]),
        Route("/v1/rules/{code}", rule, methods=["GET"]),
        Route("/v1/frameworks", frameworks, methods=["GET"]),
    ]
    middleware = [Middleware(SecurityHeaders)]
    if settings.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Authorization", "Content-Type"],
                max_age=600,
            )
        )
    middleware.append(Middleware(Guard, settings=settings))
    return Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={404: not_found, 405: not_allowed, 500: server_error},
    )


def _static(name: str, media_type: str) -> Response:
    data = resources.files(__package__).joinpath(name).read_bytes()
    headers = {"Content-Security-Policy": PAGE_CSP} if name.endswith(".html") else None
    return Response(data, media_type=media_type, headers=headers)


def app_from_env() -> Starlette:
    """The factory each uvicorn worker process calls (``--workers`` > 1)."""
    return create_app(ServerSettings.from_env(os.environ[SETTINGS_ENV]))


def quiet_logging() -> dict[str, Any]:
    """uvicorn's logging with the access log off and nothing below INFO: request lines and
    bodies are never written (a draft is customer data)."""
    from uvicorn.config import LOGGING_CONFIG

    config: dict[str, Any] = json.loads(json.dumps(LOGGING_CONFIG))
    for name in ("uvicorn", "uvicorn.error"):
        config["loggers"].setdefault(name, {})["level"] = "INFO"
    config["loggers"]["uvicorn.access"] = {"handlers": [], "level": "CRITICAL", "propagate": False}
    config["loggers"]["apologylint"] = {
        "handlers": ["default"],
        "level": "INFO",
        "propagate": False,
    }
    return config


def serve(settings: ServerSettings) -> None:
    """Run the HTTP server until interrupted."""
    import uvicorn

    settings.check()
    common: dict[str, Any] = dict(
        host=settings.host,
        port=settings.port,
        access_log=False,
        log_config=quiet_logging(),
        server_header=False,
        proxy_headers=False,
        lifespan="off",
    )
    if settings.workers > 1:
        os.environ[SETTINGS_ENV] = settings.to_env()
        import inspect

        if "timeout_worker_healthcheck" in inspect.signature(uvicorn.Config).parameters:
            # a worker builds its Linter before it answers: seconds on a busy machine, which
            # the default 5-second health check would take for a dead worker
            common["timeout_worker_healthcheck"] = 120
        uvicorn.run(
            "apologylint.server.app:app_from_env", factory=True, workers=settings.workers, **common
        )
    else:
        uvicorn.run(create_app(settings), **common)

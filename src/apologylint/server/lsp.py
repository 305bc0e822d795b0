"""``apologylint lsp``: a language server (pygls, over stdin/stdout) that publishes diagnostics
for drafts and templates as they change.

- Each diagnostic carries the rule code, with ``codeDescription.href`` pointing at the rule's
  explanation (a Markdown page written once per rule under the cache folder, or the
  ``explainUrl`` template a client passes in ``initializationOptions``, e.g. a team-hosted
  ``https://apologylint.example/v1/rules/{code}``).
- Code actions: removing an unused directive (AL001, the one suggestion a machine can apply),
  and "disable for this line" only where the format has comments (HTML, Markdown, Jinja,
  Liquid, Handlebars/Mustache); in a ``.txt`` the directive would be sent to the customer.
- Positions are negotiated (``positionEncoding``: UTF-16 unless the client offers UTF-8 or
  UTF-32); findings count code points and are converted per line.
- Drafts are never logged: pygls's own log records lose their arguments before any handler
  sees them.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import threading
from pathlib import Path
from typing import Any
from urllib.parse import quote

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from .._version import __version__
from ..errors import ApologylintError
from ..findings import Finding, Severity

SOURCE = "apologylint"

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
#: Formats by the editor's language id, for buffers whose name says nothing (untitled).
_BY_LANGUAGE = {
    "html": "html",
    "markdown": "markdown",
    "handlebars": "template",
    "jinja": "template",
    "jinja-html": "template",
    "liquid": "template",
    "django-html": "template",
    "plaintext": "text",
    "email": "email",
}
#: Comment syntax for a "disable for this line" directive, by suffix. Formats without comments
#: (plain text, email, templates of unknown syntax) get no such action.
_COMMENTS = {
    ".html": ("<!-- ", " -->"),
    ".htm": ("<!-- ", " -->"),
    ".md": ("<!-- ", " -->"),
    ".markdown": ("<!-- ", " -->"),
    ".j2": ("{# ", " #}"),
    ".jinja": ("{# ", " #}"),
    ".jinja2": ("{# ", " #}"),
    ".liquid": ("{% comment %}", "{% endcomment %}"),
    ".hbs": ("{{! ", " }}"),
    ".handlebars": ("{{! ", " }}"),
    ".mustache": ("{{! ", " }}"),
}
_LANGUAGE_COMMENTS = {
    "html": _COMMENTS[".html"],
    "markdown": _COMMENTS[".md"],
    "jinja": _COMMENTS[".j2"],
    "jinja-html": _COMMENTS[".j2"],
    "liquid": _COMMENTS[".liquid"],
    "handlebars": _COMMENTS[".hbs"],
}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class _Redact(logging.Filter):
    """pygls logs messages with their contents at DEBUG (and some at WARNING): keep the
    template, drop the arguments and exception text, so no draft reaches a log."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            if isinstance(record.args, tuple):
                record.args = tuple("<redacted>" for _ in record.args)
            else:
                record.args = None
                record.msg = str(record.msg).split("%", 1)[0] + "<redacted>"
        if record.exc_info:
            exc = record.exc_info[1]
            record.msg = f"{record.msg} ({type(exc).__name__})"
            record.exc_info = None
            record.exc_text = None
        return True


def quiet_pygls() -> None:
    redact = _Redact()
    for name in ("pygls", "lsprotocol"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.WARNING)
        logger.addFilter(redact)
        for child in list(logging.root.manager.loggerDict):
            if child.startswith(name + "."):
                sub = logging.getLogger(child)
                sub.addFilter(redact)


class Linting:
    """One Linter per distinct effective configuration (found from each file's folder, as
    ``check`` does), and the diagnostics of a document."""

    def __init__(self, config_file: str | None) -> None:
        from ..run import Settings

        self.settings = Settings(config_file, False, {})
        self.explain_url: str | None = None
        self._written: set[str] = set()
        self._lock = threading.Lock()

    def findings(self, uri: str, text: str, language_id: str | None) -> list[Finding]:
        from ..readers import format_for, read_string

        path = _path(uri)
        fmt = format_for(path) if path and Path(path).suffix else None
        if fmt is None or (fmt == "text" and language_id in _BY_LANGUAGE):
            fmt = _BY_LANGUAGE.get(language_id or "", "text")
        with self._lock:
            config = self.settings.config_for(path)
            linter = self.settings.linter_for(config)
        document = read_string(text, fmt, path=path)
        return list(linter.lint(document))

    def href(self, code: str, rule: Any) -> str | None:
        if self.explain_url:
            return self.explain_url.replace("{code}", quote(code))
        if rule is None:
            return None
        from ..cli import render_explanation

        folder = _cache_home() / "apologylint" / "explain"
        page = folder / f"{code}.md"
        if code not in self._written:
            try:
                folder.mkdir(parents=True, exist_ok=True)
                page.write_text(f"```text\n{render_explanation(rule)}```\n", encoding="utf-8")
            except OSError:
                return None
            self._written.add(code)
        return page.as_uri()

    def rule(self, uri: str, code: str) -> Any:
        path = _path(uri)
        with self._lock:
            linter = self.settings.linter_for(self.settings.config_for(path))
        return linter._rules.get(code)


def _cache_home() -> Path:
    base = os.environ.get("XDG_CACHE_HOME")
    return Path(base) if base else Path.home() / ".cache"


def _path(uri: str) -> str | None:
    if not uri.startswith("file:"):
        return None
    return to_fs_path(uri)


class LineIndex:
    """Code-point offsets to LSP positions in the negotiated encoding."""

    def __init__(self, text: str, encoding: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
        self.encoding = encoding

    def position(self, offset: int) -> types.Position:
        import bisect

        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        part = self.text[self.starts[line] : offset]
        if self.encoding == types.PositionEncodingKind.Utf8:
            units = len(part.encode("utf-8", "surrogatepass"))
        elif self.encoding == types.PositionEncodingKind.Utf32:
            units = len(part)
        else:
            units = len(part.encode("utf-16-le", "surrogatepass")) // 2
        return types.Position(line=line, character=units)

    def line_end(self, line: int) -> int:
        """The offset of the end of ``line``'s text (before its line break)."""
        if line + 1 < len(self.starts):
            end = self.starts[line + 1]
            while end > self.starts[line] and self.text[end - 1] in "\r\n":
                end -= 1
            return end
        return len(self.text)


def create_server(config_file: str | None = None) -> LanguageServer:
    server = LanguageServer("apologylint", __version__)
    linting = Linting(config_file)

    def encoding() -> str:
        return str(server.workspace.position_encoding or types.PositionEncodingKind.Utf16)

    def publish(uri: str) -> None:
        doc = server.workspace.get_text_document(uri)
        try:
            findings = linting.findings(uri, doc.source, doc.language_id)
        except ApologylintError as exc:
            server.window_log_message(
                types.LogMessageParams(types.MessageType.Warning, f"apologylint: {exc}")
            )
            findings = []
        index = LineIndex(doc.source, encoding())
        diagnostics = []
        for f in findings:
            rule = linting.rule(uri, f.code)
            href = linting.href(f.code, rule)
            diagnostics.append(
                types.Diagnostic(
                    range=types.Range(index.position(f.start), index.position(f.end)),
                    message=f"{f.message}\nsuggestion: {f.suggestion}"
                    if f.suggestion
                    else f.message,
                    severity=_SEVERITY[f.severity],
                    code=f.code,
                    code_description=types.CodeDescription(href=href) if href else None,
                    source=SOURCE,
                    data={"name": f.name, "start": f.start, "end": f.end, "line": f.line},
                )
            )
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=doc.version, diagnostics=diagnostics)
        )

    @server.feature(types.INITIALIZE)
    def initialize(params: types.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict) and isinstance(options.get("explainUrl"), str):
            linting.explain_url = options["explainUrl"]

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[])
        )

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def code_action(params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        doc = server.workspace.get_text_document(uri)
        index = LineIndex(doc.source, encoding())
        path = _path(uri) or ""
        comment = _COMMENTS.get(Path(path).suffix.lower()) if path else None
        if comment is None and not Path(path).suffix:
            comment = _LANGUAGE_COMMENTS.get(doc.language_id or "")
        actions: list[types.CodeAction] = []
        seen_lines: set[tuple[int, str]] = set()
        for diag in params.context.diagnostics:
            if diag.source != SOURCE or not isinstance(diag.data, dict):
                continue
            code = str(diag.code)
            start, end = diag.data.get("start"), diag.data.get("end")
            if not isinstance(start, int) or not isinstance(end, int):
                continue
            if code == "AL001":
                actions.append(_remove_directive(uri, doc.source, index, start, end, diag))
                continue
            if comment is None:
                continue
            line = index.position(start).line
            if (line, code) in seen_lines:
                continue
            seen_lines.add((line, code))
            at = index.position(index.line_end(line))
            directive = f" {comment[0]}apologylint: disable-line={code}{comment[1]}"
            actions.append(
                types.CodeAction(
                    title=f"Disable {code} for this line",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diag],
                    edit=types.WorkspaceEdit(
                        changes={uri: [types.TextEdit(types.Range(at, at), directive)]}
                    ),
                )
            )
        return actions

    return server


def _remove_directive(
    uri: str, text: str, index: LineIndex, start: int, end: int, diag: types.Diagnostic
) -> types.CodeAction:
    # a directive alone on its line goes with its line
    line = index.position(start).line
    line_start = index.starts[line]
    line_end = index.line_end(line)
    if not text[line_start:start].strip() and not text[end:line_end].strip():
        start = line_start
        end = index.starts[line + 1] if line + 1 < len(index.starts) else line_end
    return types.CodeAction(
        title="Remove the unused directive",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diag],
        is_preferred=True,
        edit=types.WorkspaceEdit(
            changes={
                uri: [types.TextEdit(types.Range(index.position(start), index.position(end)), "")]
            }
        ),
    )


def run_lsp(config_file: str | None = None) -> None:
    quiet_pygls()
    create_server(config_file).start_io()
    sys.exit(0)

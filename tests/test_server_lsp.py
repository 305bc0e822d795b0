"""``apologylint lsp``: a real LSP client session over stdio with the server as a subprocess."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

from servers import need

need("pygls")
from lsprotocol import types  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402

#: "does not hang": a generous ceiling for each wait
WAIT = 90


class Session:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.client = LanguageClient("apologylint-tests", "1")
        self.diagnostics: asyncio.Queue = asyncio.Queue()

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
            self.diagnostics.put_nowait(params)

    async def start(self, encodings: list[str] | None = None) -> types.InitializeResult:
        await self.client.start_io(sys.executable, "-m", "apologylint", "lsp", cwd=str(self.tmp))
        general = (
            types.GeneralClientCapabilities(position_encodings=encodings) if encodings else None
        )
        result = await asyncio.wait_for(
            self.client.initialize_async(
                types.InitializeParams(
                    capabilities=types.ClientCapabilities(general=general),
                    root_uri=self.tmp.as_uri(),
                )
            ),
            WAIT,
        )
        self.client.initialized(types.InitializedParams())
        return result

    async def next_for(self, uri: str) -> list[types.Diagnostic]:
        while True:
            params = await asyncio.wait_for(self.diagnostics.get(), WAIT)
            if params.uri == uri:
                return params.diagnostics

    def open(self, name: str, text: str, language: str = "plaintext") -> str:
        uri = (self.tmp / name).as_uri()
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, language, 1, text))
        )
        return uri

    def change(self, uri: str, version: int, *changes: object) -> None:
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=version, uri=uri), list(changes)
            )
        )

    async def actions(self, uri: str, diags: list[types.Diagnostic]) -> list[types.CodeAction]:
        rng = diags[0].range
        return await asyncio.wait_for(
            self.client.text_document_code_action_async(
                types.CodeActionParams(
                    types.TextDocumentIdentifier(uri), rng, types.CodeActionContext(diags)
                )
            ),
            WAIT,
        )

    async def stop(self) -> None:
        await asyncio.wait_for(self.client.shutdown_async(None), WAIT)
        self.client.exit(None)
        await self.client.stop()


def _apply(text: str, edit: types.TextEdit) -> str:
    # UTF-16 positions: the edits used here are on lines without astral characters
    lines = text.splitlines(keepends=True)

    def offset(pos: types.Position) -> int:
        return sum(len(x) for x in lines[: pos.line]) + pos.character

    return text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]


def test_diagnostics_as_a_file_changes_in_utf16(tmp_path):
    async def main() -> None:
        s = Session(tmp_path)
        result = await s.start()
        assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf16
        text = "Hi 😀😀,\n\nI'm sorry if you feel that way. 👍 Please calm down.\n"
        uri = s.open("draft.txt", text)
        diags = await s.next_for(uri)
        assert [d.code for d in diags] == ["FA101", "DF106"]
        fa, df = diags
        assert fa.range.start == types.Position(line=2, character=4)
        assert fa.range.end == types.Position(line=2, character=21)
        # '👍' is one code point and two UTF-16 units before 'calm down'
        line = text.splitlines()[2]
        assert df.range.start.character == line.index("calm down") + 1
        assert fa.severity == types.DiagnosticSeverity.Error and fa.source == "apologylint"
        assert "suggestion:" in fa.message
        href = fa.code_description.href
        page = Path(unquote(urlparse(href).path))
        assert page.name == "FA101.md" and "Why it hurts a customer" in page.read_text()
        # an incremental change that fixes the apology: its diagnostic goes, the other stays
        s.change(
            uri,
            2,
            types.TextDocumentContentChangePartial(
                range=types.Range(fa.range.start, types.Position(line=2, character=35)),
                text="sorry we were late.",
            ),
        )
        diags = await s.next_for(uri)
        assert [d.code for d in diags] == ["DF106"]
        # plain text has no comments: no "disable for this line" (the customer would see it)
        assert not await s.actions(uri, diags)
        # a whole-text change
        s.change(uri, 3, types.TextDocumentContentChangeWholeDocument(text="All sorted now."))
        assert list(await s.next_for(uri)) == []
        await s.stop()

    asyncio.run(main())


def test_code_actions_in_formats_with_comments(tmp_path):
    async def main() -> None:
        s = Session(tmp_path)
        await s.start()
        html = "<p>Hello,</p>\n<p>We are sorry if you feel let down.</p>\n"
        uri = s.open("reply.html", html, "html")
        diags = await s.next_for(uri)
        assert [d.code for d in diags] == ["FA101"]
        (action,) = await s.actions(uri, diags)
        assert action.title == "Disable FA101 for this line"
        (edit,) = action.edit.changes[uri]
        assert edit.new_text == " <!-- apologylint: disable-line=FA101 -->"
        fixed = _apply(html, edit)
        assert fixed.splitlines()[1].endswith("</p> <!-- apologylint: disable-line=FA101 -->")
        s.change(uri, 2, types.TextDocumentContentChangeWholeDocument(text=fixed))
        assert list(await s.next_for(uri)) == []  # suppressed, and the directive is used

        # a stale directive (AL001): the one suggestion a machine can apply is removing it
        stale = "{# apologylint: disable-next-line=FA101 #}\nThanks for waiting, {{ name }}!\n"
        uri = s.open("macro.j2", stale, "jinja")
        diags = await s.next_for(uri)
        assert [d.code for d in diags] == ["AL001"]
        actions = await s.actions(uri, diags)
        assert actions[0].title == "Remove the unused directive"
        (edit,) = actions[0].edit.changes[uri]
        assert _apply(stale, edit) == "Thanks for waiting, {{ name }}!\n"
        assert len(actions) == 1
        # Liquid and Handlebars write the directive in their own comment syntax
        for name, language, expected in (
            (
                "macro.liquid",
                "liquid",
                " {% comment %}apologylint: disable-line=FA101{% endcomment %}",
            ),
            ("macro.hbs", "handlebars", " {{! apologylint: disable-line=FA101 }}"),
        ):
            text = "Hi {{ name }}, sorry if you feel let down.\n"
            uri = s.open(name, text, language)
            diags = await s.next_for(uri)
            (action,) = await s.actions(uri, diags)
            (edit,) = action.edit.changes[uri]
            assert edit.new_text == expected
            s.change(uri, 2, types.TextDocumentContentChangeWholeDocument(text=_apply(text, edit)))
            assert list(await s.next_for(uri)) == []
        await s.stop()

    asyncio.run(main())


def test_position_encoding_is_negotiated(tmp_path):
    async def main() -> None:
        s = Session(tmp_path)
        result = await s.start(["utf-8", "utf-16"])  # the client's preference comes first
        assert result.capabilities.position_encoding == "utf-8"
        uri = s.open("d.txt", "😀😀sorry if you feel that way")
        (diag,) = await s.next_for(uri)
        assert diag.range.start.character == 8  # two four-byte emoji
        await s.stop()

    asyncio.run(main())


def test_pygls_log_records_lose_their_contents():
    import logging

    from apologylint.server.lsp import _Redact

    draft = "I'm sorry if you feel that way, Quetzalbrook."
    record = logging.LogRecord(
        "pygls.protocol", logging.WARNING, __file__, 1, 'Unknown message "%s"', (draft,), None
    )
    assert _Redact().filter(record) and draft not in record.getMessage()
    try:
        raise ValueError(draft)
    except ValueError:
        import sys

        record = logging.LogRecord(
            "pygls", logging.ERROR, __file__, 1, "failed: %s", ({"text": draft},), sys.exc_info()
        )
    _Redact().filter(record)
    formatted = logging.Formatter().format(record)
    assert "Quetzalbrook" not in formatted and "ValueError" in formatted

"""apologylint as a spaCy pipeline component, for teams that already run spaCy.

```python
import spacy

nlp = spacy.blank("en")          # or any English pipeline
nlp.add_pipe("sentencizer")      # optional: the component uses the Doc's sentences when set
nlp.add_pipe("apologylint")      # found through spaCy's entry points (spacy_factories)
doc = nlp("I'm sorry if you feel that way.")
for f in doc._.apologylint:      # list[Finding], offsets index doc.text
    print(f.code, f.text)
```

The rules run on the host Doc's own tokens and sentences: nothing is tokenized a second time.
``doc.text`` is treated as plain text as it stands: no quoted earlier message, signature or
template placeholder is stripped (that is the readers' job; pass ``apologylint.lint`` a draft to
get it), and a line break is whatever token the host tokenizer made of it. Rules that need
annotations (``requires``) run when the pipeline provides them. Settings: ``select`` and
``ignore`` (selectors, as in the configuration) and ``config_file`` (a configuration file read
as data).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .analysis import Context
from .config import Config
from .document import Document
from .findings import Finding
from .linter import Linter, _Chunk, _resolve

EXTENSION = "apologylint"


@Language.factory(
    "apologylint",
    default_config={"select": None, "ignore": None, "config_file": None},
)
def make_apologylint(
    nlp: Language,
    name: str,
    select: list[str] | None,
    ignore: list[str] | None,
    config_file: str | None,
) -> ApologylintComponent:
    return ApologylintComponent(nlp, name, select=select, ignore=ignore, config_file=config_file)


class ApologylintComponent:
    """Sets ``doc._.apologylint`` to the findings of the Doc (a ``list[Finding]``)."""

    def __init__(
        self,
        nlp: Language,
        name: str = "apologylint",
        *,
        select: list[str] | None = None,
        ignore: list[str] | None = None,
        config_file: str | None = None,
    ) -> None:
        if not Doc.has_extension(EXTENSION):
            Doc.set_extension(EXTENSION, default=None)
        self.name = name
        config = Config.from_file(config_file) if config_file else Config()
        # The host pipeline's vocab: the rules' patterns match the host's own tokens.
        self.linter = Linter(config=config, select=select, ignore=ignore, nlp=nlp)

    def __call__(self, doc: Doc) -> Doc:
        doc._.set(EXTENSION, lint_doc(self.linter, doc))
        return doc

    def pipe(self, stream: Any, batch_size: int = 128) -> Any:
        for doc in stream:
            yield self(doc)


def lint_doc(linter: Linter, doc: Doc) -> list[Finding]:
    """The findings of ``doc`` (plain text, its own tokens and sentences) under ``linter``,
    whose pipeline must share ``doc``'s vocab."""
    text = doc.text
    document = Document.from_text(text)
    ctx = Context(text, [])
    if doc.has_annotation("SENT_START"):
        sents = [(s.start_char, s.end_char) for s in doc.sents]
        sents = [_trim(text, a, b) for a, b in sents]
        sents = [(a, b) for a, b in sents if b > a]
        ctx = Context(text, [], _sentences=sents, _sent_starts=[a for a, _ in sents])
    hits = linter._raw_hits(doc) + linter._code_hits(doc, ctx)
    chunk = _Chunk(0, document.segments[0], 0, text)
    findings = [
        linter._finding(document, chunk, h) for h in _resolve(linter._guard(hits, ctx), False)
    ]
    findings = linter._filter(document, findings)
    findings.sort(key=lambda f: (f.start, f.code))
    return [replace(f, path=None) for f in findings]


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b

"""The learned second opinion: a small multi-label sentence classifier beside the rules.

The unit is a sentence with its neighbours (a non-apology is an apology taken back by the next
sentence). A window is the centre sentence's lower-cased words, then the previous sentence's words
marked ``p|`` and the next sentence's marked ``n|``, so the bag-of-words model can tell the centre
from its context. The same function builds windows for training and for linting, from tokens the
linter has already made: the classifier never tokenizes again.

The model (spaCy ``textcat_multilabel`` with ``TextCatBOW.v3``) ships inside the package, in
``model/textcat/``, and is loaded on first use from there only: no configuration key can point at
another model file (a model is code-like), and nothing is downloaded. It is trained by
``python -m apologylint.train`` from ``model/config.cfg`` and ``corpus/train/``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: The classifier's labels: the six categories of the rules.
LABELS = (
    "fake-apology",
    "non-apology",
    "defensive",
    "sympathy",
    "dismissive",
    "scripted-apology",
)

MODEL_DIR = Path(__file__).parent / "textcat"
THRESHOLDS_FILE = Path(__file__).parent / "thresholds.json"
CONFIG_FILE = Path(__file__).parent / "config.cfg"

#: Words taken from each neighbouring sentence: enough for "the courier was late", and a bound on
#: the work a window costs whatever the sentence length.
CONTEXT_WORDS = 24
#: Words taken from the centre sentence (a pathological 100 KB "sentence" stays bounded).
CENTRE_WORDS = 80


def sentence_words(doc: Doc, sentences: Sequence[tuple[int, int]]) -> list[list[str]]:
    """The lower-cased words of each sentence span (Doc character coordinates)."""
    out: list[list[str]] = [[] for _ in sentences]
    if not sentences:
        return out
    i = 0
    for token in doc:
        if token.is_space:
            continue
        idx = token.idx
        while i < len(sentences) - 1 and idx >= sentences[i][1]:
            i += 1
        if sentences[i][0] <= idx < sentences[i][1]:
            out[i].append(token.lower_)
    return out


def windows(words: list[list[str]]) -> list[list[str]]:
    """One window per sentence: the centre's words, then the marked neighbours' words."""
    out = []
    for i, centre in enumerate(words):
        window = list(centre[:CENTRE_WORDS])
        if i > 0:
            window.extend("p|" + w for w in words[i - 1][-CONTEXT_WORDS:])
        if i + 1 < len(words):
            window.extend("n|" + w for w in words[i + 1][:CONTEXT_WORDS])
        out.append(window)
    return out


def default_thresholds() -> dict[str, float]:
    """The per-category thresholds shipped with the model (chosen by cross-validation)."""
    try:
        data = json.loads(THRESHOLDS_FILE.read_text(encoding="utf-8"))
        return {k: float(v) for k, v in data["thresholds"].items() if k in LABELS}
    except (OSError, ValueError, KeyError, TypeError):
        return dict.fromkeys(LABELS, 0.5)


def default_on() -> bool:
    """Whether the model runs when configuration does not say: only if, measured on held-out
    real replies, it raised macro-F1 enough without hurting precision (see ``thresholds.json``)."""
    try:
        return bool(json.loads(THRESHOLDS_FILE.read_text(encoding="utf-8"))["default_on"])
    except (OSError, ValueError, KeyError, TypeError):
        return False


def model_fingerprint() -> bytes:
    """A hash of the shipped model's files and thresholds (empty when none ships)."""
    import hashlib

    h = hashlib.sha256()
    files = sorted(p for p in MODEL_DIR.rglob("*") if p.is_file()) if MODEL_DIR.is_dir() else []
    for path in [*files, THRESHOLDS_FILE]:
        if path.is_file():
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.digest()


def available() -> bool:
    """Whether a trained model ships with this installation."""
    return (MODEL_DIR / "config.cfg").is_file()


class Classifier:
    """The shipped classifier, loaded once. Scoring runs under a lock in a memory zone of the
    model's own vocabulary, so it can be shared by threads and does not grow with new words."""

    _instance: Classifier | None = None
    _instance_lock = threading.Lock()

    def __init__(self, path: Path = MODEL_DIR) -> None:
        import spacy

        self.nlp: Language = spacy.load(path)
        self.textcat: Any = self.nlp.get_pipe("textcat_multilabel")
        self.labels = tuple(self.textcat.labels)
        self._lock = threading.Lock()

    @classmethod
    def shared(cls) -> Classifier:
        if cls._instance is None:
            with cls._instance_lock:
                if cls._instance is None:
                    cls._instance = Classifier()
        return cls._instance

    def scores(self, windows_: list[list[str]]) -> list[dict[str, float]]:
        """The probability of each label for each window."""
        if not windows_:
            return []
        from spacy.tokens import Doc

        with self._lock, self.nlp.memory_zone():
            docs = [Doc(self.nlp.vocab, words=w or [""]) for w in windows_]
            matrix = self.textcat.model.predict(docs)
            rows = self.textcat.model.ops.to_numpy(matrix).tolist()
        return [dict(zip(self.labels, (float(x) for x in row))) for row in rows]

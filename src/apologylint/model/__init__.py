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
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ..categories import CONTENT_CATEGORIES

if TYPE_CHECKING:
    from spacy.language import Language

#: The classifier's labels: the six content categories of the rules.
LABELS = CONTENT_CATEGORIES

MODEL_DIR = Path(__file__).parent / "textcat"
THRESHOLDS_FILE = Path(__file__).parent / "thresholds.json"
CONFIG_FILE = Path(__file__).parent / "config.cfg"

#: Words taken from each neighbouring sentence: enough for "the courier was late", and a bound on
#: the work a window costs whatever the sentence length.
CONTEXT_WORDS = 24
#: Words taken from the centre sentence (a pathological 100 KB "sentence" stays bounded).
CENTRE_WORDS = 80


#: A word for the classifier: a run of letters/digits (apostrophes inside kept, "don't"), or one
#: punctuation mark. Lower-cased text only. A regex, not the spaCy tokens: training and linting
#: must cut words the same way, and this is several times cheaper than reading Token objects.
_WORD = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
#: Links, handles, e-mail addresses and numbers say nothing about tone and are never the same twice:
#: each kind becomes one word, so the model learns "a link follows", not this link.
_TOKENS = re.compile(
    r"(?P<url>(?:https?://|www\.)\S+)|(?P<email>\S+@\S+\.\w+)|(?P<at>@\w+)|(?P<num>\d[\d.,:/-]*)"
)


def _normalise(match: re.Match[str]) -> str:
    return f" {match.lastgroup}0 "


def sentence_words(text: str, sentences: Sequence[tuple[int, int]]) -> list[list[str]]:
    """The lower-cased words of each sentence span of ``text``."""
    return [_WORD.findall(_TOKENS.sub(_normalise, text[s:e].lower())) for s, e in sentences]


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
    """The shipped classifier, loaded once and shared. Scoring reads the model's weights only,
    so threads can score at the same time."""

    _instance: Classifier | None = None
    _instance_lock = threading.Lock()

    def __init__(self, path: Path = MODEL_DIR) -> None:
        import spacy

        self.nlp: Language = spacy.load(path)
        # Any: the weights are read through thinc's untyped layer attributes
        self.textcat: Any = cast(Any, self.nlp.get_pipe("textcat_multilabel"))
        self.labels = tuple(self.textcat.labels)
        layers = {layer.name: layer for layer in self.textcat.model.walk()}
        self._ngram_size = int(layers["extract_ngrams"].attrs["ngram_size"])
        self._linear = layers["resizable(sparse_linear)"]
        self._output = layers.get("logistic")
        self._ops = self.textcat.model.ops

    @classmethod
    def shared(cls) -> Classifier:
        if cls._instance is None:
            with cls._instance_lock:
                if cls._instance is None:
                    cls._instance = Classifier()
        return cls._instance

    def scores(self, windows_: list[list[str]]) -> list[dict[str, float]]:
        """The probability of each label for each window.

        The same arithmetic as the pipeline's ``extract_ngrams >> sparse_linear >> logistic``,
        fed with hashes made straight from the words (lower-cased already, so they equal the
        ``LOWER`` hashes a Doc would give): no Doc and no vocabulary entry per window, so
        scoring is cheap, reads the weights only (threads may share it) and never grows a string
        store. Repeated n-grams are kept rather than counted: the layer is linear, so a key
        given twice with weight 1 scores as once with weight 2.
        """
        if not windows_:
            return []
        import numpy
        from spacy.strings import hash_string  # type: ignore[attr-defined]  # not in spaCy's .pyi

        ops = self._ops
        keys: list[Any] = []
        lengths = []
        for words in windows_:
            unigrams = numpy.fromiter(
                (hash_string(w) for w in (words or [""])), dtype="uint64", count=len(words) or 1
            )
            parts = [unigrams]
            for n in range(2, self._ngram_size + 1):
                parts.append(ops.ngrams(n, unigrams))
            joined = numpy.concatenate(parts)
            keys.append(joined)
            lengths.append(joined.shape[0])
        all_keys = numpy.concatenate(keys)
        vals = numpy.ones(all_keys.shape[0], dtype="f")
        scores = self._linear.predict((all_keys, vals, numpy.asarray(lengths, dtype="int32")))
        if self._output is not None:
            scores = self._output.predict(scores)
        rows = ops.to_numpy(scores).tolist()
        return [dict(zip(self.labels, (float(x) for x in row))) for row in rows]

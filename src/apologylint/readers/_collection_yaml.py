"""YAML for the collection reader: PyYAML's node graph, string scalars as :class:`LocStr`.

PyYAML (already a dependency for rule packs) composes the node graph with source marks; we build
plain Python values from it ourselves so that every string scalar keeps its node. A scalar's
decoded value differs from its source by syntax only — indentation, line folding, the
block-scalar header, quotes, ``''`` in single-quoted and escapes in double-quoted scalars — so
:func:`yaml_charmap` aligns the two: every non-blank character of the value is matched to the
same character (or to the escape sequence that produced it) in the source; whitespace the
folding created maps to the whitespace it replaced. When the alignment fails (it should not),
every character maps to the whole scalar: coarse, never wrong.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ._collection_json import CharMap, LocStr

_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_WS = " \t\r\n\x85\u2028\u2029\ufeff"
_ESCAPES = {
    "0": "\0",
    "a": "\x07",
    "b": "\x08",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\x0b",
    "f": "\x0c",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_CODES = {"x": 2, "u": 4, "U": 8}


class YAMLSyntaxError(ValueError):
    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.message, self.line))


def load_yaml(source: str) -> Any:
    """Parse YAML (every document; more than one gives a list); strings are :class:`LocStr`."""
    if _too_deep(source):
        raise YAMLSyntaxError("invalid YAML: nested too deeply", None)
    try:
        nodes = list(yaml.compose_all(source, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "syntax error"
        line = None
        where = ""
        if mark is not None:
            last = source.count("\n") + (0 if source.endswith("\n") else 1)
            line = max(1, min(mark.line + 1, last))  # the end of the stream: the last line
            where = f" (column {mark.column + 1})" if line == mark.line + 1 else ""
        raise YAMLSyntaxError(f"invalid YAML: {problem}{where}", line) from None
    except yaml.YAMLError as exc:
        raise YAMLSyntaxError(f"invalid YAML: {' '.join(str(exc).split())}", None) from None
    except RecursionError:
        raise YAMLSyntaxError("invalid YAML: nested too deeply", None) from None
    builder = _Builder(source)
    try:
        values = [builder.build(n) for n in nodes if n is not None]
    except RecursionError:
        raise YAMLSyntaxError("invalid YAML: nested too deeply", None) from None
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        raise YAMLSyntaxError(f"invalid YAML: {' '.join(str(exc).split())}", None) from None
    if not values:
        return None
    return values[0] if len(values) == 1 else values


#: PyYAML's composer takes seconds on a few thousand open brackets (minutes on 100,000) before
#: it gives up: refuse deeper flow nesting than any real export has, before parsing.
_MAX_DEPTH = 200
_BRACKETS = re.compile(r"[\[\]{}]")


def _too_deep(source: str) -> bool:
    depth = 0
    for m in _BRACKETS.finditer(source):
        if m.group() in "[{":
            depth += 1
            if depth > _MAX_DEPTH:
                return True
        elif depth:
            depth -= 1
    return False


class _Builder:
    def __init__(self, source: str) -> None:
        self.source = source
        self.constructor = SafeConstructor()
        self.memo: dict[int, Any] = {}
        self.active: set[int] = set()

    def build(self, node: Node) -> Any:
        key = id(node)
        if key in self.memo:
            return self.memo[key]
        if key in self.active:
            raise ValueError(f"recursive alias at line {node.start_mark.line + 1}")
        self.active.add(key)
        try:
            value = self._build(node)
        finally:
            self.active.discard(key)
        self.memo[key] = value
        return value

    def _build(self, node: Node) -> Any:
        if isinstance(node, ScalarNode):
            if node.tag == _STR_TAG:
                mapper = lambda v, n=node: yaml_charmap(self.source, n, v)  # noqa: E731
                return LocStr(node.value, node.start_mark.index, node.end_mark.index, mapper)
            return self.constructor.construct_object(node, deep=True)
        if isinstance(node, SequenceNode):
            return [self.build(n) for n in node.value]
        if isinstance(node, MappingNode):
            out: dict[Any, Any] = {}
            merged: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE_TAG:
                    value = self.build(value_node)
                    for m in value if isinstance(value, list) else [value]:
                        if isinstance(m, dict):
                            for k, v in m.items():
                                merged.setdefault(k, v)
                    continue
                key = self.build(key_node)
                if isinstance(key, LocStr):
                    key = str(key)
                elif isinstance(key, (list, dict)):
                    key = repr(key)
                out[key] = self.build(value_node)
            for k, v in merged.items():
                out.setdefault(k, v)
            return out
        return None


def yaml_charmap(source: str, node: ScalarNode, value: str) -> CharMap:
    """Per-character source spans of a string scalar's value (see the module docstring)."""
    a, b = node.start_mark.index, node.end_mark.index
    style = node.style
    while a < b and source[a] in "&!":  # node properties: an anchor, a tag
        while a < b and source[a] not in _WS:
            a += 1
        while a < b and source[a] in _WS:
            a += 1
    if style in ("|", ">"):
        i = a
        while i < b and source[i] not in "\r\n":
            i += 1  # the header: indicator, chomping, indentation, comment
    elif style in ("'", '"'):
        i, b = a + 1, b - 1
    else:
        i = a
    result = _align(source, i, b, value, style)
    if result is None:
        return [node.start_mark.index] * len(value), [node.end_mark.index] * len(value)
    return result


def _align(source: str, i: int, b: int, value: str, style: str | None) -> CharMap | None:
    starts: list[int] = []
    ends: list[int] = []
    for c in value:
        while True:
            if i < b and style == '"' and source[i] == "\\":
                decoded, span = _escape(source, i, b)
                if decoded == "":  # an escaped line break: stands for nothing
                    i += span
                    continue
                if decoded == c:
                    starts.append(i)
                    ends.append(i + span)
                    i += span
                    break
                if c not in _WS:
                    return None
                starts.append(i)  # whitespace folding produced before an escape
                ends.append(i)
                break
            if i < b and style == "'" and source[i] == "'" and c == "'":
                starts.append(i)
                ends.append(min(i + 2, b))
                i += 2
                break
            if i < b and source[i] == c:
                starts.append(i)
                ends.append(i + 1)
                i += 1
                break
            if i < b and source[i] in _WS:
                j = i
                while j < b and source[j] in _WS and source[j] != c:
                    j += 1
                if j < b and source[j] == c:
                    i = j  # skip indentation / trailing blanks up to the same character
                    continue
                if c in _WS:  # folding: this whitespace stands for the whole run
                    starts.append(i)
                    ends.append(j)
                    i = j
                    break
                i = j
                continue
            if c in _WS:  # whitespace with no source (a chomped final newline at the end)
                starts.append(i)
                ends.append(i)
                break
            return None
    return starts, ends


def _escape(source: str, i: int, b: int) -> tuple[str, int]:
    """Decoded text and length of the double-quoted escape at ``source[i]``."""
    kind = source[i + 1] if i + 1 < b else ""
    if kind in _ESCAPES:
        return _ESCAPES[kind], 2
    if kind in _CODES:
        n = _CODES[kind]
        try:
            return chr(int(source[i + 2 : i + 2 + n], 16)), 2 + n
        except ValueError:
            return "", 2
    if kind in "\r\n\x85\u2028\u2029":
        span = 3 if source[i + 1 : i + 3] == "\r\n" else 2
        j = i + span
        while j < b and source[j] in " \t":
            j += 1
        return "", j - i
    return "", 1

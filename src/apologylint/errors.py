"""Exceptions that carry their context; the CLI turns each into one line on stderr."""

from __future__ import annotations


class ApologylintError(Exception):
    """Base class for every error apologylint reports to a user."""


class InputError(ApologylintError):
    """A source that cannot be read: missing, binary, undecodable, too large."""

    def __init__(
        self, path: str | None, reason: str, *, record: str | None = None, line: int | None = None
    ) -> None:
        # A record name or path can hold a lone surrogate (a JSON "\ud800" title, an undecodable
        # file name); no report could be written with it, so it is shown escaped.
        path, record = (_printable(x) for x in (path, record))
        reason = _printable(reason) or ""  # a str in gives a str out
        self.path = path
        self.reason = reason
        self.record = record
        self.line = line
        where = path or "<string>"
        if line is not None:
            where = f"{where}:{line}"
        if record is not None:
            where = f"{where} [{record}]"
        super().__init__(f"{where}: {reason}")

    def __reduce__(self) -> tuple[object, ...]:
        # Errors cross process boundaries (parallel batches): pickle rebuilds an exception from
        # ``args`` alone, which would not fit this signature and break the whole pool.
        return (_rebuild, (type(self), (self.path, self.reason), self._state()))

    def _state(self) -> dict[str, object]:
        return {"record": self.record, "line": self.line}


def _printable(text: str | None) -> str | None:
    if text is None or text.isascii():
        return text
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _rebuild(
    cls: type[Exception], args: tuple[object, ...], kwargs: dict[str, object]
) -> Exception:
    return cls(*args, **kwargs)


class RulePackError(ApologylintError):
    """A rule pack (or code rule) that does not validate."""

    def __init__(
        self,
        file: str,
        reason: str,
        *,
        rule: str | None = None,
        field: str | None = None,
        line: int | None = None,
    ) -> None:
        self.file = file
        self.rule = rule
        self.field = field
        self.line = line
        self.reason = reason
        where = file if line is None else f"{file}:{line}"
        parts = [where]
        if rule:
            parts.append(f"rule {rule}")
        if field:
            parts.append(f"field '{field}'")
        super().__init__(": ".join(parts) + f": {reason}")

    def __reduce__(self) -> tuple[object, ...]:
        state = {"rule": self.rule, "field": self.field, "line": self.line}
        return (_rebuild, (type(self), (self.file, self.reason), state))


class UsageError(ApologylintError):
    """A bad argument or selector given by the caller."""

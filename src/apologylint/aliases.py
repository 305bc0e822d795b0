"""Codes that stay: a retired or renamed rule code (or name) keeps working as an alias.

Merging, splitting and renaming rules must not break a team's configuration, inline directives
or baseline. The table lives in data (``registry/aliases.yaml``, shipped in the wheel): each
entry maps an old code or name to the code(s) it now means — one for a rename or a merge,
several for a split. Wherever a rule can be named (``select``/``ignore``/``extend-select``,
per-file ignores, severities, directives, baseline entries) an alias is read as the codes it
stands for, and the run says so in a notice, the way ruff redirects its old codes.
``CHANGELOG.md`` records every code change; a test keeps the two in step.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import RulePackError


@dataclass(frozen=True)
class Alias:
    """An old code (or rule name) and the live code(s) it now stands for."""

    old: str
    new: tuple[str, ...]
    since: str
    why: str = ""

    def notice(self, where: str) -> str:
        now = ", ".join(self.new)
        reason = f" ({self.why})" if self.why else ""
        return (
            f"{where} names {self.old}, retired in {self.since}{reason}: read as {now}; "
            f"write {now} instead"
        )


def parse_aliases(data: Any, source: str) -> dict[str, Alias]:
    """Validate an alias table (``{"aliases": [{"old", "new", "since", "why"?}]}``)."""
    if not isinstance(data, dict) or not isinstance(data.get("aliases"), list):
        raise RulePackError(source, "an alias table needs a list 'aliases'")
    out: dict[str, Alias] = {}
    for n, entry in enumerate(data["aliases"], 1):
        new = entry.get("new") if isinstance(entry, dict) else None
        if isinstance(new, str):
            new = [new]
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("old"), str)
            or not isinstance(new, list)
            or not new
            or not all(isinstance(c, str) for c in new)
            or not isinstance(entry.get("since"), str)
            or set(entry) - {"old", "new", "since", "why"}
        ):
            raise RulePackError(
                source,
                f"alias {n}: needs 'old' (a code or name), 'new' (a code or a list of codes) and "
                "'since' (a version), and optionally 'why'",
            )
        old = entry["old"]
        if old in out:
            raise RulePackError(source, f"alias {n}: {old} is listed twice")
        if old in new:
            raise RulePackError(source, f"alias {n}: {old} cannot stand for itself")
        out[old] = Alias(old, tuple(new), entry["since"], str(entry.get("why") or ""))
    # an alias of an alias (renamed twice) stands for the latest codes
    resolved = {}
    for old, alias in out.items():
        resolved[old] = Alias(old, _resolve(alias.new, out, {old}), alias.since, alias.why)
    return resolved


def _resolve(codes: Iterable[str], table: Mapping[str, Alias], seen: set[str]) -> tuple[str, ...]:
    out: list[str] = []
    for code in codes:
        if code in table:
            if code in seen:
                raise RulePackError("aliases", f"alias cycle through {code}")
            nested = _resolve(table[code].new, table, seen | {code})
            out += [c for c in nested if c not in out]
        elif code not in out:
            out.append(code)
    return tuple(out)


_table: dict[str, Alias] | None = None


def builtin_aliases() -> dict[str, Alias]:
    """The shipped table (``registry/aliases.yaml``), read once."""
    global _table
    if _table is None:
        from importlib.resources import files

        import yaml

        path = files("apologylint.registry") / "aliases.yaml"
        _table = parse_aliases(yaml.safe_load(path.read_text(encoding="utf-8")), str(path))
    return _table


def expand(
    selector: str, live: Iterable[str] = (), aliases: Mapping[str, Alias] | None = None
) -> tuple[str, ...]:
    """The selectors ``selector`` stands for: itself, or an alias's codes. A live rule's code
    or name always means that rule (a plugin may reuse a code the built-ins retired)."""
    table = builtin_aliases() if aliases is None else aliases
    alias = table.get(selector)
    if alias is None or selector in live:
        return (selector,)
    return alias.new


def aliases_in(
    selectors: Iterable[str], live: Iterable[str] = (), aliases: Mapping[str, Alias] | None = None
) -> list[Alias]:
    """The aliases among ``selectors`` (in order, each once)."""
    table = builtin_aliases() if aliases is None else aliases
    live = set(live)
    out: list[Alias] = []
    for s in selectors:
        alias = table.get(s)
        if alias is not None and s not in live and alias not in out:
            out.append(alias)
    return out


__all__ = ["Alias", "aliases_in", "builtin_aliases", "expand", "parse_aliases"]

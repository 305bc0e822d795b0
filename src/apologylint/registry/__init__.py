"""Rule machinery: pack loading, code rules and discovery of the built-in rules.

Importing this package does not import spaCy.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from ..errors import RulePackError
from ..findings import Severity
from ..guards import GUARDS
from .packs import Extension, apply_extension, load_pack
from .rule import CodeRule, Examples, Match, PatternRule, Rule

__all__ = [
    "ENTRY_POINT_GROUP",
    "CodeRule",
    "Examples",
    "Match",
    "PatternRule",
    "Rule",
    "RuleSet",
    "Source",
    "builtin_packs_dir",
    "builtin_rules",
    "load_pack",
    "load_rules",
]

RuleImpl = PatternRule | CodeRule


def builtin_packs_dir() -> Path:
    """Where the built-in packs are: inside the wheel, else the source checkout's ``rules/``."""
    packaged = importlib.resources.files("apologylint") / "_rules"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[3] / "rules"
    if checkout.is_dir():
        return checkout
    raise RulePackError(str(packaged), "built-in rule packs not found (broken installation?)")


class RuleSet:
    """An ordered, validated collection of rules with unique codes and names."""

    def __init__(self, impls: Sequence[RuleImpl], sources: Sequence[Source] = ()) -> None:
        self.impls: tuple[RuleImpl, ...] = tuple(impls)
        self.sources: tuple[Source, ...] = tuple(sources)
        self.by_code: dict[str, RuleImpl] = {}
        by_name: dict[str, RuleImpl] = {}
        for impl in self.impls:
            rule = impl.rule
            other = self.by_code.get(rule.code) or by_name.get(rule.name)
            if other is not None:
                key = "code" if other.rule.code == rule.code else "name"
                raise RulePackError(
                    rule.source,
                    f"rule {key} clashes with "
                    f"{other.rule.code} ({other.rule.name}) from "
                    f"{other.rule.source}",
                    rule=rule.code,
                    field=key,
                )
            for guard in rule.guards:
                if guard not in GUARDS:
                    import difflib

                    close = difflib.get_close_matches(guard, list(GUARDS), n=1)
                    hint = f" (did you mean '{close[0]}'?)" if close else ""
                    raise RulePackError(
                        rule.source,
                        f"unknown guard {guard!r}{hint}",
                        rule=rule.code,
                        field="guards",
                    )
            self.by_code[rule.code] = impl
            by_name[rule.name] = impl

    @property
    def rules(self) -> list[Rule]:
        return [impl.rule for impl in self.impls]

    def fingerprint(self) -> str:
        """A hash of every rule's metadata and detector and the sources' versions: the result
        cache is invalidated when a pack, a plugin or a built-in rule changes."""
        import hashlib

        h = hashlib.sha256()
        for src in self.sources:
            h.update(f"{src.kind}|{src.name}|{src.version}|{src.location}\n".encode())
        for impl in self.impls:
            h.update(repr(sorted(impl.rule.to_dict().items())).encode())
            if isinstance(impl, PatternRule):
                h.update(
                    repr(
                        (
                            impl.patterns,
                            impl.phrases,
                            [p.pattern for p in impl.unless_followed_by],
                            [p.pattern for p in impl.unless_preceded_by],
                            impl.match_in_quotes,
                        )
                    ).encode()
                )
            else:
                h.update(f"{type(impl).__module__}.{type(impl).__qualname__}".encode())
                h.update(_module_bytes(type(impl).__module__))
                # A rule whose answers depend on data beside its code (a trained model).
                extra = getattr(impl, "fingerprint_data", None)
                if extra is not None:
                    h.update(extra())
        return h.hexdigest()

    def __len__(self) -> int:
        return len(self.impls)


@dataclass(frozen=True)
class Source:
    """Where rules came from: a pack or a plugin, with a version (shown by ``--version``)."""

    kind: str  # "builtin", "pack", "plugin", "python"
    name: str
    version: str
    location: str


@dataclass
class _Collected:
    impls: list[RuleImpl] = field(default_factory=list)
    extensions: list[Extension] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)

    def add_pack(self, path: Path, kind: str = "pack", builtin: bool = False) -> None:
        pack = load_pack(path, builtin=builtin)
        self.impls.extend(pack.rules)
        self.extensions.extend(pack.extensions)
        self.sources.append(Source(kind, pack.spec.pack, pack.spec.version, str(path)))

    def add_code_rules(self, classes: Iterable[Any], origin: str) -> None:
        for cls in classes:
            if not (isinstance(cls, type) and issubclass(cls, CodeRule)):
                raise RulePackError(origin, f"{cls!r} is not a CodeRule subclass")
            rule = getattr(cls, "rule", None)
            if not isinstance(rule, Rule):
                raise RulePackError(origin, f"{cls.__name__} has no 'rule' (an apologylint.Rule)")
            try:
                self.impls.append(cls())
            except Exception as exc:  # a plugin's constructor is foreign code
                raise RulePackError(origin, f"cannot create {cls.__name__}: {exc}") from None


@cache
def _module_bytes(name: str) -> bytes:
    """The source of a code rule's module (and, for built-ins, the shared checks and guards),
    so that editing a rule's logic invalidates cached results even without a version bump."""
    import sys

    files: list[Path] = []
    module = sys.modules.get(name)
    module_file = getattr(module, "__file__", None) if module is not None else None
    if module_file:
        files.append(Path(module_file))
        if name.startswith("apologylint.checks"):
            pkg = Path(module_file).parent
            files += sorted(pkg.glob("*.py")) + [
                pkg.parent / "guards.py",
                pkg.parent / "analysis.py",
            ]
    out = b""
    for f in files:
        try:
            out += f.read_bytes()
        except OSError:
            pass
    return out


def _code_rules_in(module: ModuleType) -> list[type[CodeRule]]:
    return [
        obj
        for obj in vars(module).values()
        if isinstance(obj, type)
        and issubclass(obj, CodeRule)
        and obj is not CodeRule
        and obj.__module__ == module.__name__
        and isinstance(getattr(obj, "rule", None), Rule)
    ]


def _import_file(path: Path) -> ModuleType:
    import hashlib
    import importlib.util
    import sys

    name = "apologylint_rules_" + hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:12]
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise RulePackError(str(path), "cannot import this Python file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # foreign code: one line, never a traceback
        del sys.modules[name]
        raise RulePackError(str(path), f"failed to import: {type(exc).__name__}: {exc}") from None
    return module


def _add_path(collected: _Collected, raw: str, *, code: bool = True) -> None:
    """Add a pack, a folder or (only with ``code``: named on the command line or by a Python
    caller, never by configuration) a Python file of code rules."""
    path = Path(raw)
    if path.is_dir():
        globs = ("*.yaml", "*.yml", "*.py") if code else ("*.yaml", "*.yml")
        files = sorted(f for g in globs for f in path.glob(g))
        files = [f for f in files if f.name == "__init__.py" or not f.name.startswith(("_", "."))]
        if not files:
            what = "rule packs (*.yaml) or Python rules (*.py)" if code else "rule packs (*.yaml)"
            raise RulePackError(raw, f"folder holds no {what}")
        for f in files:
            _add_path(collected, str(f), code=code)
    elif path.suffix in (".yaml", ".yml"):
        collected.add_pack(path)
    elif path.suffix == ".py" and not code:
        from ..config import python_in_config

        raise RulePackError(raw, python_in_config(raw))
    elif path.suffix == ".py":
        module = _import_file(path)
        classes = _code_rules_in(module)
        if not classes:
            raise RulePackError(raw, "defines no CodeRule subclass with a 'rule'")
        collected.add_code_rules(classes, raw)
        collected.sources.append(Source("python", path.stem, "-", raw))
    elif not path.exists():
        raise RulePackError(raw, "no such rule pack, folder or Python file")
    else:
        raise RulePackError(raw, "not a rule pack (.yaml/.yml), folder or Python file (.py)")


ENTRY_POINT_GROUP = "apologylint.rules"


def _add_entry_points(collected: _Collected) -> None:
    from importlib.metadata import entry_points

    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        dist = getattr(ep, "dist", None)
        label = f"plugin '{ep.name}' ({ep.value}"
        label += f", from {dist.name} {dist.version})" if dist else ")"
        version = dist.version if dist else "-"
        try:
            obj = ep.load()
        except Exception as exc:  # foreign code: one line, never a traceback
            raise RulePackError(label, f"failed to import: {type(exc).__name__}: {exc}") from None
        before = len(collected.sources)
        if isinstance(obj, ModuleType):
            collected.add_code_rules(_code_rules_in(obj), label)
            folder = Path(obj.__file__ or ".").parent
            for pack in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
                collected.add_pack(pack, kind="plugin-pack")
        elif callable(obj):
            try:
                provided = list(obj())
            except Exception as exc:
                raise RulePackError(label, f"failed: {type(exc).__name__}: {exc}") from None
            classes = [p for p in provided if isinstance(p, type)]
            collected.add_code_rules(classes, label)
            for p in provided:
                if isinstance(p, (str, Path)):
                    collected.add_pack(Path(p), kind="plugin-pack")
        else:
            raise RulePackError(label, "entry point is neither a module nor a callable")
        del collected.sources[before:]
        collected.sources.append(
            Source("plugin", dist.name if dist else ep.name, version, ep.value)
        )


def _apply_extensions(impls: list[RuleImpl], extensions: list[Extension]) -> list[RuleImpl]:
    if not extensions:
        return impls
    by_key: dict[str, int] = {}
    for i, impl in enumerate(impls):
        by_key[impl.rule.code] = i
        by_key[impl.rule.name] = i
    out = list(impls)
    for ext in extensions:
        found = by_key.get(ext.spec.extends)
        if found is None:
            import difflib

            close = difflib.get_close_matches(ext.spec.extends, list(by_key), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise RulePackError(
                ext.source, f"extends unknown rule {ext.spec.extends!r}{hint}", field="extends"
            )
        base = out[found]
        if not isinstance(base, PatternRule):
            e = ext.spec
            if (
                e.phrases
                or e.remove_phrases
                or e.patterns
                or e.unless_followed_by
                or e.unless_preceded_by
            ):
                raise RulePackError(
                    ext.source,
                    f"{base.rule.code} is a code rule: only "
                    "severity, message, suggestion and guards can be extended",
                    field="extends",
                )
            from dataclasses import replace as _replace

            new_rule = _replace(
                base.rule,
                severity=Severity(e.severity) if e.severity else base.rule.severity,
                message=e.message or base.rule.message,
                suggestion=e.suggestion or base.rule.suggestion,
                guards=base.rule.guards + tuple(e.guards),
            )
            clone = type(base)()
            clone.rule = new_rule  # type: ignore[misc]  # instance attribute shadows the class one
            out[found] = clone
        else:
            out[found] = apply_extension(base, ext)
    return out


@cache
def _builtin_collected() -> _Collected:
    from .._version import __version__
    from ..checks import CODE_RULES

    packs = sorted(builtin_packs_dir().glob("*.yaml"))
    cached = _load_pack_cache(packs, __version__)
    collected = _Collected()
    if cached is not None:
        collected.impls, collected.extensions, collected.sources = cached
    else:
        for path in packs:
            collected.add_pack(path, kind="builtin", builtin=True)
        _save_pack_cache(packs, __version__, collected)
    collected.add_code_rules(CODE_RULES, "apologylint.checks")
    collected.sources.append(Source("builtin", "code rules", __version__, "apologylint.checks"))
    return collected


def _pack_cache_file(packs: list[Path], version: str) -> Path | None:
    """Where the validated built-in packs are cached (see :func:`cache_dir`), keyed by version
    and each pack's path, size and mtime."""
    import hashlib

    folder = cache_dir()
    if folder is None:
        return None
    h = hashlib.sha256(version.encode())
    for p in packs:
        try:
            st = p.stat()
        except OSError:
            return None
        h.update(f"{p}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return folder / f"builtin-packs-{h.hexdigest()[:24]}.pickle"


def cache_dir() -> Path | None:
    """apologylint's own cache of parsed packs and compiled matchers (never results):
    ``$XDG_CACHE_HOME/apologylint`` or ``~/.cache/apologylint``; ``None`` when
    ``APOLOGYLINT_NO_PACK_CACHE`` is set."""
    import os

    if os.environ.get("APOLOGYLINT_NO_PACK_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "apologylint"


def _load_pack_cache(packs: list[Path], version: str) -> Any:
    """The cached (impls, extensions, sources) of the built-in packs, or ``None``. Parsing and
    validating the YAML is a tenth of a second of every cold start; the cache skips it."""
    from ..signing import load_pickle

    path = _pack_cache_file(packs, version)
    if path is None or not path.is_file():
        return None
    try:
        # Unpickled only when signed with this user's key (kept outside the cache folder): a
        # file planted in the cache (a CI cache restored from another branch) is never run.
        data = load_pickle(path)
        impls, extensions, sources = data
        return list(impls), list(extensions), list(sources)
    except Exception:  # a damaged or foreign cache file is a miss, never an error
        return None


def _save_pack_cache(packs: list[Path], version: str, collected: _Collected) -> None:
    from ..signing import dump_pickle

    path = _pack_cache_file(packs, version)
    if path is None:
        return
    try:
        # signed, and atomic: concurrent runs never read half a file
        dump_pickle(path, (collected.impls, collected.extensions, collected.sources))
    except Exception:  # read-only home, full disk: run without the cache
        return


def builtin_rules() -> RuleSet:
    """Every built-in rule: the YAML packs in ``rules/`` and the code rules in ``checks``."""
    return load_rules(entry_points=False)


def load_rules(
    paths: Sequence[str] = (), *, entry_points: bool = True, data_paths: Sequence[str] = ()
) -> RuleSet:
    """Built-in rules, plus installed plugins (entry points), ``data_paths`` (packs and folders
    named by configuration: YAML only, never code) and ``paths`` (packs, folders, Python files:
    the command line's or a Python caller's), with team ``extends:`` applied. Raises
    ``RulePackError`` naming the source."""
    key = (tuple(paths), entry_points, tuple(data_paths))
    cached = _RULESETS.get(key)
    if cached is not None:
        return cached
    base = _builtin_collected()
    collected = _Collected(list(base.impls), list(base.extensions), list(base.sources))
    if entry_points:
        _add_entry_points(collected)
    for raw in data_paths:
        _add_path(collected, raw, code=False)
    for raw in paths:
        _add_path(collected, raw)
    impls = _apply_extensions(collected.impls, collected.extensions)
    impls.sort(key=lambda impl: impl.rule.code)
    ruleset = RuleSet(impls, sources=collected.sources)
    _RULESETS[key] = ruleset
    return ruleset


_RULESETS: dict[tuple[tuple[str, ...], bool, tuple[str, ...]], RuleSet] = {}

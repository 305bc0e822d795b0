"""Configuration: ``.apologylint.toml``, ``apologylint.toml`` or ``[tool.apologylint]`` in
``pyproject.toml`` — in that order of preference within one folder — found by walking up from each
linted file. The nearest wins, without merging parents. Keys are kebab-case.
"""

from __future__ import annotations

import difflib
import fnmatch
import os
import sys
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import ApologylintError
from .findings import Severity
from .readers import DEFAULT_MAX_FILE_SIZE

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_FILES = (".apologylint.toml", "apologylint.toml", "pyproject.toml")


class ConfigError(ApologylintError):
    """A configuration file or setting that is not valid."""

    def __init__(self, path: str | None, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}" if path else reason)

    def __reduce__(self) -> tuple[object, ...]:
        # pickled across worker processes: rebuild from the fields, not from ``args``
        return (type(self), (self.path, self.reason))


@dataclass(frozen=True)
class Config:
    """Effective settings. The Python API takes the same settings as the config file.

    ``path`` is the file the settings came from (``None`` for defaults); relative paths in
    ``rules``, ``profiles`` and ``per_file_ignores`` globs are relative to its folder.

    Configuration is data: ``rules`` names YAML packs and folders of packs, never Python.
    ``trusted_rules`` (the command line's ``--rules``, or a Python caller) may also name Python
    files of ``CodeRule`` classes; no config file can set it.
    """

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str = "warning"
    rules: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    extend_exclude: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    recovery: str | None = None
    profiles: tuple[str, ...] = ()
    #: The learned second opinion: ``None`` means the package's default (on only if it pays).
    model: bool | None = None
    #: Per-category thresholds for model findings, overriding the shipped ones.
    model_threshold: dict[str, float] = field(default_factory=dict)
    trusted_rules: tuple[str, ...] = ()
    #: ``[serve]``: settings of ``apologylint serve`` (checked by :func:`_serve_table`).
    serve: dict[str, Any] = field(default_factory=dict)
    path: str | None = None

    @property
    def root(self) -> Path:
        return Path(self.path).parent if self.path else Path.cwd()

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Config:
        """Load one config file (any of the three kinds)."""
        return load_file(Path(path))

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, path: str | None = None) -> Config:
        """Build from kebab-case keys as written in a config file; unknown keys are errors."""
        return _from_mapping(data, path)

    def merged(self, **overrides: Any) -> Config:
        """A copy with the given (non-``None``) settings replaced, e.g. from CLI flags."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})

    def ignores_for(self, file: str | None) -> tuple[str, ...]:
        """``ignore`` plus the ``per-file-ignores`` whose glob matches ``file``."""
        if not file or not self.per_file_ignores:
            return self.ignore
        rel = _relative(file, self.root)
        extra: list[str] = []
        for pattern, selectors in self.per_file_ignores.items():
            negate = pattern.startswith("!")
            glob = pattern[1:] if negate else pattern
            hit = _glob_match(rel, glob)
            if hit != negate:
                extra.extend(selectors)
        return self.ignore + tuple(extra)

    def excludes(self, file: str) -> bool:
        """Whether a file found in a folder walk is left out by ``exclude``/``extend-exclude``
        or not matched by ``include`` (globs relative to the config file's folder)."""
        if not (self.exclude or self.extend_exclude or self.include):
            return False
        rel = _relative(file, self.root)
        if any(_glob_match(rel, g) for g in (*self.exclude, *self.extend_exclude)):
            return True
        return bool(self.include) and not any(_glob_match(rel, g) for g in self.include)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, dict):
                value = {k: list(v) if isinstance(v, tuple) else v for k, v in value.items()}
            out[f.name.replace("_", "-")] = value
        return out

    def resolve(self, relative: str) -> str:
        p = Path(relative).expanduser()
        return str(p if p.is_absolute() else self.root / p)

    def ruleset(self) -> Any:
        """The rules this configuration names: built-in rules, installed plugins, ``rules``
        (YAML only: configuration is data) and ``trusted_rules`` (may be Python)."""
        from .registry import load_rules

        return load_rules(
            list(self.trusted_rules), data_paths=[self.resolve(p) for p in self.rules]
        )


def _relative(file: str, root: Path) -> str:
    try:
        return Path(os.path.abspath(file)).relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(file).as_posix()


def _glob_match(rel: str, glob: str) -> bool:
    if fnmatch.fnmatch(rel, glob) or fnmatch.fnmatch(rel, glob.rstrip("/") + "/*"):
        return True
    # A glob without a slash matches a file or folder name anywhere, as in .gitignore.
    return "/" not in glob.rstrip("/") and any(
        fnmatch.fnmatch(part, glob.rstrip("/")) for part in rel.split("/")
    )


_KEYS = {
    f.name.replace("_", "-"): f.name
    for f in fields(Config)
    if f.name not in ("path", "trusted_rules")
}
_LISTS = {
    "select",
    "extend-select",
    "ignore",
    "rules",
    "include",
    "exclude",
    "extend-exclude",
    "allow",
    "profiles",
}


def _from_mapping(data: dict[str, Any], path: str | None) -> Config:
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key not in _KEYS:
            close = difflib.get_close_matches(key, list(_KEYS), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ConfigError(path, f"unknown key '{key}'{hint}")
        name = _KEYS[key]
        if key in _LISTS:
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(path, f"'{key}' must be a list of strings")
            if key == "rules":
                for entry in value:
                    if entry.lower().endswith(".py"):
                        raise ConfigError(path, python_in_config(entry))
            kwargs[name] = tuple(value)
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(path, "'per-file-ignores' must be a table of glob = [selectors]")
            pfi = {}
            for glob, sels in value.items():
                sels = [sels] if isinstance(sels, str) else sels
                if not isinstance(sels, list) or not all(isinstance(s, str) for s in sels):
                    raise ConfigError(
                        path, f"per-file-ignores '{glob}' must be a list of selectors"
                    )
                pfi[str(glob)] = tuple(sels)
            kwargs[name] = pfi
        elif key == "severity":
            if not isinstance(value, dict):
                raise ConfigError(path, "'severity' must be a table of selector = level")
            for sel, level in value.items():
                _severity(path, f"severity.{sel}", level)
            kwargs[name] = {str(k): str(v).lower() for k, v in value.items()}
        elif key == "fail-on":
            kwargs[name] = _severity(path, key, value)
        elif key == "max-file-size":
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ConfigError(path, "'max-file-size' must be a positive number of bytes")
            kwargs[name] = value
        elif key == "recovery":
            if not isinstance(value, str):
                raise ConfigError(path, "'recovery' must be a framework name")
            kwargs[name] = value
        elif key == "model":
            if not isinstance(value, bool):
                raise ConfigError(path, "'model' must be true or false")
            kwargs[name] = value
        elif key == "model-threshold":
            kwargs[name] = _thresholds(path, value)
        elif key == "serve":
            kwargs[name] = _serve_table(path, value)
    return Config(path=path, **kwargs)


#: ``[serve]`` keys and their kinds. The token is never among them: it comes from the
#: environment or from the file named by ``token-file``.
SERVE_KEYS = {
    "host": "str",
    "port": "port",
    "workers": "count",
    "token-file": "str",
    "allowed-hosts": "list",
    "cors-origins": "list",
    "max-body-bytes": "count",
    "max-text-chars": "count",
    "max-batch": "count",
    "max-in-flight": "count",
}


def _serve_table(path: str | None, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(path, "'serve' must be a table")
    out: dict[str, Any] = {}
    for key, item in value.items():
        kind = SERVE_KEYS.get(key)
        if kind is None:
            close = difflib.get_close_matches(str(key), list(SERVE_KEYS), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ConfigError(path, f"unknown key 'serve.{key}'{hint}")
        is_int = isinstance(item, int) and not isinstance(item, bool)
        if kind == "str" and not isinstance(item, str):
            raise ConfigError(path, f"'serve.{key}' must be a string")
        if kind == "list" and (
            not isinstance(item, list) or not all(isinstance(v, str) for v in item)
        ):
            raise ConfigError(path, f"'serve.{key}' must be a list of strings")
        if kind == "count" and not (is_int and item > 0):
            raise ConfigError(path, f"'serve.{key}' must be a positive whole number")
        if kind == "port" and not (is_int and 0 <= item <= 65535):
            raise ConfigError(path, f"'serve.{key}' must be a port number (0-65535)")
        out[key] = tuple(item) if kind == "list" else item
    return out


def _thresholds(path: str | None, value: Any) -> dict[str, float]:
    """``model-threshold``: a table of category = probability (0 < p <= 1)."""
    from .model import LABELS

    if not isinstance(value, dict):
        raise ConfigError(path, "'model-threshold' must be a table of category = probability")
    out: dict[str, float] = {}
    for category, level in value.items():
        if category not in LABELS:
            close = difflib.get_close_matches(str(category), LABELS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ConfigError(path, f"model-threshold: unknown category '{category}'{hint}")
        if isinstance(level, bool) or not isinstance(level, (int, float)) or not 0 < level <= 1:
            raise ConfigError(path, f"model-threshold.{category} must be a probability in (0, 1]")
        out[str(category)] = float(level)
    return out


def _severity(path: str | None, key: str, value: Any) -> str:
    try:
        return Severity.parse(value).value
    except ValueError as exc:
        raise ConfigError(path, f"'{key}': {exc}") from None


def load_file(path: Path) -> Config:
    name = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(name, "no such config file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(name, f"cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(name, f"invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("apologylint", {})
        if not isinstance(data, dict):
            raise ConfigError(name, "[tool.apologylint] must be a table")
    return _from_mapping(data, name)


def find_config_file(start: str | os.PathLike[str]) -> Path | None:
    """The nearest config file at or above ``start`` (a file or a folder)."""
    here = Path(start).resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file():
                if name == "pyproject.toml" and not _has_tool_section(candidate):
                    continue
                return candidate
    return None


def _has_tool_section(path: Path) -> bool:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(data.get("tool"), dict) and "apologylint" in data["tool"]


class ConfigResolver:
    """Finds and caches the config in force for each linted file.

    ``forced`` (``--config``) applies to every file; ``isolated`` ignores all config files.
    """

    def __init__(self, *, forced: str | None = None, isolated: bool = False) -> None:
        self.isolated = isolated
        self._forced = load_file(Path(forced)) if forced else None
        self._by_dir: dict[Path, Config] = {}
        self._by_file: dict[Path, Config] = {}

    def for_path(self, path: str | None) -> Config:
        if self.isolated:
            return Config()
        if self._forced is not None:
            return self._forced
        start = Path(path).resolve().parent if path and path != "-" else Path.cwd().resolve()
        cached = self._by_dir.get(start)
        if cached is not None:
            return cached
        found = find_config_file(start)
        if found is None:
            config = Config()
        else:
            config = self._by_file.get(found) or load_file(found)
            self._by_file[found] = config
        self._by_dir[start] = config
        return config


def python_in_config(entry: str) -> str:
    """Why a Python rule file named in configuration is refused, and the safe ways to load it."""
    return (
        f"'rules' names a Python file ({entry!r}), but configuration is data and never runs "
        "code (a config file in a repository is written by whoever last changed it). Load "
        f"Python rules on the command line with '--rules {entry}', or install them as a plugin "
        "(entry point 'apologylint.rules'); configuration may name YAML packs and folders"
    )

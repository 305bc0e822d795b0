"""Running a batch: expand paths, find each file's config, read, lint (in-process or in parallel
worker processes), use the result cache, and collect one Report. The CLI is a shell over this.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ._version import __version__
from .config import Config, ConfigResolver
from .errors import ApologylintError, InputError
from .findings import Finding, Severity
from .notices import Notice
from .reporters import Report

#: Below this many files a batch is linted in-process: starting workers costs more than it saves
#: (and the pre-send path — one draft or stdin — must stay fast).
PARALLEL_MIN_FILES = 200
CACHE_DIR = ".apologylint_cache"


@dataclass(frozen=True)
class ReadOptions:
    input_format: str | None = None
    text_field: str | None = None
    id_field: str | None = None
    text_format: str = "auto"
    encoding: str | None = None


@dataclass
class RunOptions:
    read: ReadOptions = field(default_factory=ReadOptions)
    stdin_filename: str | None = None
    jobs: int | None = None
    cache_dir: str | None = None  # None: no cache
    keep_sources: bool = False
    progress: bool = False
    only: frozenset[str] | None = None  # --changed-since: absolute paths to keep


class Settings:
    """The config in force for each input (nearest file, or --config, or --isolated) with the
    command line's flags on top, and one Linter per distinct effective config."""

    def __init__(
        self,
        config_file: str | None = None,
        isolated: bool = False,
        overrides: dict[str, Any] | None = None,
        rule_paths: Sequence[str] = (),
    ) -> None:
        self.resolver = ConfigResolver(forced=config_file, isolated=isolated)
        self.overrides = overrides or {}
        self.rule_paths = tuple(os.path.abspath(p) for p in rule_paths)
        self._configs: dict[int, Config] = {}
        self._linters: dict[int, Any] = {}

    def config_for(self, path: str | None) -> Config:
        base = self.resolver.for_path(path)
        merged = self._configs.get(id(base))
        if merged is None:
            merged = base.merged(**self.overrides)
            # Resolve relative rule paths now: workers and caches must not depend on the cwd.
            rules = tuple(merged.resolve(p) for p in merged.rules) + self.rule_paths
            merged = replace(merged, rules=rules)
            self._configs[id(base)] = merged
        return merged

    def notices(self) -> list[str]:
        """The notices of every Linter built so far (each configuration's, once)."""
        seen: dict[str, None] = {}
        for linter in self._linters.values():
            seen.update(dict.fromkeys(getattr(linter, "notices", ())))
        return list(seen)

    def linter_for(self, config: Config) -> Any:
        linter = self._linters.get(id(config))
        if linter is None:
            from .linter import Linter

            linter = Linter(config=config)
            self._linters[id(config)] = linter
        return linter


@dataclass
class _Job:
    path: str  # as reported
    explicit: bool
    config: Config
    data: bytes | None = None  # stdin


def _read(job: _Job, opts: ReadOptions) -> Any:
    from .readers import read

    r = opts
    kwargs = dict(
        encoding=r.encoding,
        max_file_size=job.config.max_file_size,
        text_field=r.text_field,
        id_field=r.id_field,
        text_format=r.text_format,
        explicit=job.explicit or r.input_format is not None,
    )
    if job.data is not None:
        return read(job.data, r.input_format, path=job.path, **kwargs)
    return read(job.path, r.input_format, **kwargs)


@dataclass
class _Result:
    path: str
    findings: list[Finding] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    source: str | None = None
    skipped: bool = False
    cached: bool = False


def run(
    paths: Sequence[str],
    settings: Settings,
    options: RunOptions,
    stdin: Callable[[], bytes] | None = None,
) -> Report:
    """Lint ``paths`` (files, folders, '-') and return the Report (findings sorted by path)."""
    from .readers import is_lintable
    from .walk import expand

    report = Report()
    jobs: list[_Job] = []
    for target in expand(list(paths), is_lintable):
        if isinstance(target, InputError):
            report.errors.append(target)
            continue
        if isinstance(target, Notice):
            report.notices.append(target)
            continue
        if target.path == "-":
            name = options.stdin_filename or "-"
            config = settings.config_for(options.stdin_filename)
            data = stdin() if stdin is not None else b""
            jobs.append(_Job(name, True, config, data))
            continue
        if options.only is not None and os.path.abspath(target.path) not in options.only:
            continue
        config = settings.config_for(target.path)
        if not target.explicit and config.excludes(target.path):
            continue
        jobs.append(_Job(target.path, target.explicit, config))

    cache = _Cache(options.cache_dir, settings, options.read) if options.cache_dir else None
    results = _execute(jobs, settings, options, cache)
    rules_seen: dict[str, Any] = {}
    for config in {id(j.config): j.config for j in jobs}.values():
        rules_seen.update((r.code, r) for r in rules_in_force(config))
    for message in settings.notices():
        report.notices.append(Notice(message))
    for res in results:
        report.errors.extend(res.errors)
        if res.skipped or res.errors:
            continue
        report.notices.extend(Notice(n, res.path) for n in res.notices)
        report.files += 1
        report.paths.append(res.path)
        report.findings.extend(res.findings)
        if res.source is not None:
            report.sources[res.path] = res.source
    report.findings.sort(key=lambda f: f.sort_key)
    report.rules = [rules_seen[c] for c in sorted(rules_seen)]
    return report


def rules_in_force(config: Config) -> list[Any]:
    """The rules a config selects, with severity overrides — without building a Linter (so a
    fully cached run never imports spaCy)."""
    from .linter import _override
    from .registry import load_rules
    from .selection import is_selected

    overrides = [(sel, Severity.parse(level)) for sel, level in config.severity.items()]
    extend = config.extend_select + (("RC100",) if config.recovery else ())
    return [
        _override(rule, overrides)
        for rule in load_rules(list(config.rules)).rules
        if is_selected(rule, config.select, config.ignore, extend)
    ]


def _execute(
    jobs: list[_Job], settings: Settings, options: RunOptions, cache: _Cache | None
) -> list[_Result]:
    results: dict[int, _Result] = {}
    todo: list[int] = []
    for i, job in enumerate(jobs):
        if cache is not None and job.data is None:
            hit = cache.get(job)
            if hit is not None and not (options.keep_sources and not hit.skipped):
                results[i] = hit
                continue
        todo.append(i)
    workers = _workers(options.jobs, len(todo))
    progress = _Progress(len(todo)) if options.progress else None
    if workers > 1:
        # Build each config's Linter here first: a bad selector or rule pack is reported once,
        # as an error of this process, not as a worker's failure.
        for config in {id(jobs[i].config): jobs[i].config for i in todo}.values():
            settings.linter_for(config)
        groups: dict[int, list[int]] = {}
        for i in todo:
            groups.setdefault(id(jobs[i].config), []).append(i)
        chunks = [idx[k : k + 64] for idx in groups.values() for k in range(0, len(idx), 64)]
        with ProcessPoolExecutor(workers) as pool:
            futures = [
                pool.submit(
                    _lint_chunk, [jobs[i] for i in chunk], options.read, options.keep_sources
                )
                for chunk in chunks
            ]
            for chunk, future in zip(chunks, futures):
                for i, res in zip(chunk, future.result()):
                    results[i] = res
                if progress:
                    progress.advance(len(chunk))
    else:
        for i in todo:
            job = jobs[i]
            linter = settings.linter_for(job.config)
            results[i] = _lint_one(job, linter, options.read, options.keep_sources)
            if progress:
                progress.advance(1)
    if progress:
        progress.close()
    if cache is not None:
        for i in todo:
            if jobs[i].data is None and not results[i].errors:
                cache.put(jobs[i], results[i])
    return [results[i] for i in range(len(jobs))]


def _workers(requested: int | None, n: int) -> int:
    if n < PARALLEL_MIN_FILES:
        return 1
    cores = os.cpu_count() or 1
    jobs = requested if requested is not None else cores
    return max(1, min(jobs, cores * 2, n // 50 or 1))


def _lint_one(job: _Job, linter: Any, opts: ReadOptions, keep_source: bool) -> _Result:
    try:
        doc = _read(job, opts)
    except InputError as exc:
        return _Result(job.path, errors=[exc])
    if doc is None:
        return _Result(job.path, skipped=True)
    findings = linter.lint(doc)
    return _Result(
        job.path,
        list(findings),
        notices=list(getattr(findings, "notices", doc.notices)),
        source=doc.source if keep_source else None,
    )


_WORKER_LINTERS: dict[str, Any] = {}


def _lint_chunk(jobs: list[_Job], opts: ReadOptions, keep_sources: bool) -> list[_Result]:
    """Worker process: one Linter per distinct config, reused for every chunk."""
    out = []
    for job in jobs:
        key = json.dumps(job.config.to_dict(), sort_keys=True, default=str)
        linter = _WORKER_LINTERS.get(key)
        if linter is None:
            from .linter import Linter

            linter = _WORKER_LINTERS[key] = Linter(config=job.config)
        out.append(_lint_one(job, linter, opts, keep_sources))
    return out


class _Cache:
    """Results keyed by file content, apologylint version, the rules in force (packs, plugins),
    the effective config and the read options. One JSON file per entry, written atomically."""

    def __init__(self, directory: str, settings: Settings, opts: ReadOptions) -> None:
        self.root: Path | None = Path(directory)
        self.settings = settings
        self.opts = opts
        self._namespaces: dict[int, Path] = {}
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            gitignore = self.root / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("# created by apologylint\n*\n", encoding="utf-8")
        except OSError:
            self.root = None  # unwritable: run without a cache

    def _namespace(self, config: Config) -> Path:
        ns = self._namespaces.get(id(config))
        if ns is None:
            from .registry import load_rules

            h = hashlib.sha256()
            h.update(__version__.encode())
            h.update(load_rules(list(config.rules)).fingerprint().encode())
            h.update(json.dumps(config.to_dict(), sort_keys=True, default=str).encode())
            assert self.root is not None
            ns = self.root / h.hexdigest()[:20]
            ns.mkdir(parents=True, exist_ok=True)
            self._namespaces[id(config)] = ns
        return ns

    def _key(self, job: _Job) -> Path | None:
        opts = self.opts
        try:
            data = Path(job.path).read_bytes()
        except OSError:
            return None
        h = hashlib.sha256(data)
        h.update(repr(opts).encode())
        h.update(Path(job.path).suffix.lower().encode())
        return self._namespace(job.config) / f"{h.hexdigest()[:40]}.json"

    def get(self, job: _Job) -> _Result | None:
        if self.root is None:
            return None
        key = self._key(job)
        if key is None or not key.exists():
            return None
        try:
            data = json.loads(key.read_text(encoding="utf-8"))
            findings = [
                Finding(**{**f, "severity": Severity(f["severity"]), "path": job.path})
                for f in data["findings"]
            ]
        except (OSError, ValueError, KeyError, TypeError):
            return None  # a damaged entry is a miss
        if data.get("skipped"):
            return _Result(job.path, skipped=True, cached=True)
        return _Result(job.path, findings, notices=data.get("notices", []), cached=True)

    def put(self, job: _Job, result: _Result) -> None:
        if self.root is None:
            return
        key = self._key(job)
        if key is None:
            return
        payload = {
            "findings": [
                {k: v for k, v in f.to_dict().items() if k != "path"} for f in result.findings
            ],
            "notices": result.notices,
            "skipped": result.skipped,
        }
        tmp = key.with_suffix(f".{os.getpid()}.tmp")
        try:
            tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, key)  # atomic: concurrent runs never see half a file
        except OSError:
            try:
                tmp.unlink()
            except OSError:
                pass


class _Progress:
    """A progress bar on stderr, only on a terminal and only once a batch has run ~1 s."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.start = time.monotonic()
        self.shown = False
        self.enabled = total > 0 and sys.stderr.isatty() and not os.environ.get("CI")

    def advance(self, n: int) -> None:
        self.done += n
        if not self.enabled or time.monotonic() - self.start < 1.0:
            return
        self.shown = True
        width = 30
        filled = int(width * self.done / self.total)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * 50 + "\r")
            sys.stderr.flush()


def changed_since(ref: str, cwd: str | None = None) -> frozenset[str]:
    """Absolute paths of files changed in git since ``ref`` (committed, staged, unstaged and
    untracked); raises ``ApologylintError`` when git or the ref is unavailable."""
    import subprocess

    def git(*args: str) -> str:
        try:
            out = subprocess.run(
                ["git", *args], capture_output=True, text=True, cwd=cwd, timeout=60
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ApologylintError(f"--changed-since: cannot run git: {exc}") from None
        if out.returncode != 0:
            raise ApologylintError(f"--changed-since {ref}: {out.stderr.strip() or 'git failed'}")
        return out.stdout

    top = git("rev-parse", "--show-toplevel").strip()
    names = git("diff", "--name-only", ref, "--").splitlines()
    names += git("ls-files", "--others", "--exclude-standard").splitlines()
    return frozenset(os.path.abspath(os.path.join(top, n)) for n in names if n)

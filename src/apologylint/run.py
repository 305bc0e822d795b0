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
from dataclasses import asdict, dataclass, field, replace
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


#: Command-line flags that add to a config list (flag -> the Config field it extends).
_EXTENDS = {
    "extend_ignore": "ignore",
    "extend_select": "extend_select",
    "extend_exclude": "extend_exclude",
}


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
        overrides = dict(overrides or {})
        # --select, --ignore, --exclude replace the config's lists; --extend-select,
        # --extend-ignore, --extend-exclude add to them.
        self.extends = {
            target: tuple(overrides.pop(flag, ()) or ()) for flag, target in _EXTENDS.items()
        }
        self.overrides = overrides
        self.rule_paths = tuple(os.path.abspath(p) for p in rule_paths)
        # Keyed by content, not identity: a tree without a config file gets an equal Config()
        # per folder, and each distinct configuration must cost one Linter, not one per folder.
        self._by_id: dict[int, tuple[Config, Config]] = {}
        self._configs: dict[str, Config] = {}
        self._linters: dict[str, Any] = {}

    def config_for(self, path: str | None) -> Config:
        base = self.resolver.for_path(path)
        known = self._by_id.get(id(base))
        if known is not None and known[0] is base:
            return known[1]
        key = config_key(base)
        merged = self._configs.get(key)
        if merged is None:
            merged = base.merged(**self.overrides)
            # Resolve relative rule paths now: workers and caches must not depend on the cwd.
            # Packs named in configuration are data; the command line's may be Python code.
            merged = replace(
                merged,
                rules=tuple(merged.resolve(p) for p in merged.rules),
                trusted_rules=merged.trusted_rules + self.rule_paths,
                **{k: getattr(merged, k) + v for k, v in self.extends.items() if v},
            )
            self._configs[key] = merged
        self._by_id[id(base)] = (base, merged)
        return merged

    def notices(self) -> list[str]:
        """The notices of every Linter built so far (each configuration's, once)."""
        seen: dict[str, None] = {}
        for linter in self._linters.values():
            seen.update(dict.fromkeys(getattr(linter, "notices", ())))
        return list(seen)

    def linter_for(self, config: Config) -> Any:
        key = config_key(config)
        linter = self._linters.get(key)
        if linter is None:
            from .linter import Linter

            linter = Linter(config=config)
            self._linters[key] = linter
        return linter


def config_key(config: Config) -> str:
    """A configuration's content, as a key: equal settings share a Linter and a cache."""
    return json.dumps(config.to_dict(), sort_keys=True, default=str)


@dataclass
class _Job:
    path: str  # as reported
    explicit: bool
    config: Config
    data: bytes | None = None  # stdin


def _read(job: _Job, opts: ReadOptions) -> Any:
    from .readers import read

    r = opts
    kwargs: dict[str, Any] = dict(
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
    stdin: Callable[[int], bytes] | None = None,
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
            # At most the limit + 1 bytes: "cat /dev/zero | apologylint check -" must stop.
            data = stdin(config.max_file_size + 1) if stdin is not None else b""
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
    from .selection import is_selected

    overrides = [(sel, Severity.parse(level)) for sel, level in config.severity.items()]
    extend = config.extend_select + (("RC100",) if config.recovery else ())
    return [
        _override(rule, overrides)
        for rule in config.ruleset().rules
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
    # Jobs of one configuration go together, so that each batch is linted by one Linter
    # through lint_many (nlp.pipe), not draft by draft.
    groups: dict[int, list[int]] = {}
    for i in todo:
        groups.setdefault(id(jobs[i].config), []).append(i)
    chunks = [idx[k : k + _CHUNK] for idx in groups.values() for k in range(0, len(idx), _CHUNK)]
    if workers > 1:
        # Build each config's Linter here first: a bad selector or rule pack is reported once,
        # as an error of this process, not as a worker's failure.
        for idx in groups.values():
            settings.linter_for(jobs[idx[0]].config)
        with ProcessPoolExecutor(workers) as pool:
            futures = [
                pool.submit(
                    _lint_chunk, [jobs[i] for i in chunk], options.read, options.keep_sources
                )
                for chunk in chunks
            ]
            for chunk, future in zip(chunks, futures):
                results.update(zip(chunk, future.result()))
                if progress:
                    progress.advance(len(chunk))
    else:
        for chunk in chunks:
            linter = settings.linter_for(jobs[chunk[0]].config)
            batch = _lint_jobs([jobs[i] for i in chunk], linter, options.read, options.keep_sources)
            results.update(zip(chunk, batch))
            if progress:
                progress.advance(len(chunk))
    if progress:
        progress.close()
    if cache is not None:
        for i in todo:
            if jobs[i].data is None and not results[i].errors:
                cache.put(jobs[i], results[i])
    return [results[i] for i in range(len(jobs))]


#: Drafts per batch handed to a Linter (and per task sent to a worker process).
_CHUNK = 64


def _workers(requested: int | None, n: int) -> int:
    if n < PARALLEL_MIN_FILES:
        return 1
    cores = os.cpu_count() or 1
    jobs = requested if requested is not None else cores
    return max(1, min(jobs, cores * 2, n // 50 or 1))


def _internal_error(job: _Job, exc: Exception) -> InputError:
    """An unexpected failure on one input is that input's error: the rest of the batch is
    still linted and reported (and the error pickles back from a worker)."""
    if os.environ.get("APOLOGYLINT_DEBUG"):
        raise exc
    if isinstance(exc, ApologylintError):  # e.g. a framework profile loaded on first use
        return InputError(job.path, str(exc))
    return InputError(
        job.path,
        f"internal error: {type(exc).__name__}: {exc} (please report it; set "
        "APOLOGYLINT_DEBUG=1 for a traceback)",
    )


def _lint_jobs(jobs: list[_Job], linter: Any, opts: ReadOptions, keep: bool) -> list[_Result]:
    """Read each job and lint the readable ones together through ``lint_many``."""
    out: list[_Result] = []
    docs: list[tuple[int, Any]] = []
    for job in jobs:
        try:
            doc = _read(job, opts)
        except InputError as exc:
            out.append(_Result(job.path, errors=[exc]))
            continue
        except Exception as exc:  # noqa: BLE001 - one input's failure must not stop a batch
            out.append(_Result(job.path, errors=[_internal_error(job, exc)]))
            continue
        if doc is None:
            out.append(_Result(job.path, skipped=True))
            continue
        out.append(_Result(job.path, source=doc.source if keep else None))
        docs.append((len(out) - 1, doc))
    try:
        linted = list(linter.lint_many([doc for _, doc in docs]))
    except Exception:  # noqa: BLE001 - find the one input that fails, lint the others
        linted = []
        for _, doc in docs:
            try:
                linted.append(linter.lint(doc))
            except Exception as exc:  # noqa: BLE001
                linted.append(exc)
    for (k, doc), findings in zip(docs, linted):
        res = out[k]
        if isinstance(findings, Exception):
            out[k] = _Result(res.path, errors=[_internal_error(jobs[k], findings)])
            continue
        res.findings = list(findings)
        res.notices = list(getattr(findings, "notices", doc.notices))
    return out


_WORKER_LINTERS: dict[str, Any] = {}


def _lint_chunk(jobs: list[_Job], opts: ReadOptions, keep_sources: bool) -> list[_Result]:
    """Worker process: one Linter per distinct config (by content), reused for every chunk; a
    chunk holds one config's jobs."""
    groups: dict[str, list[_Job]] = {}
    for job in jobs:
        groups.setdefault(config_key(job.config), []).append(job)
    by_job: dict[int, _Result] = {}
    for key, group in groups.items():
        linter = _WORKER_LINTERS.get(key)
        if linter is None:
            from .linter import Linter

            linter = _WORKER_LINTERS[key] = Linter(config=group[0].config)
        for job, res in zip(group, _lint_jobs(group, linter, opts, keep_sources)):
            by_job[id(job)] = res
    return [by_job[id(job)] for job in jobs]


class _Cache:
    """Results keyed by everything that changes the answer for a path: the file's content and
    suffix, whether it was named or found in a walk, the read options, the effective settings
    *for that path* (the selection after per-file ignores, severities, allow list, recovery),
    the rules in force (packs' content, plugins, code rules' source), the recovery profiles'
    content and the apologylint version. One file per entry, written atomically and signed
    with the user's key (see :mod:`apologylint.signing`): an entry that does not verify (one
    committed to a repository, say) is a miss."""

    def __init__(self, directory: str, settings: Settings, opts: ReadOptions) -> None:
        self.root: Path | None = Path(directory)
        self.settings = settings
        self.opts = opts
        self._namespaces: dict[str, tuple[Path, bytes]] = {}
        from .signing import user_key

        if user_key() is None:
            self.root = None  # no private key to sign with: run without a cache
            return
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            gitignore = self.root / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("# created by apologylint\n*\n", encoding="utf-8")
        except OSError:
            self.root = None  # unwritable: run without a cache

    def _namespace(self, config: Config) -> tuple[Path, bytes]:
        ckey = config_key(config)
        ns = self._namespaces.get(ckey)
        if ns is None:
            h = hashlib.sha256()
            h.update(__version__.encode())
            h.update(config.ruleset().fingerprint().encode())
            h.update(ckey.encode())
            h.update(_profiles_digest(config))
            assert self.root is not None
            folder = self.root / h.hexdigest()[:20]
            folder.mkdir(parents=True, exist_ok=True)
            ns = self._namespaces[ckey] = (folder, h.digest())
        return ns

    def _key(self, job: _Job) -> Path | None:
        try:
            if not os.path.isfile(job.path) or os.path.getsize(job.path) > job.config.max_file_size:
                return None  # refused or not a regular file: always read it afresh
            data = Path(job.path).read_bytes()
        except OSError:
            return None
        folder, ns_digest = self._namespace(job.config)
        config = job.config
        per_path = {
            "read": asdict(self.opts),
            "suffix": Path(job.path).suffix.lower(),
            "explicit": job.explicit,
            "ignore": list(config.ignores_for(job.path)),
        }
        h = hashlib.sha256(ns_digest)
        h.update(json.dumps(per_path, sort_keys=True, default=str).encode())
        h.update(hashlib.sha256(data).digest())
        return folder / f"{h.hexdigest()[:40]}.json"

    @staticmethod
    def _name(key: Path) -> str:
        return f"{key.parent.name}/{key.name}"

    def get(self, job: _Job) -> _Result | None:
        if self.root is None:
            return None
        key = self._key(job)
        if key is None:
            return None
        from .signing import read_signed

        payload = read_signed(key, self._name(key))
        if payload is None:
            return None  # missing, damaged, or not signed with this user's key
        try:
            data = json.loads(payload.decode("utf-8"))
            findings = [
                Finding(**{**f, "severity": Severity(f["severity"]), "path": job.path})
                for f in data["findings"]
            ]
        except (ValueError, KeyError, TypeError):
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
        from .signing import write_signed

        try:
            data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            write_signed(key, self._name(key), data)
        except OSError:
            pass


def _profiles_digest(config: Config) -> bytes:
    """The content of the recovery profiles a config names (files or folders of YAML)."""
    h = hashlib.sha256()
    for entry in config.profiles:
        p = Path(config.resolve(entry))
        files = sorted(p.rglob("*.y*ml")) if p.is_dir() else [p]
        for f in files:
            h.update(str(f).encode() + b"\0")
            try:
                h.update(f.read_bytes())
            except OSError:
                h.update(b"<unreadable>")
    return h.digest()


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

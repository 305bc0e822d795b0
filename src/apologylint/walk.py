"""Expanding the paths a user names into the files to lint (like ruff: skip what is not prose)."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .notices import Notice

SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        "__pycache__",
        ".tox",
        ".nox",
        ".venv",
        "venv",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        ".apologylint_cache",
        "site-packages",
        "dist",
        "build",
    }
)


@dataclass(frozen=True)
class Target:
    path: str  # as it will be reported
    explicit: bool  # named by the user (then read whatever its suffix)


def expand(
    paths: list[str], is_lintable: Callable[[str], bool]
) -> Iterator[Target | InputError | Notice]:
    """Yield files to lint, an ``InputError`` for a missing path or an empty directory, and a
    ``Notice`` for a file skipped for a reason the user should know (a symlink that leaves the
    walked folder)."""
    for raw in paths:
        if raw == "-":
            yield Target("-", True)
            continue
        p = Path(raw)
        if p.is_dir():
            found = False
            for file in _walk(p, is_lintable):
                if isinstance(file, Notice):
                    yield file
                    continue
                found = True
                yield Target(file, False)
            if not found:
                yield InputError(raw, "directory holds no lintable files")
        elif p.exists():
            yield Target(raw, True)
        else:
            yield InputError(raw, "no such file or directory")


def _walk(root: Path, is_lintable: Callable[[str], bool]) -> Iterator[str | Notice]:
    import pathspec

    real_root = os.path.realpath(root)
    specs: list[tuple[str, pathspec.GitIgnoreSpec]] = []
    for dirpath, dirnames, filenames in os.walk(root):
        specs = [(d, s) for d, s in specs if dirpath == d or dirpath.startswith(d + os.sep)]
        gi = os.path.join(dirpath, ".gitignore")
        if os.path.isfile(gi):
            try:
                with open(gi, encoding="utf-8", errors="replace") as fh:
                    specs.append((dirpath, pathspec.GitIgnoreSpec.from_lines(fh)))
            except OSError:
                pass

        def ignored(
            name: str,
            is_dir: bool,
            _dirpath: str = dirpath,
            _specs: list[tuple[str, pathspec.GitIgnoreSpec]] = specs,
        ) -> bool:
            full = os.path.join(_dirpath, name)
            for base, spec in _specs:
                rel = os.path.relpath(full, base).replace(os.sep, "/")
                if spec.match_file(rel + "/" if is_dir else rel):
                    return True
            return False

        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".")
            and d not in SKIP_DIRS
            and not os.path.isfile(os.path.join(dirpath, d, "pyvenv.cfg"))
            and not ignored(d, True)
        )
        for name in sorted(filenames):
            if name.startswith(".") or not is_lintable(name) or ignored(name, False):
                continue
            path = os.path.join(dirpath, name)
            # A walk of "." reports "x.txt", not "./x.txt": CI systems match paths literally.
            if path.startswith("." + os.sep):
                path = path[2:]
            if os.path.islink(path) and not _inside(os.path.realpath(path), real_root):
                # A link out of the tree could pull any file the user can read into a report
                # (as ruff does, walks stay inside the folder; a file named explicitly is read).
                yield Notice("symlink to a file outside the folder being checked; skipped", path)
                continue
            try:
                regular = stat.S_ISREG(os.stat(path).st_mode)
            except OSError:
                regular = True  # a dangling link: reading it reports the error
            if not regular:
                # A FIFO would block the walk forever and a device never ends; named on the
                # command line they are read like stdin, under the size limit.
                yield Notice("not a regular file (a FIFO, device or socket); skipped", path)
                continue
            yield path


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)

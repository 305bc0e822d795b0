from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("ci", deadline=None, derandomize=True, max_examples=150, print_blob=True)
settings.register_profile("dev", deadline=None, max_examples=60)
settings.load_profile("ci" if os.environ.get("CI", "").lower() in ("1", "true", "yes") else "dev")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True, scope="session")
def _private_cache_home(tmp_path_factory):
    """Parsed packs and compiled matchers are cached under $XDG_CACHE_HOME: keep the suite's
    out of the user's home (subprocesses inherit it)."""
    # The cache-signing key lives in $XDG_CONFIG_HOME: keep it out of the user's home too.
    previous = {k: os.environ.get(k) for k in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME")}
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    os.environ["XDG_CONFIG_HOME"] = str(tmp_path_factory.mktemp("xdg-config"))
    yield
    for key, value in previous.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    import spacy

    return spacy.blank("en")


@pytest.fixture(scope="session")
def linter():
    from apologylint import Linter

    return Linter()


@pytest.fixture(autouse=True)
def _isolated_cwd(tmp_path_factory, monkeypatch):
    """Run every test from an empty folder, so no test reads a stray config or writes a result
    cache into the checkout."""
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))

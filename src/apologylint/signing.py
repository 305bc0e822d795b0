"""Signed cache entries.

Every cache apologylint writes (the result cache in ``.apologylint_cache/``, parsed packs and
compiled matchers under ``$XDG_CACHE_HOME/apologylint``) is signed with HMAC-SHA256 under a key
that belongs to the user and lives outside every cache folder and every repository:
``$XDG_CONFIG_HOME/apologylint/cache.key`` (else ``~/.config/apologylint/cache.key``), created
with mode 0600 on first use. ``APOLOGYLINT_CACHE_KEY`` supplies the key instead (a CI secret,
so that a cache restored between runs stays usable).

An entry whose signature does not verify is a miss: a cache folder committed to a pull request,
or restored from an untrusted branch's CI cache, can neither change an answer nor (for the
pickled caches) run code, because its author does not have the key. The signature covers the
entry's name too, so a genuine entry cannot be replayed under another name.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
from pathlib import Path
from typing import Any

_MAGIC = b"apologylint-signed-1\n"
_lock = threading.Lock()
_cached_key: tuple[str, bytes | None] | None = None


def key_file() -> Path:
    """Where the per-user key is kept (outside every cache folder and repository)."""
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "apologylint" / "cache.key"


def user_key() -> bytes | None:
    """The per-user signing key, created on first use; ``None`` when it cannot be created or is
    not private to this user (then nothing is cached)."""
    global _cached_key
    secret = os.environ.get("APOLOGYLINT_CACHE_KEY")
    if secret:
        return hashlib.sha256(b"apologylint-env-key\0" + secret.encode()).digest()
    path = key_file()
    with _lock:
        if _cached_key is not None and _cached_key[0] == str(path):
            return _cached_key[1]
        key = _load_or_create(path)
        _cached_key = (str(path), key)
        return key


def _load_or_create(path: Path) -> bytes | None:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(secrets.token_hex(32) + "\n")
        if os.name != "nt":
            st = path.stat()
            # A key others can read (or that someone else owns) can be used to forge entries.
            if st.st_mode & 0o077 or st.st_uid != os.getuid():
                return None
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if len(text) < 32:
        return None  # empty or truncated (a concurrent first run is still writing it)
    return hashlib.sha256(b"apologylint-file-key\0" + text.encode()).digest()


def _mac(key: bytes, name: str, payload: bytes) -> bytes:
    return hmac.new(key, name.encode() + b"\0" + payload, hashlib.sha256).hexdigest().encode()


def sign(name: str, payload: bytes) -> bytes | None:
    """The bytes to store for ``payload`` under ``name`` (``None``: no key, do not cache)."""
    key = user_key()
    if key is None:
        return None
    return _MAGIC + _mac(key, name, payload) + b"\n" + payload


def verify(name: str, stored: bytes) -> bytes | None:
    """The payload of a stored entry if its signature verifies for ``name``, else ``None``."""
    key = user_key()
    if key is None or not stored.startswith(_MAGIC):
        return None
    rest = stored[len(_MAGIC) :]
    mac, sep, payload = rest.partition(b"\n")
    if not sep or not hmac.compare_digest(mac, _mac(key, name, payload)):
        return None
    return payload


def write_signed(path: Path, name: str, payload: bytes) -> None:
    """Sign and write atomically (a concurrent run never reads half an entry); raises
    ``OSError``; writes nothing when there is no key."""
    data = sign(name, payload)
    if data is None:
        return
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise


def read_signed(path: Path, name: str) -> bytes | None:
    """The verified payload stored at ``path``, or ``None`` (missing, damaged or not ours)."""
    try:
        stored = path.read_bytes()
    except OSError:
        return None
    return verify(name, stored)


def load_pickle(path: Path) -> Any:
    """Unpickle ``path`` only if it carries this user's signature for its name; ``None``
    otherwise. A planted or foreign file is never handed to ``pickle`` (which would run it)."""
    payload = read_signed(path, path.name)
    if payload is None:
        return None
    import pickle

    try:
        return pickle.loads(payload)
    except Exception:  # noqa: BLE001 - our own entry from another version: a miss
        return None


def dump_pickle(path: Path, obj: Any) -> None:
    """Pickle ``obj`` to ``path``, signed (see :func:`load_pickle`); raises ``OSError``."""
    import pickle

    path.parent.mkdir(parents=True, exist_ok=True)
    write_signed(path, path.name, pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))

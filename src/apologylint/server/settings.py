"""Settings of ``apologylint serve``: flags over the config file's ``[serve]`` table over the
defaults. The access token never comes from the command line (``ps`` shows it to every user):
it is read from ``APOLOGYLINT_TOKEN`` or from the file named by ``--token-file``/``token-file``.
"""

from __future__ import annotations

import ipaddress
import json
import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import UsageError

TOKEN_ENV = "APOLOGYLINT_TOKEN"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8787
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class ServerSettings:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    workers: int = 1
    #: Whole request body, checked before it is read.
    max_body_bytes: int = 1_000_000
    #: One draft's text, in characters (lint time is linear in it).
    max_text_chars: int = 100_000
    #: Drafts in one batch request.
    max_batch: int = 100
    #: Requests being answered at once (per worker); more get 503 at once, not a queue.
    max_in_flight: int = 64
    #: ``Host`` header values accepted (DNS rebinding); empty: the loopback names, or the bind
    #: address when it is not loopback. ``*`` accepts any.
    allowed_hosts: tuple[str, ...] = ()
    #: Origins allowed to call the API from a browser (CORS); empty: CORS off.
    cors_origins: tuple[str, ...] = ()
    token_file: str | None = None
    #: The lint settings' config file (``None``: found from the current folder, as for stdin).
    config_file: str | None = None
    isolated: bool = False
    token: str | None = field(default=None, repr=False)

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)

    def hosts(self) -> tuple[str, ...]:
        """The ``Host`` names accepted (without port)."""
        if self.allowed_hosts:
            return tuple(h.lower() for h in self.allowed_hosts)
        if self.loopback:
            return LOOPBACK_NAMES
        # Bound to a real interface: a token is required anyway, and the name clients use
        # (a DNS name behind a proxy) cannot be guessed here.
        return ("*",)

    def to_env(self) -> str:
        """For worker processes: everything but the token (each worker reads it itself)."""
        data = asdict(self)
        data.pop("token")
        return json.dumps(data)

    @classmethod
    def from_env(cls, value: str) -> ServerSettings:
        data = json.loads(value)
        for key in ("allowed_hosts", "cors_origins"):
            data[key] = tuple(data[key])
        return cls(**data).with_token()

    def with_token(self) -> ServerSettings:
        return replace(self, token=read_token(self.token_file))

    def check(self) -> None:
        """Refuse what is unsafe: a non-loopback bind without a token."""
        if not self.loopback and not self.token:
            raise UsageError(
                f"refusing to listen on {self.host}, which is not a loopback address, without "
                f"a token: set {TOKEN_ENV} or --token-file (never on the command line)"
            )


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def read_token(token_file: str | None) -> str | None:
    """The token from ``token_file`` (first line), else ``APOLOGYLINT_TOKEN``, else ``None``."""
    if token_file:
        try:
            text = Path(token_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"cannot read the token file {token_file}: {exc}") from None
        token = text.strip().splitlines()[0].strip() if text.strip() else ""
        if not token:
            raise UsageError(f"the token file {token_file} is empty")
        return token
    token = os.environ.get(TOKEN_ENV, "").strip()
    return token or None


def settings_from(config: Config, **flags: Any) -> ServerSettings:
    """Defaults, then the config's ``[serve]`` table, then the non-``None`` flags."""
    values: dict[str, Any] = {}
    for key, value in config.serve.items():
        values[key.replace("-", "_")] = value
    if config.path and "token_file" in values:
        values["token_file"] = config.resolve(values["token_file"])
    values.update({k: v for k, v in flags.items() if v is not None})
    for key in ("allowed_hosts", "cors_origins"):
        if key in values:
            values[key] = tuple(values[key])
    return ServerSettings(**values).with_token()

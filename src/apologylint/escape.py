"""Making input safe to print: a draft, a CSV header or a file name is data written by someone
else, and must not be able to move the cursor, recolour a terminal, start a new line, or issue a
CI workflow command (GitHub runs any stderr line starting with ``::``) when we quote it."""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, line/paragraph separators, and the bidirectional overrides and
# isolates that can make a line display as something other than what it says.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str, keep: str = "") -> str:
    """``text`` on one line with every control character shown as an escape (``\\x1b``,
    ``\\n``-as-``\\x0a``); printable text, including emoji and other scripts, is unchanged.
    Characters in ``keep`` (e.g. ``"\\n"`` for multi-line text) are left as they are."""
    if keep:
        return _UNSAFE.sub(lambda m: m.group() if m.group() in keep else _escape(m), text)
    return _UNSAFE.sub(_escape, text)


def stderr_line(text: str) -> str:
    """One line for stderr: controls escaped, and a leading ``::`` (a GitHub workflow command)
    neutralised."""
    out = escape_controls(text)
    if out.lstrip().startswith("::"):
        out = "\\" + out
    return out

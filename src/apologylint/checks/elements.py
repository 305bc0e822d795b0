"""Element detectors that need Python beyond patterns (category ``element``; see recovery.py).

Each yields evidence spans; the element name is the rule's ``message``.
"""

from __future__ import annotations

from ..registry.rule import CodeRule

ELEMENT_CODE_RULES: tuple[type[CodeRule], ...] = ()

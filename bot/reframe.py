"""Spotting harsh self-talk so the bot can offer a kinder, truer version.

Returns a kind of thought, never a diagnosis; the wording of each reframe is
a template in `messages/recovery/reframe/`.
"""

from __future__ import annotations

import re

_PATTERNS: tuple[tuple[str, str], ...] = (
    ("never_hired", r"\b(?:i'?ll|i\s+will|i'?m\s+going\s+to)\s+never\s+(?:get|find|land)\b"
                    r"|\bnobody\s+(?:will\s+)?(?:ever\s+)?(?:hire|want)s?\s+me\b"
                    r"|\bno\s+one\s+(?:will\s+)?(?:ever\s+)?(?:hire|want)s?\s+me\b"),
    ("label", r"\bi'?m\s+(?:so\s+|just\s+|such\s+an?\s+|a\s+)?(?:useless|worthless|stupid|"
              r"an\s+idiot|idiot|a\s+failure|failure|a\s+loser|loser|pathetic|hopeless\s+case|"
              r"not\s+good\s+enough|unemployable|incompetent)\b"),
    ("all_or_nothing", r"\b(?:always|never|every\s+(?:single\s+)?time|everyone|nobody|no\s+one|"
                       r"everything|nothing)\b.*\b(?:fail|failed|mess|messed|wrong|ruin|ruined|"
                       r"reject|rejected|screw|screwed|blew|blow)\w*"),
    ("hindsight", r"\bi\s+should\s+(?:have|'?ve)\b.*\b(?:known|said|done|prepared)\b"),
)
_COMPILED = tuple((kind, re.compile(pattern)) for kind, pattern in _PATTERNS)


def harsh_thought(text: str) -> str | None:
    """The kind of harsh self-talk in `text` (never_hired, label, ...), or None."""
    lowered = text.lower().replace("\u2019", "'")
    for kind, pattern in _COMPILED:
        if pattern.search(lowered):
            return kind
    return None

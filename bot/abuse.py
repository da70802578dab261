"""A simple filter for notes peers send each other.

Encouragement goes to someone having a hard time, by name, in their DMs; a
note that insults, tells them to hurt themselves, or carries links and
mentions is not delivered. Deliberately simple and strict: a blocked kind
note can be rephrased, a delivered cruel one cannot be taken back.
"""

from __future__ import annotations

import re

_RULES: tuple[tuple[str, str], ...] = (
    ("harm", r"\b(?:kill\s+(?:your|ur)\s*self|kys|go\s+die|hope\s+you\s+die|"
             r"nobody\s+(?:wants|likes|cares\s+about)\s+you|end\s+yourself)\b"),
    ("insult", r"\b(?:you(?:'re|\s+are)|ur|u\s+r)\s+(?:a\s+|an\s+|so\s+|such\s+an?\s+)?"
               r"(?:loser|idiot|stupid|pathetic|worthless|useless|failure|joke|moron|dumb)\b"),
    ("insult", r"\b(?:loser|idiot|moron|pathetic|worthless)\b"),
    ("swearing", r"\b(?:fuck\w*|shit\w*|bitch\w*|cunt\w*|asshole\w*|bastard\w*|dickhead\w*|"
                 r"retard\w*|slut\w*|whore\w*)\b"),
    ("link", r"(?:https?://|www\.|<@|<#|<!|@everyone|@here|discord\.gg/)"),
)
_COMPILED = tuple((reason, re.compile(pattern, re.I)) for reason, pattern in _RULES)


def problem(note: str) -> str | None:
    """Why this note can't be delivered (harm, insult, swearing, link), or None."""
    text = note.replace("\u2019", "'")
    for reason, pattern in _COMPILED:
        if pattern.search(text):
            return reason
    return None

"""Reviewing a reply the person wrote themselves, before they send it.

Each finding names a habit that tends to close doors (a grudge, sarcasm,
arguing with the decision, a demand, "why didn't you...", no thanks, length)
and points at the gentler alternative template for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_WORDS = 180

_CHECKS: tuple[tuple[str, str], ...] = (
    ("grudge", r"\b(?:your\s+loss|big\s+mistake|you'?ll\s+regret|regret\s+this|waste\s+of\s+my\s+"
               r"time|wasted\s+my\s+time|unprofessional|disrespectful|unfair|ridiculous|"
               r"disgusted|appalled|shame\s+on)\b"),
    ("sarcasm", r"\b(?:thanks\s+for\s+nothing|good\s+luck\s+with\s+that|clearly\s+you|"
                r"obviously\s+you|i'?m\s+sure\s+(?:they|he|she)'?(?:re|s|ll)|what\s+a\s+surprise|"
                r"how\s+(?:nice|lovely)\s+of\s+you|must\s+be\s+nice)\b"),
    ("arguing", r"\b(?:reconsider|i\s+disagree|made\s+the\s+wrong|wrong\s+(?:choice|decision)|"
                r"more\s+qualified|better\s+qualified|best\s+candidate|i\s+deserved?|"
                r"you\s+should\s+have|you\s+missed\s+out)\b"),
    ("demand", r"\b(?:i\s+demand|i\s+expect|you\s+owe|i\s+insist|you\s+must|you\s+need\s+to|"
               r"i\s+want\s+an?\s+(?:explanation|answer)|respond\s+by|i\s+need\s+to\s+know\s+why)\b"),
    ("why_not_me", r"\bwhy\s+(?:didn'?t\s+you|did\s+you\s+not|wasn'?t\s+i|was\s+i\s+not|"
                   r"didn'?t\s+i|did\s+i\s+not|not\s+me|me\s+not)\b"),
)
_COMPILED = tuple((kind, re.compile(pattern)) for kind, pattern in _CHECKS)
_THANKS = re.compile(r"\b(?:thank|thanks|grateful|appreciate|appreciated)\b")


@dataclass(frozen=True)
class Finding:
    """`kind` names the template with the gentler alternative; `quote` is the person's words."""

    kind: str
    quote: str = ""


def review(draft: str) -> list[Finding]:
    """What in this draft could hurt the person's chances, most serious first."""
    lowered = draft.lower().replace("\u2019", "'")
    findings = []
    for kind, pattern in _COMPILED:
        match = pattern.search(lowered)
        if match:
            findings.append(Finding(kind, draft[match.start():match.end()]))
    if not _THANKS.search(lowered):
        findings.append(Finding("no_thanks"))
    if len(draft.split()) > MAX_WORDS:
        findings.append(Finding("too_long", str(len(draft.split()))))
    return findings

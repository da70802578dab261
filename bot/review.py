"""Reviewing a reply the person wrote themselves, before they send it.

Each finding names a habit that tends to close doors (a grudge, sarcasm,
passive aggression, an accusation, arguing with the decision, a demand,
"why didn't you...", no thanks, length) and points at the gentler
alternative template for it. What already works is named too, so a good
draft hears why it is good. Text that isn't a draft at all ("3", "ok", a
question for the bot) is recognised before anything is judged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_WORDS = 180
MIN_DRAFT_WORDS = 6
QUESTION_WORDS = 25

_CHECKS: tuple[tuple[str, str], ...] = (
    ("grudge", r"\b(?:your\s+loss|big\s+mistake|you'?ll\s+regret|regret\s+this|waste\s+of\s+my\s+"
               r"time|wasted\s+my\s+time|wasting\s+my\s+time|unprofessional|disrespectful|"
               r"unfair|ridiculous|disgusted|appalled|shame\s+on)\b"),
    ("discrimination", r"\b(?:discriminat\w*|because\s+i'?m\s+(?:pregnant|a\s+woman|too\s+old|"
                       r"disabled|black|muslim|jewish|gay|trans)|(?:racist|sexist|ageist))\b"),
    ("accusation", r"\b(?:you\s+(?:lied|lie|were\s+lying|misled|deceived|never\s+(?:even\s+)?"
                   r"(?:read|looked|listened|bothered|cared)|didn'?t\s+(?:even\s+)?(?:read|look\s+at|"
                   r"listen|bother|care))|you\s+(?:clearly\s+|obviously\s+)?made\s+a\s+(?:big\s+|"
                   r"huge\s+|serious\s+|terrible\s+)?mistake|rigged|a\s+sham|a\s+joke\s+of)\b"),
    ("passive", r"(?:\bper\s+my\s+(?:last|previous)\s+(?:email|message|note)|\bas\s+i'?m\s+sure\s+"
                r"you(?:'re|\s+are)?\s+(?:know|aware)|\bas\s+you\s+(?:already\s+|well\s+)?know\b|"
                r"\bi\s+guess\b|\bmust\s+be\s+nice\b|\bno\s+worries,?\s+i'?m\s+used\s+to\s+it|"
                r"\bi'?m\s+used\s+to\s+it\b|\bnot\s+that\s+it\s+matters\b|\bjust\s+saying\b|"
                r"\bwith\s+all\s+due\s+respect\b|\bif\s+you\s+even\s+(?:read|care)\b)"),
    ("sarcasm", r"\b(?:thanks\s+for\s+nothing|good\s+luck\s+with\s+that|clearly\s+you|"
                r"obviously\s+you|i'?m\s+sure\s+(?:they|he|she)'?(?:re|s|ll)|what\s+a\s+surprise|"
                r"how\s+(?:nice|lovely)\s+of\s+you)\b"),
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
_FUTURE = re.compile(r"\b(?:future|keep\s+me\s+in\s+mind|kept\s+me\s+in\s+mind|considered|"
                     r"stay\s+in\s+touch|keep\s+in\s+touch|another\s+opportunity|"
                     r"next\s+opening|similar\s+roles?)\b")
_WELL_WISHES = re.compile(r"\b(?:all\s+the\s+best|best\s+of\s+luck|wish\s+you|every\s+success|"
                          r"good\s+luck\s+with\s+(?:the|your)\s+new)\b")
_DRAFT_MARKS = re.compile(r"\b(?:hi|hello|dear|thank|thanks|regards|sincerely|best|cheers)\b")


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


def strengths(draft: str) -> list[str]:
    """What the draft already does well, named so they know what to keep."""
    lowered = draft.lower().replace("\u2019", "'")
    found = []
    if _THANKS.search(lowered):
        found.append("thanks")
    if _FUTURE.search(lowered):
        found.append("future")
    if _WELL_WISHES.search(lowered):
        found.append("wishes")
    if len(draft.split()) <= MAX_WORDS:
        found.append("length")
    return found


def is_draft(text: str) -> bool:
    """Whether `text` could be an email at all, rather than "3", "ok" or a question for me.

    A short question with no greeting or thanks is someone talking to the bot
    ("can you write it for me?"), not a draft to judge.
    """
    words = text.split()
    if len(words) < MIN_DRAFT_WORDS:
        return False
    lowered = text.lower().replace("\u2019", "'")
    asking = text.rstrip().endswith("?") and len(words) < QUESTION_WORDS
    return not (asking and not _DRAFT_MARKS.search(lowered))

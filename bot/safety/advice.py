"""Topics the bot must say it can't advise on (legal, medical, financial)."""

from __future__ import annotations

import re

from bot.safety.normalise import normalise

_ADVICE = {
    "legal": r"\b(?:sue|suing|lawsuit|lawyer|attorney|legal\s+action|tribunal|discriminat\w*)\b",
    "medical": r"\b(?:medication|meds|antidepressants?|diagnos\w*|prescription|dosage)\b",
    "financial": r"\b(?:loan|debt|invest\w*|mortgage|unemployment\s+benefits?|bankrupt\w*)\b",
}
_ADVICE_RE = {topic: re.compile(p) for topic, p in _ADVICE.items()}


def advice_topic(text: str) -> str | None:
    """The professional-advice area a message touches, so the bot can say it won't advise."""
    plain = normalise(text)
    for topic, pattern in _ADVICE_RE.items():
        if pattern.search(plain):
            return topic
    return None

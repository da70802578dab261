"""What feeling to name back while someone vents.

Feeling words the person used come first (they are their words, so naming
them back is accurate); VADER's compound score is only a soft fallback for
how heavy the message sounds. Negated words ("not angry") are not named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

FEELINGS: dict[str, tuple[str, ...]] = {
    "angry": ("angry", "furious", "mad", "pissed", "livid", "rage", "raging", "annoyed"),
    "frustrated": ("frustrated", "frustrating", "fed up", "sick of", "tired of", "irritated"),
    "sad": ("sad", "down", "crushed", "gutted", "heartbroken", "devastated", "upset", "crying",
            "cried", "miserable", "hurt", "hurts", "low"),
    "embarrassed": ("embarrassed", "embarrassing", "ashamed", "humiliated", "stupid", "foolish",
                    "mortified"),
    "confused": ("confused", "blindsided", "don't understand", "do not understand", "no idea why",
                 "makes no sense", "baffled", "shocked", "surprised"),
    "anxious": ("anxious", "worried", "scared", "nervous", "panicking", "panic", "afraid",
                "stressed", "terrified"),
    "disappointed": ("disappointed", "disappointing", "let down", "bummed", "deflated"),
    "exhausted": ("exhausted", "drained", "burned out", "burnt out", "worn out", "so tired"),
    # Last, and without "rejected" itself: that word usually names the event, not a feeling.
    "unwanted": ("unwanted", "not good enough", "invisible", "ignored", "ghosted"),
}
_PATTERNS = tuple(
    (feeling, re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b"))
    for feeling, words in FEELINGS.items()
)
_NEGATION = re.compile(r"\b(?:not|never|no|isn'?t|wasn'?t|ain'?t|don'?t|didn'?t)\s+(?:\w+\s+)?$")


@dataclass(frozen=True)
class Mood:
    """`feeling` is a key of FEELINGS or None; `weight` (light, heavy, neutral) when it's None."""

    feeling: str | None
    weight: str


@cache
def _analyzer() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def _find(text: str) -> str | None:
    """The first feeling, in FEELINGS order, named without a negation before it."""
    for feeling, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if not _NEGATION.search(text[max(0, match.start() - 40): match.start()]):
                return feeling
    return None


def read(text: str) -> Mood:
    """The feeling to name, and how heavy the message sounds.

    VADER runs only when no feeling word was used: it is the fallback, and it is
    the costliest part of a venting turn.
    """
    feeling = _find(text.lower().replace("\u2019", "'"))
    if feeling:
        return Mood(feeling, "named")
    compound = _analyzer().polarity_scores(text[:2000])["compound"]
    weight = "heavy" if compound <= -0.5 else "light" if compound >= 0.3 else "neutral"
    return Mood(None, weight)

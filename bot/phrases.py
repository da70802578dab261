"""Fitting what someone typed into an email without breaking its sentences.

Free text is spliced into a sentence only when it reads as a short phrase;
anything else stays with the person to put in their own words. A name is
used the way it was given: first names for a friendly greeting, the whole
name (or title and surname) for a formal one. And the email talks *to* the
person it greets, so their name in the person's own words becomes "you".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.text import NO, SKIP

PHRASE_WORDS = 8
NAME_WORDS = 4
TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "frau", "herr", "madame", "mme",
    "monsieur", "sir", "dame", "señor", "señora", "sr", "sra", "signora", "signor",
})
PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "del",
                       "bin", "al", "el", "ter", "ten"})
NOT_NAMES = frozenset({
    "the", "a", "an", "i", "my", "her", "his", "their", "our", "name", "names", "don't", "dont",
    "remember", "forgot", "know", "not", "sure", "someone", "somebody", "team", "was", "is",
    "who", "hr", "recruiter", "manager", "interviewer", "panel", "ceo", "cto", "cfo", "head",
    "lead", "director", "guy", "woman", "man", "lady", "person", "people", "unknown", "n/a",
})
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself", "i'm", "i've", "i'd", "i'll"})
SENTENCE_STARTS = frozenset({
    "we", "we're", "we've", "you", "you're", "he", "he's", "she", "she's", "they", "they're",
    "it", "it's", "its", "there", "there's", "that's", "this", "was", "is", "were", "are", "had",
    "did", "got", "because", "so", "but", "and", "well", "honestly", "yes", "yeah", "no", "not",
    "nothing", "none", "nope", "idk", "dunno", "maybe",
})
LOWER_FIRST = frozenset({"the", "a", "an", "your", "our", "their", "all", "every", "each",
                         "some", "how", "what", "when"})
_LEAD_IN = re.compile(r"^(?:i\s+)?(?:really\s+|especially\s+|particularly\s+)?"
                      r"(?:enjoyed|liked|loved|appreciated)\s+", re.I)
_SENTENCE_MARKS = re.compile(r"[.!?;:\n\"“”()\[\]{}<>|*_#`~]")
_PEOPLE = re.compile(r"\s*(?:,|&|\band\b|/|\+)\s*", re.I)


@dataclass(frozen=True)
class Addressee:
    """How to greet the people named: `first` for friendly tones, `full` for formal."""

    first: str
    full: str
    names: tuple[str, ...]


def addressee(given: str | None) -> Addressee | None:
    """The name(s) as given, or None when what was typed isn't a name we can greet."""
    people = [p for p in _PEOPLE.split((given or "").strip().rstrip(".!")) if p]
    if not people or len(people) > 3:
        return None
    firsts: list[str] = []
    fulls: list[str] = []
    names: list[str] = []
    for person in people:
        words = person.split()
        if not 1 <= len(words) <= NAME_WORDS or not all(_name_word(w) for w in words):
            return None
        titled = words[0].lower().rstrip(".") in TITLES
        if titled and len(words) == 1:
            return None
        # "Dr. Priya Patel" is "Dr. Patel" in a friendly greeting; "Dana Whitfield" is "Dana".
        first = f"{words[0]} {words[-1]}" if titled else words[0]
        firsts.append(first)
        fulls.append(person)
        names.extend((person, first, *(words[1:-1] if titled else ())))
    return Addressee(" and ".join(firsts), " and ".join(fulls), tuple(dict.fromkeys(names)))


def _name_word(word: str) -> bool:
    bare = word.rstrip(".")
    return (bool(bare) and bare.lower() not in NOT_NAMES and not any(c.isdigit() for c in bare)
            and all(c.isalpha() or c in "-'’" for c in bare))


def to_you(text: str, who: Addressee | None) -> str:
    """`text` with the greeted person's name turned to "you"/"your" (the email speaks to them)."""
    if not who:
        return text
    names = sorted(who.names, key=len, reverse=True)
    pattern = r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b"
    text = re.sub(pattern + r"(?:'s|’s|s')", "your", text)
    return re.sub(pattern, "you", text)


def phrase(given: str | None) -> str | None:
    """`given` as a short phrase to follow "I especially enjoyed", or None if it isn't one.

    None means: don't splice it; leave a [placeholder] and show them their words.
    """
    text = " ".join((given or "").split()).rstrip(".! ")
    text = _LEAD_IN.sub("", text)
    words = text.split()
    if not words or len(words) > PHRASE_WORDS or _SENTENCE_MARKS.search(text):
        return None
    lowered = [w.lower().strip(",") for w in words]
    if text.lower() in SKIP | NO or lowered[0] in SENTENCE_STARTS:
        return None
    if any(w in FIRST_PERSON for w in lowered):
        return None
    if lowered[0] in LOWER_FIRST or (lowered[0].endswith("ing") and words[0][1:].islower()):
        text = text[0].lower() + text[1:]
    return text

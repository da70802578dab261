"""Which feelings a message expresses, from the cue table in `feelings.toml`.

A feeling is named back only when the person's own words carry it: the table
lists ways people say each feeling (slang, typos, emoji), and a cue with a
negation just before it ("not sad, just angry") does not count. Nothing here
guesses a feeling from a sentiment score.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u00b4": "'", "`": "'"})
_RUNS = re.compile(r"([a-z])\1{2,}")
_NEGATION = re.compile(
    r"\b(?:not|never|no|isnt|wasnt|arent|werent|dont|doesnt|didnt|aint|hardly|wont|nor|without)"
    r"(?:\s+[a-z]+){0,3}\s*$"
)
_CLAUSE = re.compile(r"[,.;:!?]|\b(?:but|just|more|though|although|rather|instead)\b")
MAX_FEELINGS = 2


def normalise(text: str) -> str:
    """Lower case, no apostrophes, long letter runs squeezed: how the cues are written."""
    text = text.translate(_QUOTES).lower().replace("'", "")
    return _RUNS.sub(r"\1", " ".join(text.split()))


def _cue_pattern(cue: str) -> str:
    if cue.startswith("re:"):
        return cue[3:]
    if not cue[0].isalnum():
        return re.escape(cue)
    stem = cue.endswith("*")
    body = r"\s+".join(re.escape(word) for word in cue.rstrip("*").split())
    return rf"\b{body}" + (r"\w*" if stem else r"\b")


@cache
def table() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(feeling, one compiled pattern for all its cues), in priority order."""
    raw = resources.files("bot.listening").joinpath("feelings.toml").read_text("utf-8")
    return tuple(
        (feeling, re.compile("|".join(f"(?:{_cue_pattern(c)})" for c in spec["cues"])))
        for feeling, spec in tomllib.loads(raw).items()
    )


def _negated(text: str, start: int) -> bool:
    before = text[max(0, start - 40):start]
    clause = _CLAUSE.split(before)[-1]
    return bool(_NEGATION.search(clause))


def feelings(text: str) -> tuple[str, ...]:
    """Up to MAX_FEELINGS feelings the text expresses, most telling first.

    Where cues overlap ("mad at myself" holds "mad") the feeling listed first in
    the table keeps the words.
    """
    plain = normalise(text)
    taken: list[tuple[int, int]] = []
    found: list[str] = []
    for feeling, pattern in table():
        for match in pattern.finditer(plain):
            span = match.span()
            if span[0] == span[1] or any(span[0] < e and s < span[1] for s, e in taken):
                continue
            if plain[span[0]].isalnum() and _negated(plain, span[0]):
                continue
            taken.append(span)
            if feeling not in found:
                found.append(feeling)
    return tuple(found[:MAX_FEELINGS])

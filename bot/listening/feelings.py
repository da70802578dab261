"""Which feelings a message expresses, from the cue table in `feelings.toml`.

A feeling is named back only when the person's own words carry it: the table
lists ways people say each feeling (slang, typos, emoji), and a cue with a
negation just before it ("not sad, just angry") does not count. Nothing here
guesses a feeling from a sentiment score.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u00b4": "'", "`": "'"})
_RUNS = re.compile(r"([a-z])\1{2,}")
_NEGATION = re.compile(
    r"\b(?:not|never|no|isnt|wasnt|arent|werent|dont|doesnt|didnt|aint|hardly|wont|nor|without)"
    r"(?:\s+[a-z]+){0,3}\s*$"
)
_WORD = re.compile(r"[a-z0-9-]+")
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


@dataclass(frozen=True)
class _Table:
    """The cue table compiled, with an index so a turn only runs the patterns that could match.

    Running every feeling's pattern over every message is the costliest part of
    a venting turn; most feelings share no word with a given message.
    """

    patterns: tuple[tuple[str, re.Pattern[str] | None, re.Pattern[str] | None], ...]
    by_word: dict[str, frozenset[str]]  # the longest word of a plain cue -> feelings
    stems: re.Pattern[str]  # any "word*" cue, grouped by feeling
    stem_feelings: dict[str, str]  # group name -> feeling
    emoji: frozenset[str]  # feelings with emoji cues: checked when the text has non-ASCII


def _join(cues: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{_cue_pattern(c)})" for c in cues)) if cues else None


@cache
def table() -> _Table:
    raw = resources.files("bot.listening").joinpath("feelings.toml").read_text("utf-8")
    spec = tomllib.loads(raw)
    by_word: dict[str, set[str]] = {}
    stems: list[str] = []
    stem_feelings: dict[str, str] = {}
    emoji: set[str] = set()
    for feeling, entry in spec.items():
        for cue in entry["cues"]:
            if cue.startswith("re:"):
                continue
            if not cue[0].isalnum():
                emoji.add(feeling)
            elif cue.endswith("*") and " " not in cue:
                name = f"s{len(stems)}"
                stems.append(rf"(?P<{name}>\b{re.escape(cue[:-1])})")
                stem_feelings[name] = feeling
            else:
                longest = max(cue.rstrip("*").split(), key=len)
                by_word.setdefault(longest, set()).add(feeling)
    return _Table(
        patterns=tuple(
            (feeling, _join([c for c in entry["cues"] if c.startswith("re:")]),
             _join([c for c in entry["cues"] if not c.startswith("re:")]))
            for feeling, entry in spec.items()
        ),
        by_word={word: frozenset(found) for word, found in by_word.items()},
        stems=re.compile("|".join(stems)),
        stem_feelings=stem_feelings,
        emoji=frozenset(emoji),
    )


def _candidates(plain: str, compiled: _Table) -> set[str]:
    """Feelings that could match: a cue's first word, a stem or an emoji is present."""
    found: set[str] = set()
    for word in _WORD.findall(plain):
        found.update(compiled.by_word.get(word, ()))
    for match in compiled.stems.finditer(plain):
        found.add(compiled.stem_feelings[match.lastgroup or ""])
    if not plain.isascii():
        found.update(compiled.emoji)
    return found


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
    compiled = table()
    candidates = _candidates(plain, compiled)
    taken: list[tuple[int, int]] = []
    found: list[str] = []
    for feeling, always, indexed in compiled.patterns:
        matches = list(always.finditer(plain)) if always else []
        if indexed and feeling in candidates:
            matches.extend(indexed.finditer(plain))
        for match in matches:
            span = match.span()
            if span[0] == span[1] or any(span[0] < e and s < span[1] for s, e in taken):
                continue
            if plain[span[0]].isalnum() and _negated(plain, span[0]):
                continue
            taken.append(span)
            if feeling not in found:
                found.append(feeling)
    return tuple(found[:MAX_FEELINGS])

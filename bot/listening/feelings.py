"""Which feelings a message expresses, from the cue table in `feelings.toml`.

A feeling is named back only when the person's own words carry it: the table
lists ways people say each feeling (slang, typos, emoji, idioms, sarcasm), and a
cue with a negation just before it ("not sad, just angry", "too tired to be
upset") does not count. Nothing here guesses a feeling from a sentiment score.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u00b4": "'", "`": "'"})
_RUNS = re.compile(r"([a-z])\1{2,}")
# "no" the answer ("they said no and I'm so sad", "another no") negates nothing.
_NEGATION = re.compile(
    r"\b(?:not|never|isnt|wasnt|arent|werent|dont|doesnt|didnt|aint|hardly|wont|nor|without|"
    r"(?<!said )(?<!say )(?<!says )(?<!saying )(?<!a )(?<!the )(?<!another )(?<!got )(?<!get )"
    r"(?<!its )(?<!was )(?<!my )(?<!final )(?<!hard )(?<!with a )no)"
    r"(?:\s+[a-z]+){0,3}\s*$"
)
# "trying not to panic" still says panic; "too tired to be upset" says it isn't upset.
_TRYING = re.compile(r"\b(?:try|trying|tried|tries)\s+(?:\w+\s+){0,2}?not\s+to(?:\s+[a-z]+)?\s*$")
_TOO = re.compile(r"\btoo\s+[a-z]+\s+to\s+(?:be|feel|get|even)(?:\s+[a-z]+)?\s*$")
# Words people put inside a phrase without changing it: "feeling *really* low",
# "I don't *really* feel anything", "like *such* a fool".
_FILLER = (r"(?:(?:so|really|very|pretty|quite|kinda|kind of|sort of|sorta|a bit|a little|bit|"
           r"super|totally|completely|utterly|absolutely|just|truly|honestly|genuinely|actually|"
           r"even|such|literally|fully|fucking|bloody)\s+){0,2}")
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
    body = rf"\s+{_FILLER}".join(re.escape(word) for word in cue.rstrip("*").split())
    return rf"\b{body}" + (r"\w*" if stem else r"\b")


Cue = tuple[int, re.Pattern[str]]  # (index of the feeling in priority order, its pattern)


@dataclass(frozen=True)
class _Table:
    """The cue table compiled, indexed so a turn only tries cues that could match.

    Trying every cue on every message is the costliest part of a venting turn;
    a cue is tried only when its longest word (or its stem, or its emoji) is in
    the message. Regex cues are few and always tried.
    """

    feelings: tuple[str, ...]  # priority order
    by_word: dict[str, tuple[Cue, ...]]
    stems: dict[str, tuple[Cue, ...]]
    stem_lengths: tuple[int, ...]
    emoji: tuple[tuple[str, Cue], ...]
    always: tuple[Cue, ...]


@cache
def table() -> _Table:
    raw = resources.files("bot.listening").joinpath("feelings.toml").read_text("utf-8")
    spec = tomllib.loads(raw)
    by_word: dict[str, list[Cue]] = {}
    stems: dict[str, list[Cue]] = {}
    emoji: list[tuple[str, Cue]] = []
    always: list[Cue] = []
    for index, entry in enumerate(spec.values()):
        for cue in entry["cues"]:
            compiled = (index, re.compile(_cue_pattern(cue)))
            if cue.startswith("re:"):
                always.append(compiled)
            elif not cue[0].isalnum():
                emoji.append((cue, compiled))
            elif cue.endswith("*") and " " not in cue:
                stems.setdefault(cue[:-1], []).append(compiled)
            else:
                longest = max(cue.rstrip("*").split(), key=len)
                by_word.setdefault(longest, []).append(compiled)
    return _Table(
        feelings=tuple(spec),
        by_word={word: tuple(cues) for word, cues in by_word.items()},
        stems={stem: tuple(cues) for stem, cues in stems.items()},
        stem_lengths=tuple(sorted({len(stem) for stem in stems})),
        emoji=tuple(emoji),
        always=tuple(always),
    )


def _cues(plain: str, compiled: _Table) -> list[Cue]:
    """The cues worth trying on this text."""
    cues = list(compiled.always)
    for word in set(_WORD.findall(plain)):
        cues.extend(compiled.by_word.get(word, ()))
        for length in compiled.stem_lengths:
            if length <= len(word):
                cues.extend(compiled.stems.get(word[:length], ()))
    if not plain.isascii():
        cues.extend(cue for mark, cue in compiled.emoji if mark in plain)
    return cues


def _negated(text: str, start: int) -> bool:
    before = text[max(0, start - 40):start]
    clause = _CLAUSE.split(before)[-1]
    if _TRYING.search(clause):
        return False
    return bool(_NEGATION.search(clause) or _TOO.search(clause))


def feelings(text: str) -> tuple[str, ...]:
    """Up to MAX_FEELINGS feelings the text expresses, most telling first.

    Where cues overlap, the longer cue keeps the words ("mad at myself" holds
    "mad"; "I thought I'd cry but" is not crying), then the feeling listed first
    in the table. Of the feelings found, the ones listed first are named.
    """
    plain = normalise(text)
    compiled = table()
    matches = sorted((span[0] - span[1], index, span) for index, pattern in _cues(plain, compiled)
                     for span in (match.span() for match in pattern.finditer(plain)))
    taken: list[tuple[int, int]] = []
    found: set[int] = set()
    for _, index, span in matches:
        if span[0] == span[1] or any(span[0] < e and s < span[1] for s, e in taken):
            continue
        if plain[span[0]].isalnum() and _negated(plain, span[0]):
            continue
        taken.append(span)
        found.add(index)
    return tuple(compiled.feelings[index] for index in sorted(found)[:MAX_FEELINGS])

"""Which patterns could possibly match a text, found cheaply before any of them runs.

Most messages mention no risk at all, yet every concept pattern would be
tried at every word of them. Each pattern has words it cannot match without
(for "{kill} myself", one of "kil", "murder", "off"...); those are read from
the compiled pattern itself, so the gate can never disagree with it, and a
pattern runs only when one of its anchors is in the text. Anchors within a
word are looked up per word and remembered, so the common words of everyday
messages cost a dictionary lookup.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from re import _constants as sre  # the stdlib's own regex opcodes
from re import _parser

MIN_ANCHOR = 3  # shorter anchors ("i", "my") are in nearly every message: no use as a gate

Anchors = frozenset[str]


def required(pattern: str) -> Anchors | None:
    """Strings one of which every match of `pattern` contains, or None if none can be said."""
    return _sequence(_parser.parse(pattern))


def _sequence(items: Iterable[tuple[object, object]]) -> Anchors | None:
    """Every item of a sequence must match, so any one item's anchors will do: the best."""
    candidates: list[Anchors] = []
    run = ""
    for op, arg in items:
        if op is sre.LITERAL:
            run += chr(arg)  # type: ignore[arg-type]
            continue
        if run:
            candidates.append(_word_of(run))
            run = ""
        inner = _item(op, arg)
        if inner is not None:
            candidates.append(inner)
    if run:
        candidates.append(_word_of(run))
    return max(candidates, key=_selectivity, default=None)


def _word_of(run: str) -> Anchors:
    """The longest word of a literal run: text holding the run holds that word too, and
    single words can be looked up per word of the message instead of searched for."""
    return frozenset({max(run.split(" "), key=len)})


def _item(op: object, arg: object) -> Anchors | None:
    if op is sre.SUBPATTERN:
        return _sequence(arg[-1])  # type: ignore[index]
    if op is sre.ATOMIC_GROUP:
        return _sequence(arg)  # type: ignore[arg-type]
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _, body = arg  # type: ignore[misc]
        return _sequence(body) if low >= 1 else None
    if op is sre.BRANCH:
        options = [_sequence(branch) for branch in arg[1]]  # type: ignore[index]
        if any(option is None for option in options):
            return None
        return frozenset().union(*options)  # type: ignore[arg-type]
    return None  # classes, lookarounds, anchors: nothing certain


def _selectivity(anchors: Anchors) -> tuple[int, int]:
    """Longer shortest anchor first (rarer), then fewer anchors."""
    return min(map(len, anchors)), -len(anchors)


class Gate:
    """Maps a text to the ids of the patterns worth running on it."""

    def __init__(self, anchored: Iterable[tuple[int, Anchors | None]]) -> None:
        self.always: set[int] = set()
        by_anchor: dict[str, set[int]] = defaultdict(set)
        for ident, anchors in anchored:
            if anchors is None or min(map(len, anchors)) < MIN_ANCHOR:
                self.always.add(ident)
            else:
                for anchor in anchors:
                    by_anchor[anchor].add(ident)
        self.by_anchor = dict(by_anchor)
        self.in_word = lru_cache(maxsize=65536)(self._in_word)

    def _in_word(self, word: str) -> frozenset[int]:
        """Patterns some anchor inside `word` allows (anchors may be parts of words)."""
        return frozenset().union(*(ids for a, ids in self.by_anchor.items() if a in word))

    def live(self, text: str) -> set[int]:
        """Patterns that might match `text` (normalised); all others cannot."""
        return self.always.union(*map(self.in_word, set(text.split())))


def compiled(pattern: str) -> re.Pattern[str]:
    """A pattern matched only as whole words."""
    return re.compile(rf"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])")

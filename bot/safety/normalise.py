"""Text as the screen reads it: one spelling for the many ways people type a word.

People in distress rarely type tidily, and some disguise what they mean on
purpose (platforms filter "suicide", so "sewer slide" and "unalive" exist).
Everything here maps *spellings* onto the words the lexicon is written in; it
never decides what is risky. The output is lower case, without apostrophes
("i'm" reads "im"), with sentence ends kept as " . " and commas as " , " so
patterns and negations can stay inside one clause.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

from rapidfuzz.distance import OSA
from rapidfuzz.process import extractOne

_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f"
                        "\u202a-\u202e\u2060-\u2064\u3164\ufe00-\ufe0f\ufeff]")
_APOSTROPHES = re.compile("['\u2018\u2019\u02bc\u00b4`\u2032]")
# "he'll" and "it'll" must not read as "hell" and "itll" once apostrophes go.
_WILL = re.compile("(?<=[a-z])['\u2019](?:ll)(?![a-z])")
# Emoji that stand for a means of harm read as the word; the rest are dropped.
_EMOJI_WORDS = {"\U0001f48a": " pills ", "\U0001f52a": " knife ", "\U0001faa2": " rope ",
                "\U0001f52b": " gun ", "\u26b0": " coffin ", "\U0001fa78": " blood ",
                "\U0001fa79": " bandage "}
_EMOJI_RE = re.compile("|".join(map(re.escape, _EMOJI_WORDS)))
_SENTENCE_END = re.compile(r"(?:[.!?;]+|\n+)(?=\s|$)|\n")
# Letters split by spaces, dots or dashes ("s u i c i d e", "k.i.l.l"): three or more.
_SPACED = re.compile(r"\b(?:[a-z0-9@$][ .\-_*]){2,}[a-z0-9@$]\b\.?")
_HAS_LEET = re.compile(r"[a-z].*[0-9@$!|+]|[0-9@$!|+].*[a-z]")
_TOKEN = re.compile(r"[a-z0-9@$!|+]+")
_NOT_WORD = re.compile(r"[^a-z0-9@$!|+.,\s]+")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a",
                       "$": "s", "!": "i", "|": "l", "+": "t"})
_INNER_DOT = re.compile(r"(?<=[a-z])\.(?=[a-z])")
_COMMA = re.compile(r"\s*,+\s*")
_REPEATS = re.compile(r"(.)\1{2,}")
_DOUBLES = re.compile(r"(.)\1+")
FUZZY_MIN = 5


def _plain(text: str) -> str:
    """Unicode compatibility forms, no invisible characters or accents, lower case."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _INVISIBLE.sub("", text)
    text = _EMOJI_RE.sub(lambda m: _EMOJI_WORDS[m.group()], text)
    text = _APOSTROPHES.sub("", _WILL.sub(" will", text))
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class Speller:
    """Maps one token onto the lexicon's spelling of it, or leaves it alone.

    `words` are every word the lexicon's patterns use. A token that is not a
    word of the language (`is_word` says, from a frequency dictionary) is
    tried undisguised (leetspeak, stretched letters) and then against the
    lexicon's words of five letters or more by edit distance, so "sucidal"
    and "kiling" read as meant. A real word is never bent towards a risk
    word: "homeless" must not become "hopeless".
    """

    def __init__(self, words: Iterable[str], slang: dict[str, str],
                 is_word: Callable[[str], bool]) -> None:
        self.words = frozenset(words)
        self.targets = tuple(sorted(w for w in self.words if len(w) >= FUZZY_MIN))
        self.slang = dict(slang)
        self.is_word = is_word
        self.spell = lru_cache(maxsize=65536)(self._spell)

    def _spell(self, token: str) -> str:
        if token in self.slang:
            return self.slang[token]
        if token in self.words or self.is_word(token):
            return token
        candidates = []
        if _HAS_LEET.search(token):
            candidates.append(token.translate(_LEET))
        for candidate in [token, *candidates]:
            if _REPEATS.search(candidate):
                candidates += [_REPEATS.sub(r"\1\1", candidate), _DOUBLES.sub(r"\1", candidate)]
        for candidate in candidates:
            if candidate in self.slang:
                return self.slang[candidate]
            if candidate in self.words:
                return candidate
        for candidate in [token, *candidates]:
            near = self._near(candidate)
            if near:
                return near
        return candidates[0] if candidates and candidates[0].isalpha() else token

    def _near(self, token: str) -> str | None:
        """A lexicon word one slip away (two for long words), starting with the same letter."""
        if len(token) < FUZZY_MIN or not token.isalpha():
            return None
        limit = 1 if len(token) < 8 else 2
        found = extractOne(token, self.targets, scorer=OSA.distance, score_cutoff=limit)
        if found is None or found[0][0] != token[0]:
            return None
        return found[0]


def _join_spaced(text: str) -> str:
    return _SPACED.sub(lambda m: re.sub(r"[ .\-_*]", "", m.group()) + " ", text)


def normalise(text: str, speller: Speller | None = None) -> str:
    """The text as patterns read it: words in the lexicon's spelling, sentences marked."""
    text = _join_spaced(_plain(text))
    text = _INNER_DOT.sub(" ", text)  # "life.exe", "end.it" read as words
    text = _SENTENCE_END.sub(" . ", text)
    text = _COMMA.sub(" , ", _NOT_WORD.sub(" ", text))
    if speller is not None:
        text = _TOKEN.sub(lambda m: speller.spell(m.group()), text)
    return " ".join(text.split())

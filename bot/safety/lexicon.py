"""Loading `lexicon.toml` into compiled concepts and guards.

The file is the reviewed artefact; this module only expands its macros and
compiles it once per process, failing loudly at start-up if a pattern is
malformed rather than mid-conversation.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

from spellchecker import SpellChecker

from bot.safety.anchors import Gate, compiled, required
from bot.safety.normalise import Speller

_MACRO = re.compile(r"\{([a-z_]+)\}")
_GAP_BEFORE = re.compile(r"\{g(\d)\} ")
_GAP_AFTER = re.compile(r" ?\{g(\d)\}")
_WORD = re.compile(r"[a-z]{2,}")
WORD_MIN_COUNT = 20
NEGATION_WINDOW = 4


@dataclass(frozen=True)
class Concept:
    """One way risk is expressed; `unless` patterns in the same sentence cancel it."""

    name: str
    kind: str
    tier: str
    negatable: bool
    negation_window: int
    patterns: tuple[tuple[int, re.Pattern[str]], ...]  # (id for the gate, pattern)
    unless: re.Pattern[str] | None

    @cached_property
    def ids(self) -> frozenset[int]:
        return frozenset(ident for ident, _ in self.patterns)

    @cached_property
    def by_id(self) -> dict[int, re.Pattern[str]]:
        return dict(self.patterns)


@dataclass(frozen=True)
class Lexicon:
    concepts: tuple[Concept, ...]
    idioms: re.Pattern[str]
    negators: re.Pattern[str]
    hedges: re.Pattern[str]
    contrasts: re.Pattern[str]
    speller: Speller
    gate: Gate


def _expand(pattern: str, macros: dict[str, str]) -> str:
    """Macros in; `{gN}` becomes up to N words, never a negation, comma or sentence end."""
    word = f"(?!{macros['negator']} )[^ .,]+"
    pattern = _GAP_BEFORE.sub(lambda m: f"(?:{word} ){{0,{m.group(1)}}}", pattern)
    pattern = _GAP_AFTER.sub(lambda m: f"(?: {word}){{0,{m.group(1)}}}", pattern)
    for _ in range(3):  # macros may use macros
        pattern = _MACRO.sub(lambda m: macros[m.group(1)], pattern)
    return pattern


def _compile(patterns: list[str], macros: dict[str, str]) -> re.Pattern[str]:
    return compiled("|".join(f"(?:{_expand(p, macros)})" for p in patterns))


def _dictionary() -> Callable[[str], bool]:
    """Whether a token is a word of English, from pyspellchecker's frequency list.

    Words seen fewer than WORD_MIN_COUNT times there are mostly typos
    themselves, so they stay open to correction.
    """
    counts = SpellChecker(language="en", distance=1).word_frequency.dictionary
    return lambda token: counts.get(token, 0) >= WORD_MIN_COUNT


@cache
def lexicon() -> Lexicon:
    """The compiled lexicon, shared by every screen in the process."""
    raw = tomllib.loads(resources.files("bot.safety").joinpath("lexicon.toml")
                        .read_text("utf-8"))
    guard = raw["guard"]
    macros = {name: f"(?:{value})" for name, value in raw["macros"].items()}
    macros["negator"] = f"(?:{guard['negators']})"
    expanded = [[_expand(p, macros) for p in c["patterns"]] for c in raw["concept"]]
    ids = iter(range(sum(map(len, expanded))))
    numbered = [[(next(ids), p) for p in patterns] for patterns in expanded]
    concepts = tuple(
        Concept(
            name=c["name"], kind=c["kind"], tier=c["tier"],
            negatable=bool(c.get("negatable", False)),
            negation_window=int(c.get("negation_window", NEGATION_WINDOW)),
            patterns=tuple((ident, compiled(p)) for ident, p in own),
            unless=_compile(c["unless"], macros) if c.get("unless") else None,
        )
        for c, own in zip(raw["concept"], numbered, strict=True)
    )
    vocabulary: set[str] = set()
    for text in [*raw["macros"].values(), *(p for c in raw["concept"] for p in c["patterns"])]:
        vocabulary.update(_WORD.findall(text))
    return Lexicon(
        concepts=concepts,
        idioms=_compile(guard["idioms"], macros),
        negators=re.compile(rf"(?<![a-z0-9]){guard['negators']}(?![a-z0-9])"),
        hedges=re.compile(rf"(?<![a-z0-9]){guard['hedges']}(?![a-z0-9])"),
        contrasts=re.compile(rf"(?<![a-z0-9]){guard['contrasts']}(?![a-z0-9])"),
        speller=Speller(vocabulary, raw["slang"], _dictionary()),
        gate=Gate((ident, required(p)) for own in numbered for ident, p in own),
    )

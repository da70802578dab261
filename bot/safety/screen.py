"""Crisis screening of every inbound text, before any flow sees it.

A screen built in layers, each reviewable on its own:
1. normalise: one spelling for slang, typos, leetspeak and spacing tricks;
2. concepts (`lexicon.toml`): the kinds of risk and the many ways people say them;
3. guards: job-search idioms ("killing it", "dead-end job") and negations
   ("not going to give up") cancel only the phrase they cover, never a risk
   phrase elsewhere in the message;
4. context: once a conversation has raised a concern, passive phrases get
   the full response instead of a question;
5. when unsure, ask: a first-person mention of death or harm that nothing
   explains still gets the direct question, and so does what a small learned
   model (`learned.py`, trained on the labelled corpus) recognises as risk
   when no pattern did.
Patterns, not a model: it must work offline, be reviewable line by line, and
fail towards care.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.safety.learned import model
from bot.safety.lexicon import Concept, Lexicon, lexicon
from bot.safety.normalise import normalise


class Tier(StrEnum):
    """How to respond: not at all, with a direct question, or with the full response."""

    NONE = "none"
    CONCERN = "concern"
    ACUTE = "acute"


class Kind(StrEnum):
    """What the risk is about; it chooses the words and resources of the response."""

    INTENT = "intent"  # explicit wish or intent to die or kill oneself
    PASSIVE = "passive"  # passive ideation: not waking up, a burden, better off without me
    MEANS = "means"  # plans, means, method-seeking
    FAREWELL = "farewell"  # preparation and goodbyes
    SELF_HARM = "self_harm"
    OTHERS = "others"  # harm to someone else
    ABUSE = "abuse"  # abuse at home
    HOPELESS = "hopeless"  # hopelessness without ideation
    UNSURE = "unsure"  # a first-person mention of death or harm nothing explains


SUICIDE_KINDS = frozenset({Kind.INTENT, Kind.PASSIVE, Kind.MEANS, Kind.FAREWELL,
                           Kind.SELF_HARM, Kind.HOPELESS, Kind.UNSURE})
# When one message carries several kinds, the response follows the most urgent.
PRIORITY = (Kind.MEANS, Kind.INTENT, Kind.FAREWELL, Kind.SELF_HARM, Kind.OTHERS, Kind.ABUSE,
            Kind.PASSIVE, Kind.UNSURE, Kind.HOPELESS)
# Read more closely once a conversation has raised a concern.
ESCALATE = frozenset({Kind.PASSIVE, Kind.UNSURE})
_HOME = re.compile(r"\b(?:partner|husband|hubby|wife|boyfriend|girlfriend|bf|gf|fiance|fiancee|"
                   r"ex|spouse|dad|father|stepdad|stepfather|mom|mum|mother|stepmom|stepmum|"
                   r"parents?|brother|sister|uncle|aunt|family|inlaws|in laws|roommate|"
                   r"flatmate|landlord|he|she|hes|shes|him|her|home|house)\b")
_NOT_LIKE = re.compile(r"\bnot (?:like|that) (?:i|im)\b")
# A negation belongs to its own clause: "it didnt work and i plan to end it" is not negated.
_CLAUSE_BREAK = re.compile(r" (?:[.,]|and|but|so|because|cause|cuz|then|or|when|while|if|"
                           r"though|although|since|until|til|till) ")
_NOUN_NO = re.compile(r"\b(?:a|the|another|one more|this|that|every|each|first|second|third|any|"
                      r"their|his|her|a hard|a flat|a polite|the final) no\b")


@dataclass(frozen=True)
class Finding:
    """The screen's verdict on one message: a tier, and the kind of risk when there is one."""

    tier: Tier
    kind: Kind | None = None

    @property
    def response(self) -> str | None:
        """Which response fits: ``suicide``, ``abuse``, ``others``, or None."""
        if self.kind is None:
            return None
        if self.kind in SUICIDE_KINDS:
            return "suicide"
        return self.kind.value


NOTHING = Finding(Tier.NONE)


def screen(text: str, *, heightened: bool = False) -> Finding:
    """How worried to be about this message, and about what. Runs on every inbound text.

    `heightened` is True once this conversation has raised a concern: passive
    phrases then get the full response instead of a question.
    """
    lex = lexicon()
    plain = normalise(text, lex.speller)
    found, explained = _found(lex, plain, heightened)
    if not found:
        return NOTHING if explained else _learned(plain, heightened)
    tier = Tier.ACUTE if any(t is Tier.ACUTE for t, _ in found) else Tier.CONCERN
    kinds = {k for t, k in found if t is tier}
    return Finding(tier, next(k for k in PRIORITY if k in kinds))


def _learned(plain: str, heightened: bool) -> Finding:
    """What the patterns missed but the learned layer recognises: ask, don't stay silent."""
    learned = model()
    if learned is None or not plain:
        return NOTHING
    guess = learned.guess(plain)
    if guess is None or guess.risk < learned.threshold:
        return NOTHING
    kind = Kind(guess.kind) if guess.kind in (Kind.ABUSE, Kind.OTHERS) else Kind.UNSURE
    if kind is Kind.ABUSE and not _HOME.search(plain):
        kind = Kind.UNSURE  # abuse at home needs someone at home in the words
    return Finding(Tier.ACUTE if heightened and kind in ESCALATE else Tier.CONCERN, kind)


def _found(lex: Lexicon, text: str,
           heightened: bool) -> tuple[list[tuple[Tier, Kind]], bool]:
    """Every concept the text expresses that no guard explains away, and whether a
    guard explained any away (then the words are accounted for, and the learned
    layer must not second-guess an idiom or a negation).

    Patterns run over the whole message (a few deliberately reach across
    sentences, like thanks followed by a goodbye); `unless` and negation look
    only at the sentence and clause around each match.
    """
    idioms = [m.span() for m in lex.idioms.finditer(text)]
    live = lex.gate.live(text)
    out = []
    explained = False
    for concept in lex.concepts:
        ids = concept.ids & live
        if not ids:
            continue
        matches = (m for ident in sorted(ids) for m in concept.by_id[ident].finditer(text))
        for match in matches:
            sentence = _sentence(text, *match.span())
            if (concept.unless is not None and concept.unless.search(sentence)) or \
                    _covered(match.span(), idioms) or _negated(lex, concept, text, *match.span()):
                explained = True
                continue
            kind, tier = Kind(concept.kind), Tier(concept.tier)
            if heightened and kind in ESCALATE:
                tier = Tier.ACUTE
            out.append((tier, kind))
            break
    return out, explained or bool(idioms)


def _sentence(text: str, start: int, end: int) -> str:
    left = text.rfind(" . ", 0, start)
    right = text.find(" . ", end)
    return text[left + 3 if left >= 0 else 0: right if right >= 0 else len(text)]


def _covered(span: tuple[int, int], idioms: list[tuple[int, int]]) -> bool:
    """Mostly inside a figure of speech: the idiom explains these words.

    Half the phrase is the bar, so a long risk phrase that merely touches an idiom
    ("wish i could get one shot so i dont have to keep going") still counts.
    """
    start, end = span
    return any(2 * (min(end, e) - max(start, s)) >= end - start for s, e in idioms)


def _negated(lex: Lexicon, concept: Concept, text: str, start: int, end: int) -> bool:
    """A negation just before the phrase, in the same clause ("not going to give up"),
    unless it is a hedge ("not saying im suicidal") or an acute phrase is followed by a
    contrast in its sentence ("im not suicidal but i have the pills")."""
    if not concept.negatable:
        return False
    clause = _CLAUSE_BREAK.split(" " + text[:start])[-1]
    if _NOT_LIKE.search(clause):
        return True  # "its not like i want to end it all": the whole clause is denied
    window = " ".join(clause.split()[-concept.negation_window:])
    window = _NOUN_NO.sub("", window)  # "a no", "another no": a rejection, not a negation
    if not lex.negators.search(window) or lex.hedges.search(window):
        return False
    rest = text[end:].split(" . ", 1)[0]
    return not (concept.tier == Tier.ACUTE and lex.contrasts.search(rest))

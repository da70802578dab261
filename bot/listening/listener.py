"""Choosing what to say back to someone venting, the way a good listener would.

Explore, then comfort, then act (ESConv; OARS): reflect the feeling they
expressed, restate one concrete detail or affirm what they did, then one of
perspective (only when what they said calls for it), a pause tip, or one open
question. At most three short parts a turn. Which wordings and questions were
used is kept in the conversation (`heard`) as ids, never words, so nothing is
said twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from bot.listening import intent
from bot.listening.details import Details, read
from bot.listening.feelings import feelings
from bot.state import State

VARIANTS = 4  # every template in messages/recovery/listen/ has four wordings per kind
KEEP_HEARD = 120
TIP_AFTER_TURNS = 4

_VERDICT = frozenset({"self_blame", "fraud", "ashamed", "embarrassed"})
_COMPARE = frozenset({"left_behind", "jealous"})
_COMPARING = re.compile(r"\b(?:everyone|all my friends|my friends|everybody|my cohort|my peers)\b",
                        re.I)
_NEVER = re.compile(r"\b(?:never|ever again|nobody will|no one will)\b", re.I)
_WHY = re.compile(r"\bwhy\b|\bwhat (?:did|am) i (?:do|doing) wrong\b|\bno reason\b", re.I)
_APPLY_AGAIN = re.compile(
    r"\b(?:apply|applying|send|sending) (?:again|to more|more|out more|to (?:the )?next)\b"
    r"|\bnext (?:application|one)\b|\bkeep applying\b|\balready applied\b|\bback (?:on|to) "
    r"(?:the )?(?:search|applications|job boards)\b", re.I)


@dataclass
class Reply:
    """What to say: (template, values) parts, and what the message asked for."""

    parts: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    details: Details = field(default_factory=Details)


@cache
def _analyzer() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def _heavy(text: str) -> bool:
    """How heavy a message sounds; only for choosing between plain acknowledgements."""
    return _analyzer().polarity_scores(text[:2000])["compound"] <= -0.4


class _Memory:
    """The conversation's record of used wordings (ids like ``feel.sad.2``)."""

    def __init__(self, data: State) -> None:
        self.heard: list[str] = data.heard

    def used(self, key: str) -> bool:
        return any(h == key or h.startswith(f"{key}.") for h in self.heard)

    def count(self, key: str) -> int:
        return sum(1 for h in self.heard if h.startswith(f"{key}."))

    def fresh(self, key: str) -> int | None:
        """An unused variant of `key`, starting somewhere different each time; None if all used."""
        start = len(self.heard) % VARIANTS
        for step in range(VARIANTS):
            v = (start + step) % VARIANTS
            if f"{key}.{v}" not in self.heard:
                return v
        return None

    def take(self, key: str, v: int | None = None) -> None:
        self.heard.append(key if v is None else f"{key}.{v}")
        del self.heard[:-KEEP_HEARD]


def listen(data: State, text: str, *, region: str | None,
           reframing: bool = False) -> Reply:
    """The reply to one venting message; records what it used in `data`."""
    memory = _Memory(data)
    details = read(text)
    reply = Reply(details=details)
    felt = feelings(text)
    opener = _opener(memory, felt, text, details)
    if opener:
        reply.parts.append(opener)
    kind = intent.concern(text)
    if kind and not data.serious:
        data.serious = kind
        reply.parts.append(("recovery/listen/serious", {"kind": kind, "region": _region(region)}))
        return reply
    middle = _affirm(memory, details) or _detail(memory, details)
    if middle:
        reply.parts.append(middle)
    turns = data.vent_turns or 1
    closer = None
    if not data.serious:
        closer = (None if reframing else _comfort(memory, felt, text)) or _tip(memory, text, turns)
    closer = closer or _question(memory, felt, details, data, turns,
                                 told=bool(_TOLD.search(text)))
    if closer:
        reply.parts.append(closer)
    return reply


def _region(region: str | None) -> str:
    code = (region or "").strip().upper()
    return {"UK": "GB", "USA": "US", "IRELAND": "IE", "UNITED KINGDOM": "GB"}.get(code, code)


def _opener(memory: _Memory, felt: tuple[str, ...], text: str,
            details: Details) -> tuple[str, dict[str, Any]] | None:
    if len(felt) == 2:
        v = memory.fresh(f"mixed.{felt[0]}.{felt[1]}")
        if v is not None:
            memory.take(f"mixed.{felt[0]}.{felt[1]}", v)
            return "recovery/listen/mixed", {"a": felt[0], "b": felt[1], "v": v}
    for feeling in felt:
        v = memory.fresh(f"feel.{feeling}")
        if v is not None:
            memory.take(f"feel.{feeling}", v)
            return "recovery/listen/feel", {"feeling": feeling, "v": v}
    if felt:
        return None
    kind = "unsure" if intent.unsure(text) else "heavy" if _heavy(text) else "plain"
    if kind == "plain" and details.present():
        return None  # the detail restated says we heard; a bare "thanks" adds nothing
    v = memory.fresh(f"ack.{kind}")
    if v is None:
        return None
    memory.take(f"ack.{kind}", v)
    return "recovery/listen/ack", {"kind": kind, "v": v}


def _affirm(memory: _Memory, d: Details) -> tuple[str, dict[str, Any]] | None:
    reasons: list[tuple[str, dict[str, Any], str]] = []
    if d.stage == "final" and d.stage_words:
        reasons.append(("final", {"stage": d.stage_words}, "stage"))
    rounds = bool(d.count and re.search(r"rounds|interviews", d.count))
    number = d.count_number or 0
    if rounds and not d.ordinal and 2 <= number < 10:
        reasons.append(("rounds", {"count": d.count}, "count"))
    if not rounds and number >= 10:
        reasons.append(("persist", {"count": d.count, "ordinal": d.ordinal}, "count"))
    if d.prepared:
        reasons.append(("prepared", {}, ""))
    for reason, values, covers in reasons:
        if memory.used(f"affirm.{reason}"):
            continue
        v = memory.fresh(f"affirm.{reason}")
        memory.take(f"affirm.{reason}", v)
        if covers:
            memory.take(f"detail.{covers}")
        return "recovery/listen/affirm", {"reason": reason, "v": v, **values}
    return None


def _detail(memory: _Memory, d: Details) -> tuple[str, dict[str, Any]] | None:
    """One detail not restated before, most telling first."""
    options: list[tuple[str, dict[str, Any]]] = []
    if d.said:
        options.append(("said", {"said": d.said, "negative": d.said_negative}))
    if d.news_words:
        options.append(("news", {"news": d.news_words}))
    elif d.news in ("silence", "automated"):
        options.append((d.news, {}))
    if d.wait:
        options.append(("wait", {"wait": d.wait, "silent": d.silent}))
    if d.count:
        options.append(("count", {"count": d.count, "ordinal": d.ordinal}))
    if d.who and (d.stage in ("interview", "final") or d.met_senior):
        options.append(("who", {"who": d.who}))
    if d.stage_words:
        options.append(("stage", {"stage": d.stage_words}))
    if d.company:
        options.append(("job", {"company": d.company, "role": d.role}))
    for kind, values in options:
        if memory.used(f"detail.{kind}"):
            continue
        v = memory.fresh(f"detail.{kind}") or 0
        memory.take(f"detail.{kind}", v)
        return "recovery/listen/detail", {"kind": kind, "v": v, **values}
    return None


def _comfort(memory: _Memory, felt: tuple[str, ...], text: str) -> tuple[str, dict] | None:
    """Perspective only when the content calls for it, each kind at most twice."""
    kinds: list[str] = []
    if _VERDICT.intersection(felt):
        kinds.append("verdict")
    if _COMPARE.intersection(felt) or (_COMPARING.search(text) and felt):
        kinds.append("compare")
    if "hopeless" in felt or (_NEVER.search(text) and felt):
        kinds.append("temporary")
    if "confused" in felt or ("self_blame" in felt and _WHY.search(text)):
        kinds.append("control")
    for kind in kinds:
        if memory.count(f"comfort.{kind}") >= 2:
            continue
        v = memory.fresh(f"comfort.{kind}")
        if v is not None:
            memory.take(f"comfort.{kind}", v)
            return "recovery/listen/comfort", {"kind": kind, "v": v}
    return None


def _tip(memory: _Memory, text: str, turns: int) -> tuple[str, dict] | None:
    """The pause-before-the-next-application tip: once, when it fits."""
    if memory.used("tip") or not (_APPLY_AGAIN.search(text) or turns >= TIP_AFTER_TURNS):
        return None
    v = memory.fresh("tip") or 0
    memory.take("tip", v)
    return "recovery/listen/tip", {"v": v}


_TOLD = re.compile(
    r"\b(?:did(?:n['’]?t| not) get|not getting|rejected|rejection|turned (?:me )?down|"
    r"went (?:with|for) (?:someone|somebody|another|an? (?:internal|other|different))|"
    r"(?:not|won['’]?t be) (?:moving|going) forward|no offer|unsuccessful|passed on me|"
    r"lost out|did(?:n['’]?t| not) make it|ghosted|said no|let me go|laid off)\b", re.I)
"""The news itself, told: asking them what happened would ask for what they just said."""


def _untold(felt: tuple[str, ...], d: Details, turns: int, told: bool) -> bool:
    """A first message with no feeling, no detail and no news in it: ask what happened."""
    return not (felt or d.present() or told) and turns == 1


def _question(memory: _Memory, felt: tuple[str, ...], d: Details, data: State,
              turns: int, told: bool = False) -> tuple[str, dict] | None:
    """One open question about what is still unknown, never one asked before."""
    known = data.facts
    order: list[str] = []
    if _untold(felt, d, turns, told):
        order.append("what")
    if not felt:
        order.append("feel")
    if not (d.news or known.get("news")):
        order.append("found_out")
    if _VERDICT.intersection(felt) or _COMPARE.intersection(felt):
        order.append("told")
    if d.stage in ("interview", "final") or known.get("stage") in ("interview", "final"):
        order.append("hoped")
    order.extend(["hardest", "need", "meant", "told", "hoped"])
    if turns >= 3 or {"exhausted", "lost", "hopeless"}.intersection(felt):
        order.insert(0, "need")
    for question in order:
        if not memory.used(f"ask.{question}"):
            memory.take(f"ask.{question}")
            return "recovery/listen/ask", {"question": question}
    return None

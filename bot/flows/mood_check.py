"""Mood before and after: one optional 1-5 question early on, the same one when leaving.

The person sees their own change ("from 4 to 2"); the operator sees only
anonymous tallies (`store.tally`). The question never takes the conversation
over: it adds five buttons and a skip beside whatever else is on offer, and
the conversation stays on its step, so anything typed that is not a rating
is handled by that step as usual (venting is still heard as venting).

Buttons carry ``mood:<moment>:<rating|skip>`` and are handled from any step
(see `click`); a typed rating is read here before the engine's positional
button matching (see `typed`), so a typed "4" is the rating 4, never the
fourth button on screen.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from bot import choices
from bot.flows import nav
from bot.flows.base import Turn
from bot.model import Choice
from bot.state import Mood, MoodQuestion
from bot.text import NO, SKIP, normal

BEFORE = "before"
AFTER = "after"
SCALE = range(1, 6)
ASK_BEFORE_ON_VENT = 2  # after the second reply to venting: heard twice first, never sooner
VISIT = timedelta(hours=6)  # asked when leaving at most once per sitting

_NUMBER_WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_OUT_OF = re.compile(r"\s*(?:/|\bout\s+of\b|\boutta\b|\bof\b)\s*(?:5|five)\b")
_TOKENS = re.compile(r"\d+(?:[.,]\d+)?|[a-z']+")
# Words that hedge a rating without adding anything else ("about a 3", "4 tbh", "3ish").
_HEDGES = frozenset({
    "a", "about", "around", "roughly", "approx", "approximately", "maybe", "probably", "prob",
    "prolly", "like", "i", "i'd", "id", "say", "guess", "think", "it's", "its", "it", "is",
    "feels", "feel", "i'm", "im", "at", "ish", "honestly", "tbh", "rn", "right", "now", "today",
    "currently", "solid", "strong", "definitely", "def", "um", "umm", "hmm", "hm", "uh", "so",
    "pretty", "much", "kinda", "kind", "sort", "of", "just", "level", "this", "that", "yeah",
    "ok", "okay", "well", "more", "less", "than", "or", "lol", "an", "and", "to", "be", "would",
    "honest", "me", "for", "still", "all", "in",
})


def _open(t: Turn) -> MoodQuestion | None:
    """The question on screen now, if any; a crisis response closes it for good."""
    if t.data.risk:
        t.data.mood.open = None
    return t.data.mood.open


def before(t: Turn, vent_turns: int) -> None:
    """After a reply to venting: the 'before' question, once per conversation."""
    state = t.data.mood
    if (vent_turns != ASK_BEFORE_ON_VENT or state.asked_before
            or state.asked_after or t.data.risk):
        return
    state.asked_before = True
    _ask(t, BEFORE, since=None)


def after(t: Turn) -> None:
    """When they leave (rest, a saved plan): the same question, once per visit.

    Only the first 'after' is compared with the 'before', so a change is one
    sitting's change, and each 'before' pairs with at most one 'after'.
    """
    state = t.data.mood
    last = state.asked_after
    if t.data.risk or (last and t.now - datetime.fromisoformat(last) < VISIT):
        return
    since = None if last else _rating(state, BEFORE)
    state.asked_after = t.now.isoformat()
    _ask(t, AFTER, since=since)


def _ask(t: Turn, moment: str, since: int | None) -> None:
    t.data.mood.open = MoodQuestion(moment, t.conv.step, since)
    t.say("recovery/mood/ask", moment=moment, choices=[
        *(Choice(choices.mood(moment, n), t.label(f"recovery.mood.r{n}")) for n in SCALE),
        Choice(choices.mood(moment, "skip"), t.label("recovery.mood.skip")),
    ])


def _rating(state: Mood, moment: str) -> int | None:
    for answer in reversed(state.answers):
        if answer["moment"] == moment:
            return answer["rating"]
    return None


def click(t: Turn, button: choices.Parsed) -> None:
    """A mood button (``mood:<moment>:<rating|skip>``); a repeat or stale one is a polite no-op."""
    moment, value = button.part(0), button.part(1)
    asked = _open(t)
    if not asked or asked.moment != moment:
        t.say("recovery/mood/already")
        return
    _take(t, asked, int(value) if value.isdecimal() and int(value) in SCALE else None)


def typed(t: Turn) -> bool:
    """Read typed text as the answer to the open question; False when it isn't one.

    Only on the step where the question was asked, and only when the message
    is a rating, a skip, or a number off the scale (which gets the scale
    again): anything else is left to the step, so it is heard as usual.
    """
    asked = _open(t)
    if not asked or asked.step != t.conv.step or not t.text:
        return False
    said = normal(t.text)
    if said in SKIP or said in NO:
        _take(t, asked, None)
        return True
    found = rating(t.text)
    if found is None:
        return False
    if found in SCALE:
        _take(t, asked, found)
    else:
        t.say("recovery/mood/scale")
    return True


def rating(text: str) -> int | None:
    """The number a short reply gives on the scale ("4", "4/5", "four", "about a 3").

    None when the message says anything beyond a number and hedges, so
    "2 interviews and nothing" stays venting. 0 stands for a number that is
    not a whole step on the scale ("7", "3.5", "3 or 4"): the scale is shown again.
    """
    text = _OUT_OF.sub(" ", text.lower().replace("\u2019", "'"))
    numbers: list[float] = []
    for token in _TOKENS.findall(text):
        if token[0].isdigit():
            numbers.append(float(token.replace(",", ".")))
        elif token in _NUMBER_WORDS:
            numbers.append(float(_NUMBER_WORDS[token]))
        elif token not in _HEDGES:
            return None
    if not numbers:
        return None
    if len(numbers) == 1 and numbers[0].is_integer() and int(numbers[0]) in SCALE:
        return int(numbers[0])
    return 0


def _take(t: Turn, asked: MoodQuestion, value: int | None) -> None:
    """Keep their answer (theirs: exported, forgotten with them) and count it anonymously."""
    state = t.data.mood
    state.open = None
    moment, day = asked.moment, t.today.isoformat()
    if value is not None:
        state.answers.append({"moment": moment, "rating": value, "day": day})
        t.store.tally(day, f"mood_{moment}", str(value))
    if moment == BEFORE:
        t.say("recovery/mood/noted_before", rating=value)
        if t.conv.step == asked.step:
            nav.reask(t)
        return
    since = asked.since
    change = None
    if value is not None and since is not None:
        change = "lighter" if value < since else "heavier" if value > since else "same"
        t.store.tally(day, "mood_change", f"{since}>{value}")
    t.say("recovery/mood/noted_after", rating=value, since=since, change=change)

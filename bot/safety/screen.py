"""Crisis screening of every inbound text, before any flow sees it.

Patterns, not a model: the screen must work offline, be reviewable line by
line, and fail towards care. Figures of speech that job seekers use all the
time ("this search is killing me", "I killed it in the interview") are
deliberately left out of the acute tier; they are covered by decoy tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

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


_ME = r"(?:myself|my\s*self|meself)"
_ACUTE = [
    r"\bsuicid\w*",
    r"\b(?:kill|killing|hang|hanging|shoot|shooting|drown|drowning|poison|poisoning)\s+" + _ME,
    r"\bend(?:ing)?\s+(?:it\s+all|my\s+(?:own\s+)?life|everything)\b",
    r"\btak(?:e|ing)\s+my\s+(?:own\s+)?life\b",
    r"\b(?:don'?t|do\s+not|no\s+longer)\s+want\s+to\s+(?:live|be\s+(?:alive|here|around))\b",
    r"\b(?:want|wanted|wanting|going|ready)\s+to\s+die\b",
    r"\bwish\s+i\s+(?:was|were)\s+(?:dead|never\s+born)\b",
    r"\bwish\s+i\s+(?:wasn'?t|weren'?t)\s+(?:alive|here)\b",
    r"\bbetter\s+off\s+(?:dead|without\s+me)\b",
    r"\bno\s+(?:reason|point)\s+(?:to|in)\s+(?:live|living|being\s+alive)\b",
    r"\bnot\s+worth\s+living\b",
    r"\boverdos\w*",
    r"\b(?:cut|cutting|burn|burning|hurt|hurting|harm|harming|starve|starving)\s+" + _ME,
    r"\bself[\s-]*harm\w*",
    # harm to others: an intent word, a harm verb, a person
    r"\b(?:going\s+to|gonna|want\s+to|wanna|will|i'?ll|i\s+could)\s+"
    r"(?:kill|hurt|shoot|stab|attack|strangle)\s+"
    r"(?:him|her|them|someone|somebody|people|everyone|everybody|the\s+(?:recruiter|interviewer|"
    r"manager|hiring\s+manager|boss|panel|team)|my\s+(?:boss|manager|ex|partner))\b",
    r"\bshoot\s+up\b",
    r"\bbring\s+a\s+(?:gun|knife|weapon)\b",
    # abuse
    r"\b(?:he|she|they|my\s+(?:partner|husband|wife|boyfriend|girlfriend|dad|father|mum|mom|"
    r"mother|parent|parents))\s+(?:hits|beats|chokes|hurts|abuses|threatens)\s+me\b",
    r"\b(?:being|been|getting)\s+(?:abused|beaten|hit)\b",
    r"\bnot\s+safe\s+at\s+home\b",
    r"\b(?:afraid|scared)\s+to\s+go\s+home\b",
]
_CONCERN = [
    r"\b(?:want|wanna|ready|going|about)\s+to\s+give\s+up\b",
    r"\bi\s+(?:just\s+)?give\s+up\b",
    r"\bgiving\s+up\s+on\s+(?:everything|life)\b",
    r"\bwhat'?s\s+the\s+point\b",
    r"\bno\s+point\s+(?:anymore|any\s+more|in\s+anything|in\s+trying)\b",
    r"\bhopeless\b",
    r"\bcan'?t\s+(?:go\s+on|do\s+this\s+any\s*more|take\s+(?:it|this)\s+any\s*more|cope)\b",
    r"\bnothing\s+matters\b",
    r"\bi'?m\s+done\s+with\s+(?:everything|life)\b",
    r"\b(?:i\s+)?(?:feel|am|i'?m)\s+(?:so\s+)?(?:worthless|empty|numb)\b",
    r"\bdisappear\s+forever\b",
]
_ACUTE_RE = re.compile("|".join(f"(?:{p})" for p in _ACUTE))
_CONCERN_RE = re.compile("|".join(f"(?:{p})" for p in _CONCERN))


def screen(text: str, *, heightened: bool = False) -> Finding:
    """How worried to be about this message, and about what. Runs on every inbound text.

    `heightened` is True once this conversation has raised a concern: passive
    phrases then get the full response instead of a question.
    """
    plain = normalise(text)
    if _ACUTE_RE.search(plain):
        return Finding(Tier.ACUTE, Kind.INTENT)
    if _CONCERN_RE.search(plain):
        return Finding(Tier.ACUTE if heightened else Tier.CONCERN, Kind.PASSIVE)
    return NOTHING



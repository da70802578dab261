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


class Tier(StrEnum):
    NONE = "none"
    CONCERN = "concern"  # hopelessness: ask directly and kindly, no alarm
    ACUTE = "acute"  # self-harm, suicide, harm to others, abuse: stop and give resources


@dataclass(frozen=True)
class Resource:
    """A crisis service. Data, kept in code so it works with no network."""

    region: str
    name: str
    contact: str
    url: str = ""


_US = Resource("US", "988 Suicide & Crisis Lifeline", "call or text 988", "https://988lifeline.org")
_UK_IE = Resource("UK & Ireland", "Samaritans", "call 116 123", "https://www.samaritans.org")
_DIRECTORY = Resource("Anywhere else", "Find A Helpline", "findahelpline.com",
                      "https://findahelpline.com")

RESOURCES: dict[str, tuple[Resource, ...]] = {
    "US": (_US, _DIRECTORY),
    "GB": (_UK_IE, _DIRECTORY),
    "IE": (_UK_IE, _DIRECTORY),
    "CA": (Resource("Canada", "9-8-8 Suicide Crisis Helpline", "call or text 988",
                    "https://988.ca"), _DIRECTORY),
    "AU": (Resource("Australia", "Lifeline", "call 13 11 14 or text 0477 13 11 14",
                    "https://www.lifeline.org.au"), _DIRECTORY),
}
DEFAULT_RESOURCES = (_US, _UK_IE, _DIRECTORY)
_ALIASES = {"UK": "GB", "USA": "US", "IRELAND": "IE", "UNITED KINGDOM": "GB"}


def resources_for(region: str | None) -> tuple[Resource, ...]:
    """Resources for REBOUND_REGION (ISO code); unknown or unset shows the default set."""
    code = (region or "").strip().upper()
    return RESOURCES.get(_ALIASES.get(code, code), DEFAULT_RESOURCES)


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
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u00b4": "'"})


def _normalise(text: str) -> str:
    text = _INVISIBLE.sub("", text).translate(_QUOTES).lower()
    return re.sub(r"\s+", " ", text)


def screen(text: str) -> Tier:
    """How worried to be about this message. Runs on every inbound text."""
    plain = _normalise(text)
    if _ACUTE_RE.search(plain):
        return Tier.ACUTE
    if _CONCERN_RE.search(plain):
        return Tier.CONCERN
    return Tier.NONE


_ADVICE = {
    "legal": r"\b(?:sue|suing|lawsuit|lawyer|attorney|legal\s+action|tribunal|discriminat\w*)\b",
    "medical": r"\b(?:medication|meds|antidepressants?|diagnos\w*|prescription|dosage)\b",
    "financial": r"\b(?:loan|debt|invest\w*|mortgage|unemployment\s+benefits?|bankrupt\w*)\b",
}
_ADVICE_RE = {topic: re.compile(p) for topic, p in _ADVICE.items()}


def advice_topic(text: str) -> str | None:
    """The professional-advice area a message touches, so the bot can say it won't advise."""
    plain = _normalise(text)
    for topic, pattern in _ADVICE_RE.items():
        if pattern.search(plain):
            return topic
    return None

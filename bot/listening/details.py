"""Concrete details in what someone wrote: for restating, and to prefill the facts.

Everything returned is either a fixed key (a stage, a way the news came) or a
short span of the person's own words (a company, "a two-line email", "three
weeks") that templates place as data. Long or odd spans are dropped rather than
risk an ungrammatical echo.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})
_NUMBER = (r"(?:\d{1,4}|a couple of|a few|one|two|three|four|five|six|seven|eight|nine|ten|"
           r"eleven|twelve|thirteen|fourteen|fifteen|twenty|thirty|forty|fifty|sixty|seventy|"
           r"eighty|ninety|hundred|a hundred|several|(?:twenty|thirty|forty|fifty|sixty)[- ]\w+)")
_ORDINAL = (r"(?:\d{1,4}(?:st|nd|rd|th)|second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
            r"tenth|eleventh|twelfth|fifteenth|twentieth|thirtieth|fortieth|fiftieth|"
            r"hundredth|(?:twenty|thirty|forty|fifty)[- ](?:first|second|third|\w+th))")

# Stages, highest first; each cue is kept as the person's phrase when it is a noun.
_STAGES: tuple[tuple[str, str], ...] = (
    ("final", r"\b(?:final|last)\s+(?:round|interview|stage|panel|step)s?\b|\bon-?site\b"
              r"|\bsuper\s?day\b|\bfinalists?\b|\bone of (?:the )?(?:two|three|last) candidates\b"),
    ("interview", r"\b(?:second|third|fourth|technical|tech|panel|video|in-person|first|"
                  r"\d(?:st|nd|rd|th))\s+(?:round|interview)s?\b|\binterview(?:s|ed|ing)?\b"
                  r"|\bpanel\b|\b(?:case study|take-?home|presentation)\b"
                  r"|\b(?:two|three|four|five|six|\d)\s+rounds\b"),
    ("screen", r"\b(?:phone|recruiter|hr|screening|intro|initial)\s+"
               r"(?:screen|call|chat|interview)s?\b"
               r"|\bscreening\b"),
    ("applied", r"\b(?:i|just|only|after|when i)\s+appl(?:ied|ying)\b|\bmy application\b"
                r"|\bapplication stage\b|\b(?:cv|resume) (?:was )?(?:rejected|screened)\b"),
)
_STAGE_NOUN = re.compile(r"^(?:(?:final|last|second|third|fourth|technical|panel|phone|recruiter|"
                         r"video|first|screening)\s+(?:round|interview|stage|panel|screen|call)"
                         r"|on-?site|super\s?day|interview)$")

_NEWS: tuple[tuple[str, str], ...] = (
    ("silence", r"\bghost(?:ed|ing)?\b|\bnever (?:heard|got a reply|got an answer)\b"
                r"|\bhaven'?t heard\b|\bhasn'?t (?:replied|answered|got back)\b"
                r"|\bwent (?:silent|quiet)\b|\bradio silence\b|\bheard nothing\b"
                r"|\bnot (?:a|one) (?:word|reply)\b|\bno (?:reply|response|answer|word)\b"
                r"|\bcrickets\b|\bnot answer\b|\bblack hole\b|\bsilences?\b"),
    ("automated", r"\bautomat(?:ed|ic)\b|\bauto-?(?:reject\w*|reply|generated)\b|\bno-?reply\b"
                  r"|\b(?:form|generic|template|templated|canned|boilerplate|standard|copy-?paste)\s+"
                  r"(?:e-?mail|rejection|letter|message|reply|response|no)s?\b|\bform rejection\b"
                  r"|\bworkday\b|\bby a bot\b|\bcandidate name\b"),
    ("call", r"\b(?:called|rang|phoned) me\b|\b(?:phone|video) call(?:ed)?\b|\bover the phone\b"
             r"|\bby phone\b|\bon the phone\b|\bgot the call\b|\bgot a call\b|\bvoicemail\b"),
    ("email", r"\be-?mail(?:ed|s)?\b|\bin my inbox\b|\bgot a mail\b"
              r"|\bsent me a (?:note|message)\b"),
)
_NEWS_PHRASE = re.compile(
    r"\b(?:a|an)\s+(?:(?:one|two|three)[- ](?:line|sentence)|form|generic|automated|"
    r"auto-?generated|"
    r"template|templated|canned|boilerplate|standard|copy-?paste|short|curt|cold|"
    r"no-?reply)(?:\s+(?:rejection|'?unfortunately'?))?\s+(?:e-?mail|rejection|letter|message|"
    r"reply|response|no|note|text)\b|\bover the phone\b|\bby phone\b|\bon the phone\b"
)
_WHO = re.compile(
    r"\b(?:the|their|my|our|his|her)\s+("
    r"(?:hiring|engineering|product|team|line|would-be|future)\s+manager"
    r"|cto|ceo|cfo|coo|cpo|cmo|vp(?: of [a-z]+)?|head of [a-z]+|(?:co-?)?founder"
    r"|(?:managing |creative )?director"
    r"|team lead|tech lead|recruiter|talent partner|hr (?:person|manager|rep)|whole team|panel)\b"
    r"(?!\s+(?:role|position|job|opening|post|programme|program))"
)
_MANAGERS = re.compile(r"manager|cto|ceo|cfo|coo|cpo|cmo|vp|head of|founder|director|lead")
_UPPER = {"cto", "ceo", "cfo", "coo", "cpo", "cmo", "vp", "hr"}

_NOT_NAMES = frozenset(str.split("""
i i'm im the a an my our their his her they he she it we you this that
these those hr cv cto ceo cfo coo vp linkedin workday indeed glassdoor monday tuesday wednesday
thursday friday saturday sunday january february march april may june july august september october
november december english today yesterday tomorrow so and but then after before when what why how
hi hello hey honestly just got still also ok okay well now finally dear thanks thank final round
interview job role position team manager recruiter company them one two three four five six
never nobody everyone someone everything nothing"""))
_NAME = r"[A-Z][a-zA-Z&'-]+(?:\s+(?:[A-Z][a-zA-Z&'-]+|&|of))*?"
_COMPANY_RES = (
    re.compile(rf"(?<!interviewed )\b(?:at|from|by|(?:applied|applying|apply) (?:to|at|with))"
               rf"\s+({_NAME})(?=\s+(?:for|after|as|but|and|in|on|last|this|today|yesterday|over)\b"
               r"|[.,;!?)]|\s*$|'s\b)"),
    re.compile(rf"(?:^|[.!?]\s+)({_NAME})\s+"
               r"(?:rejected|ghosted|turned|said no|passed|declined|dropped)\b"),
)
_INTERVIEWER_RES = (
    re.compile(r"\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+(?:interviewed|called|emailed|rang)\s+me\b"),
    re.compile(r"\binterviewed\s+by\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\b"),
    re.compile(r"\binterview\s+(?:was\s+)?with\s+([A-Z][a-z]+\s+[A-Z][a-z]+)\b"),
    re.compile(r"\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?),\s+(?:who|the)\s+"
               r"(?:would have been my manager|hiring manager|interviewer)\b"),
    re.compile(r"\b(?:hiring manager|interviewer|recruiter),?\s+"
               r"([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\b"),
)
_ROLE = re.compile(
    r"\b(?:for|as|to|from|on|in)\s+(?:the|a|an)\s+((?:[a-z][\w/&+-]*\s+){0,4}?[a-z][\w/&+-]*)\s+"
    r"(?:role|position|job|opening|post|programme|program|scheme|internship)\b"
)
_NOT_ROLES = frozenset(str.split("""
dream perfect ideal new same other last first next only whole right actual
full-time part-time remote big great good amazing exact one this that job real entry-level
entry level every"""))
_COUNT = re.compile(
    rf"\b((?:my|the|this|your|a|their)\s+{_ORDINAL}\s+(?:application|rejection|no|time)"
    rf"|(?:application|rejection)\s+(?:number|no\.?|#)\s*\d{{1,4}}"
    rf"|{_NUMBER}\+?\s+(?:(?:job\s+)?applications|rejections|interviews|rounds|jobs|roles|companies|positions|no'?s))\b"
)
_UNITS = r"(?:days?|weeks?|months?)"
_WAIT = re.compile(
    rf"\b(?:after|for|waited|took(?: them| me)?|been|over|nearly|almost|since)\s+"
    rf"({_NUMBER}\s+{_UNITS})\b"
    rf"|\b({_NUMBER}\s+{_UNITS})\s+(?:of|later|since|ago|and (?:not|nothing|no|still)|without|now|"
    rf"to (?:reply|answer|respond|get back|hear))\b"
)
_SILENCE = re.compile(r"silen|heard|hear\b|nothing|waiting|waited|wait\b|ghost|reply|respon|answer|"
                      r"later|took|get back")
_SAID = re.compile(
    r"\b(?:they|he|she|it|the (?:recruiter|interviewer|hiring manager|manager|panel|team|company|"
    r"email))\s+"
    r"(?:said|told me|say|says|mentioned|wrote|explained)"
    r"(?:\s+(?:on the phone|over the phone|by email|today|yesterday|earlier|this morning))?"
    r"\s+(?:that\s+)?([^.!?;\"()]+)"
    r"|\b(?:called|emailed|rang|wrote)(?: me)?(?: [a-z]+){0,2} to say(?: that)? ([^.!?;\"()]+)"
)
_SAID_STOP = re.compile(r"\s+(?:but|and|then|so|which|because|even though|although|on|at)\s+|,")
_SAID_VERB = re.compile(
    r"\b(?:was|wasn't|were|weren't|is|isn't|are|aren't|had|have|hadn't|haven't|needed|need|wanted|"
    r"want|went|decided|chose|lacked|didn't|don't|did|would|could|should|'d|'re|am|gone|picked|"
    r"moved|found|needs|wants|lacks|they'd|we'd|it's|loved|liked)\b")
_FIRST_PERSON = (
    (r"\bi was\b", "you were"), (r"\bi wasn't\b", "you weren't"), (r"\bi'm\b", "you're"),
    (r"\bim\b", "you're"), (r"\bi am\b", "you are"), (r"\bi've\b", "you've"), (r"\bi'd\b", "you'd"),
    (r"\bi\b", "you"), (r"\bmy\b", "your"), (r"\bme\b", "you"), (r"\bmyself\b", "yourself"),
    (r"\bmine\b", "yours"),
)
_SAID_NEGATIVE = re.compile(r"n't|\bnot\b|\bno\b|\bnever\b|someone else|another|other candidate|"
                            r"more (?:experience|senior|junior)|over-?qualified|\btoo\b|\black")
_PREPARED = re.compile(
    r"\b(?:prepar\w+|practi[sc]\w+|mock interview|studied|rehears\w+|researched)\b")


Found = str | None
"""What the message gave for a detail, if it gave anything."""
Count = int | None


@dataclass(frozen=True)
class Details:
    """What a message says about the job and the news; every field optional."""

    company: Found = None
    role: Found = None
    stage: Found = None
    stage_words: Found = None
    who: Found = None
    interviewer: Found = None
    news: Found = None
    news_words: Found = None
    count: Found = None
    count_number: Count = None
    ordinal: bool = False
    wait: Found = None
    silent: bool = False
    said: Found = None
    said_negative: bool = False
    prepared: bool = False

    def facts(self) -> dict[str, str]:
        """The facts-form fields these details answer (see `bot.flows.facts.FIELDS`)."""
        found: dict[str, str] = {}
        for key in ("company", "role", "stage", "news", "interviewer"):
            value = getattr(self, key)
            if value:
                found[key] = value
        if self.met_senior and self.stage in ("interview", "final"):
            found["met_manager"] = "yes"
        return found

    @property
    def met_senior(self) -> bool:
        """Someone who decides (a manager, a CTO), not only a recruiter, was involved."""
        return bool(self.who and _MANAGERS.search(self.who.lower()))

    def present(self) -> list[str]:
        """Names of the fields found, for counting and for tests."""
        return [f.name for f in fields(self) if getattr(self, f.name) not in (None, False)]


_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "twenty": 20, "thirty": 30, "forty": 40,
                 "fifty": 50, "sixty": 60, "hundred": 100, "a hundred": 100, "second": 2,
                 "third": 3, "fourth": 4, "fifth": 5, "tenth": 10, "twentieth": 20,
                 "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "hundredth": 100}


def _number(phrase: str) -> int | None:
    digits = re.search(r"\d+", phrase)
    if digits:
        return int(digits.group())
    for word in phrase.lower().replace("-", " ").split():
        if word in _WORD_NUMBERS:
            return _WORD_NUMBERS[word]
    return None


def _ordinal(n: int) -> str:
    """40 -> 40th: digits with their English suffix."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _stage(lower: str) -> tuple[str | None, str | None]:
    for stage, pattern in _STAGES:
        for match in re.finditer(pattern, lower):
            words = match.group().strip()
            return stage, (words if _STAGE_NOUN.match(words) else None)
    return None, None


def _news(lower: str) -> tuple[str | None, str | None]:
    found = next((news for news, pattern in _NEWS if re.search(pattern, lower)), None)
    phrase = _NEWS_PHRASE.search(lower)
    if phrase and not found:
        found = "call" if "phone" in phrase.group() else "email"
    return found, (phrase.group() if phrase and found in ("automated", "email", "call") else None)


def _company(text: str) -> str | None:
    for pattern in _COMPANY_RES:
        for match in pattern.finditer(text):
            name = match.group(1).strip(" .'")
            if name.endswith("'s") or name.endswith("s'"):
                name = name[:-2] if not name.startswith("St") else name
            first = name.split()[0].lower().strip(".'")
            if first in _NOT_NAMES or len(name) > 40:
                continue
            return name
    return None


def _interviewer(text: str, company: str | None) -> str | None:
    for pattern in _INTERVIEWER_RES:
        match = pattern.search(text)
        if match:
            name = match.group(1)
            if name.split()[0].lower() not in _NOT_NAMES and name != company:
                return name
    return None


def _role(lower: str) -> str | None:
    match = _ROLE.search(lower)
    if not match:
        return None
    words = match.group(1).split()
    while words and words[0] in _NOT_ROLES:
        words.pop(0)
    return " ".join(words) if words and len(" ".join(words)) <= 60 else None


def _said(lower: str) -> tuple[str | None, bool]:
    for match in _SAID.finditer(lower):
        clause = _SAID_STOP.split(match.group(1) or match.group(2))[0].strip()
        words = clause.split()
        if not 2 <= len(words) <= 9 or not _SAID_VERB.search(clause) or "enough good" in clause:
            continue
        if not re.fullmatch(r"[a-z0-9' -]+", clause) or words[0] in ("no", "yes", "that", "what"):
            continue
        for pattern, replacement in _FIRST_PERSON:
            clause = re.sub(pattern, replacement, clause)
        return clause, bool(_SAID_NEGATIVE.search(clause))
    return None, False


def read(text: str) -> Details:
    """The details in one message (the first of each kind)."""
    text = text.translate(_QUOTES)[:2000]
    lower = text.lower()
    stage, stage_words = _stage(lower)
    news, news_words = _news(lower)
    who = _WHO.search(lower)
    who_words = None
    if who:
        span = text[who.start(1):who.end(1)]
        who_words = " ".join(w.upper() if w.lower() in _UPPER else w for w in span.split())
    count = _COUNT.search(lower)
    count_words = count.group(1) if count else None
    if count_words:
        count_words = re.sub(r"^(?:my|the|this|your|a|their)\s+", "", count_words)
        numbered = re.match(r"(application|rejection)\s+(?:number|no\.?|#)\s*(\d+)", count_words)
        if numbered:
            count_words = f"{_ordinal(int(numbered.group(2)))} {numbered.group(1)}"
    wait = _WAIT.search(lower)
    silent = bool(wait and (news == "silence" or _SILENCE.search(
        lower[max(0, wait.start() - 40):wait.end() + 40])))
    company = _company(text)
    said, negative = _said(lower)
    return Details(
        company=company, role=_role(lower), stage=stage, stage_words=stage_words,
        who=f"the {who_words}" if who_words else None, interviewer=_interviewer(text, company),
        news=news, news_words=news_words, count=count_words,
        count_number=_number(count_words) if count_words else None,
        ordinal=bool(count_words and re.search(rf"^{_ORDINAL}\b", count_words)),
        wait=(wait.group(1) or wait.group(2)) if wait else None, silent=silent,
        said=said, said_negative=negative, prepared=bool(_PREPARED.search(lower)),
    )


def merge(known: dict[str, Any], details: Details) -> dict[str, Any]:
    """`known` facts plus any these details answer that were still empty."""
    return {**details.facts(), **{k: v for k, v in known.items() if v}}

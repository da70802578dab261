"""A rejection email pasted into the chat: recognised, and its facts read out of it.

People often paste the email itself instead of describing it. `looks_like_email`
tells a pasted email from a vent that merely quotes one of its phrases: it
needs a rejection phrase *and* the shape of an email (headers, a forwarded
thread, or a greeting or sign-off in a text that speaks to "you"), with
phrases in quotation marks set aside as reported speech. `read_email` then
reads the innermost message of a forwarded or quoted thread: the company,
the role, who sent it and their title, how far the application got (the
facts step's stages), whether a machine sent it, any promise to keep their
details, and whether feedback is on offer.

Threads, HTML and headers are taken apart in `bot.mail_thread` (headers
through the standard library's `email.parser.HeaderParser` with
`email.policy.default`); who sent it, the company and the role are read in
`bot.mail_people`; what happened is read here. Everything is patterns over
the text: nothing touches the network, and nothing read is logged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from bot.mail_people import (
    NO_REPLY,
    body_companies,
    body_role,
    domain_company,
    org_display,
    personal_name,
    signature,
    subject_role,
)
from bot.mail_thread import MARKER, SIGN_OFF, clean, innermost, split_headers
from bot.phrases import addressee

STAGES = ("applied", "screen", "interview", "final")
"""The facts step's stages (`bot.flows.facts.STAGES`), latest last."""
QUOTED_LIMIT = 200
"""Quoted spans shorter than this are someone's words being reported, not the email."""


@dataclass(frozen=True)
class EmailFacts:
    """What a pasted rejection email says; None where it doesn't say."""

    company: str | None = None
    automated: bool = False
    role: str | None = None
    stage: str | None = None
    offers_feedback: bool = False
    sender_name: str | None = None
    sender_title: str | None = None
    sender_email: str | None = None
    promise: str | None = None
    promise_duration: Duration | None = None

    def as_facts(self) -> dict[str, str]:
        """The facts step's fields this email answers (for `bot.flows.facts.prefill`).

        The sender becomes the person to reply to only when a person wrote it.
        """
        found = {"company": self.company, "role": self.role, "stage": self.stage,
                 "news": "automated" if self.automated else "email",
                 "interviewer": None if self.automated else self.sender_name}
        return {key: value for key, value in found.items() if value}


class Duration(NamedTuple):
    """How long a promise is said to last: `amount` of `unit` (days, weeks, months, years)."""

    amount: int
    unit: str


def feeling(facts: EmailFacts) -> str:
    """The message that names what receiving this email feels like, without quoting it.

    The last round hurts in its own way whoever wrote it; otherwise a form
    letter and a note from a person land differently.
    """
    if facts.stage == "final":
        return "recovery/pasted/final"
    return "recovery/pasted/automated" if facts.automated else "recovery/pasted/personal"


def feeling_values(facts: EmailFacts) -> dict[str, object]:
    """What those messages take: the company and sender's names, never the email's words."""
    who = addressee(facts.sender_name)
    return {"company": facts.company, "stage": facts.stage, "sender": who.first if who else None,
            "offers_feedback": facts.offers_feedback, "promise": bool(facts.promise)}


# -- signals ------------------------------------------------------------------------

_REJECTION = [re.compile(p, re.I) for p in (
    r"\bafter (?:much |careful |further )?(?:consideration|deliberation|review|thought)\b|"
    r"\bcarefully (?:reviewed|considered)|\bhaving (?:looked|reviewed) carefully",
    r"\b(?:decided|chosen|elected)\s+(?:not\s+)?to\s+(?:move|go|proceed|pursue|progress|continue|"
    r"offer|take|appoint|extend)",
    r"\bmov(?:e|ing) (?:forward|ahead) with (?:other|another|a different|candidates)|"
    r"\bnot (?:going|able) to (?:move|go|proceed|progress) (?:forward|ahead|further)",
    r"\bpursue other (?:candidates|applicants)",
    r"\b(?:not|won't|will not|n't) be (?:moving forward|progressing|proceeding|taking|offering|"
    r"inviting|continuing)",
    r"\bnot (?:been )?(?:selected|shortlisted|successful|progressed)|\bunsuccessful\b",
    r"\bregret to (?:inform|let you know|tell you|advise)",
    r"\b(?:sorry|afraid) to (?:tell|say|let you know|inform)|\bi'?m afraid\b|"
    r"\bnot the news you were hoping",
    r"\b(?:keep|retain) your (?:r[ée]sum[ée]|resume|cv|details|profile|portfolio|information|"
    r"application) (?:on file|in our)",
    r"\b(?:position|role|vacancy) has (?:now )?been filled|\bfilled the (?:position|role)\b",
    r"\bthank(?:s| you) (?:so much )?for (?:your interest in|applying|your application|"
    r"taking the time to (?:apply|interview))",
    r"\bmailbox is not monitored|\bnot (?:being )?monitored\b|\bdo not reply\b|"
    r"\bplease don'?t reply\b|\bcannot accept replies",
    r"\bwish you (?:the |all the |every )?(?:very )?(?:best|luck|success)|"
    r"\bbest of luck (?:with|in) (?:your|the)",
    r"\boffered the (?:position|role|job) to|\b(?:extend|make) an offer to another|"
    r"\b(?:gone|go|going) with (?:a|another|someone)|\bappoint an internal|\bchosen someone",
    r"\bunfortunately\b",
)]
_HEADER_LINE = re.compile(r"^[ \t>]*\*?(from|to|subject|date|sent|cc|reply-to)\*?:\*?[ \t]*\S",
                          re.I | re.M)
_GREETING = re.compile(
    r"^(?:dear|hi|hello|hey|good (?:morning|afternoon|evening)|greetings)\b[^\n]{0,40}[,!:]?$",
    re.I | re.M)
_YOU = re.compile(r"\byou(?:r|rs|'ve|'re|'ll|'d)?\b", re.I)
_WE = re.compile(r"\b(?:we|our|us|we've|we're|we'll|we'd)\b", re.I)
_ME = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|me|my)\b", re.I)
_DRAFT = re.compile(r"\bthank(?:s| you) for letting me know\b|\bi understand (?:that )?"
                    r"(?:you|the team)(?:'ve| have)? (?:decided|chosen|gone)", re.I)
_QUOTED = re.compile(rf"[\"“”]([^\"“”\n]{{1,{QUOTED_LIMIT}}})[\"“”]")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _rejection_score(text: str) -> int:
    return sum(bool(pattern.search(text)) for pattern in _REJECTION)


def looks_like_email(text: str) -> bool:
    """Whether `text` is a pasted rejection email rather than someone talking about one."""
    text = clean(text)
    told = _QUOTED.sub(" ", text)  # "after careful consideration", in quotes, is reported
    rejection = _rejection_score(told)
    if not rejection:
        return False
    if len(set(m.lower() for m in _HEADER_LINE.findall(text))) >= 2 or MARKER.search(text):
        return True
    if _DRAFT.search(told):
        return False  # their own reply, answering the news
    addressed = len(_YOU.findall(told)) >= 2
    letter = bool(_GREETING.search(told)) + bool(SIGN_OFF.search(told))
    if addressed and letter:
        return True
    opening = _SENTENCE.split(told.strip(), maxsplit=1)[0]
    return (rejection >= 2 and addressed and bool(_WE.search(told))
            and not _ME.search(opening))


# -- what happened ------------------------------------------------------------------------

_AUTOMATED = re.compile(
    r"\b(?:mailbox|inbox|address) (?:is|are) not monitored|\bnot (?:being )?monitored\b|"
    r"\bunmonitored\b|\bdo not (?:reply|respond)\b|\bplease don'?t reply\b|"
    r"\bcannot (?:accept|receive) replies|\bautomated (?:message|e-?mail|response|notification)"
    r"|\bautomatically (?:generated|sent)\b|\breplies to this (?:address|e-?mail) are not",
    re.I)
_NOT_REACHED = re.compile(
    r"\b(?:progress|proceed|move|moving|invit\w*|shortlist\w*|select\w*|take|taking|through|"
    r"advance)\s+(?:you\s+|your application\s+)?(?:forward\s+)?(?:to|for)\s+(?:an?\s+|the\s+)?"
    r"(?:next\s+)?(?:interview|assessment)(?:\s+(?:stage|round|process))?\b", re.I)
_FINAL = re.compile(r"\bfinal[- ](?:round|stage|interview|panel|presentation)s?\b|"
                    r"\bon-?site\b|\blast round\b|\bat the final\b|\bfinal interviews?\b", re.I)
_PHONE = re.compile(
    r"\bphone (?:screen|call|interview|chat)s?\b|\bon the phone\b|\bover the phone\b|"
    r"\b(?:screening|introductory|intro|initial|recruiter|first) (?:call|chat|conversation)\b|"
    r"\bspeak(?:ing)? with me\b|\bspoke with me\b|\bchat(?:ting)? with me\b|"
    r"\b(?:take-?home|coding) (?:assignment|exercise|test|challenge|task)s?\b|"
    r"\b(?:research|written|technical) (?:exercise|assignment|task)\b|"
    r"\b(?:online )?assessment\b|\btest task\b|"
    r"\b(?:hr|recruiter|telephone|initial|screening|introductory) (?:discussion|round)\b", re.I)
_INTERVIEW = re.compile(r"\binterview(?:s|ed|ing)?\b|\b(?:meeting|met) (?:with )?(?:our|the|"
                        r"\w+ and me)\b|\bcoming in\b|\bthe panel\b|"
                        r"\b(?:speak|speaking|spoke|talk|talking|talked|meet) (?:with|to) "
                        r"(?:us|our|the (?:team|panel|hiring))\b", re.I)
_APPLIED = re.compile(r"\bappl(?:y|ied|ying|ication)\b|\bportfolio\b|\bcv\b|\br[ée]sum[ée]\b",
                      re.I)

_PROMISE = [re.compile(p, re.I) for p in (
    r"\bkeep (?:your|you)\b[^.]{0,50}?\b(?:on file|in mind|in our (?:database|system|records|"
    r"talent pool))",
    r"\b(?:retain|retained|hold|store|stored|save)\b[^.]{0,40}?\b(?:database|on file|"
    r"talent pool|records)|\b(?:retain|hold|keep) your (?:r[ée]sum[ée]|resume|cv|details|"
    r"profile|application|information|data)\b",
    r"\b(?:contact|reach out to|get in touch with) you (?:about|regarding|with|for) (?:any )?"
    r"(?:future|other|new|similar|suitable)\b",
    r"\b(?:reach out|contact you|get in touch|be in touch|let you know)\b[^.]{0,30}?\b"
    r"(?:if|should|when|as soon as)\b[^.]{0,60}?\b(?:role|position|opening|opportunit\w*|"
    r"vacanc\w*)",
)]
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "six": 6, "nine": 9,
            "twelve": 12, "eighteen": 18, "twenty-four": 24}
_DURATION = re.compile(
    r"\b(?:for|next|up to|within|of)\s+(?:the\s+)?(?:next\s+)?(?P<n>\d{1,3}|a|an|one|two|three|"
    r"four|six|nine|twelve|eighteen|twenty-four)?\s*(?P<unit>day|week|month|year)s?\b", re.I)
_FEEDBACK = re.compile(
    r"\b(?:happy|glad|pleased|willing|able) to (?:share|give|offer|provide|pass on|send|"
    r"talk through|go through)\b[^.]{0,40}?\b(?:feedback|notes|thoughts|comments)\b|"
    r"\bfeedback (?:is|are) available\b|\bif you(?:'d| would) like (?:some |any )?feedback\b|"
    r"\bif you(?:'d| would) (?:like|want) to hear (?:some |any )?feedback\b|"
    r"\boffer (?:you )?(?:some )?feedback\b|"
    r"\b(?:can|could) (?:send|share|give|pass on|talk you through)\b[^.]{0,40}?\b(?:feedback|"
    r"notes|thoughts|comments)\b", re.I)
_NO_FEEDBACK = re.compile(r"\b(?:unable|not able|cannot|can't|won't be able|do not|don't|"
                          r"are not in a position)\b[^.]{0,30}?\bfeedback\b", re.I)


def _stage(body: str) -> str | None:
    text = _NOT_REACHED.sub(" ", body)
    if _FINAL.search(text):
        return "final"
    if _INTERVIEW.search(_PHONE.sub(" ", text)):
        return "interview"
    if _PHONE.search(text):
        return "screen"
    return "applied" if _APPLIED.search(body) else None


def _promise(body: str) -> tuple[str | None, Duration | None]:
    for sentence in _SENTENCE.split(" ".join(body.split())):
        if any(pattern.search(sentence) for pattern in _PROMISE):
            return sentence.strip(), _duration(sentence)
    return None, None


def _duration(sentence: str) -> Duration | None:
    match = _DURATION.search(sentence)
    if not match:
        return None
    amount = match.group("n")
    number = int(amount) if amount and amount.isdigit() else _NUMBERS.get(
        (amount or "a").lower(), 1)
    return Duration(number, match.group("unit").lower() + "s")


def _offers_feedback(body: str) -> bool:
    return any(_FEEDBACK.search(sentence) and not _NO_FEEDBACK.search(sentence)
               for sentence in _SENTENCE.split(" ".join(body.split())))


# -- reading --------------------------------------------------------------------------------


def read_email(text: str) -> EmailFacts:
    """The facts of the innermost rejection in a pasted email or thread."""
    message, writer = innermost(clean(text), lambda part: _rejection_score(part) > 0)
    headers, body = split_headers(message, writer)
    sender = headers.sender
    named = body_companies(body)
    display = org_display(sender)
    known = {c.lower() for c in [*named, display] if c}
    signed = signature(body, known)
    company = next((c for c in (*named, signed.team_org, display, signed.org,
                                domain_company(sender)) if c), None)
    companies = {c for c in (company, display, signed.org) if c}
    personal = personal_name(sender)
    name = signed.name
    if personal and (not name or personal.split()[0].lower() == name.split()[0].lower()):
        name = personal
    automated = bool(_AUTOMATED.search(body) or (sender and NO_REPLY.match(sender.username)))
    promise, duration = _promise(body)
    return EmailFacts(
        company=company,
        role=body_role(body) or subject_role(headers.subject, companies),
        sender_name=name,
        sender_title=signed.title,
        sender_email=sender.addr_spec if sender else None,
        stage=_stage(f"{headers.subject}\n{body}"),
        automated=automated,
        promise=promise,
        promise_duration=duration,
        offers_feedback=_offers_feedback(body),
    )

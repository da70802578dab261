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

Headers go through the standard library's parser (`email.parser.HeaderParser`
with `email.policy.default`); everything else is patterns over the text.
Nothing here touches the network, and nothing read is logged.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from email.headerregistry import Address
from email.parser import HeaderParser
from email.policy import default as default_policy

from bot.phrases import addressee

STAGES = ("applied", "screen", "interview", "final")
"""The facts step's stages (`bot.flows.facts.STAGES`), latest last."""
QUOTED_LIMIT = 200
"""Quoted spans shorter than this are someone's words being reported, not the email."""


@dataclass(frozen=True)
class Duration:
    """How long a promise is said to last: `amount` of `unit` (days, weeks, months, years)."""

    amount: int
    unit: str


@dataclass(frozen=True)
class EmailFacts:
    """What a pasted rejection email says; None where it doesn't say."""

    company: str | None = None
    role: str | None = None
    sender_name: str | None = None
    sender_title: str | None = None
    sender_email: str | None = None
    stage: str | None = None
    automated: bool = False
    promise: str | None = None
    promise_duration: Duration | None = None
    offers_feedback: bool = False

    def as_facts(self) -> dict[str, str]:
        """The facts step's fields this email answers (for `bot.flows.facts.prefill`).

        The sender becomes the person to reply to only when a person wrote it.
        """
        found = {"company": self.company, "role": self.role, "stage": self.stage,
                 "news": "automated" if self.automated else "email",
                 "interviewer": None if self.automated else self.sender_name}
        return {key: value for key, value in found.items() if value}


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


# -- cleaning -----------------------------------------------------------------------

_TAGS = re.compile(
    r"</?(?:p|br|div|span|b|i|u|strong|em|a|li|ul|ol|table|tr|td|th|tbody|thead|font|"
    r"h[1-6]|html|body|head|img|hr|blockquote|center|small|sup|sub)(?=[\s/>])[^>]*>", re.I)
_BREAKS = re.compile(r"<br\s*/?>", re.I)
_BLOCK_ENDS = re.compile(r"</(?:p|div|li|tr|h[1-6]|blockquote|table)\s*>", re.I)
_STYLE = re.compile(r"<(style|script)\b.*?</\1\s*>", re.I | re.S)
_ENTITY = re.compile(r"&(?:[a-z]{2,8}|#\d{2,5}|#x[0-9a-f]{2,4});", re.I)
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff]")


def clean(text: str) -> str:
    """Plain text from whatever was pasted: HTML tags and entities, odd spaces, CRLF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _TAGS.search(text) or _ENTITY.search(text):
        text = _STYLE.sub("", text)
        text = _BREAKS.sub("\n", text)
        text = _BLOCK_ENDS.sub("\n\n", text)
        text = html.unescape(_TAGS.sub("", text))
    text = _INVISIBLE.sub("", text.replace("\u00a0", " ").replace("\t", " "))
    lines = [line.rstrip() for line in text.split("\n")]
    return _unflatten(re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip())


_FLAT_GREETING = re.compile(r"^((?:dear|hi|hello|hey)\s[^,.!?]{1,40},)\s+", re.I)
_FLAT_SIGN_OFF = re.compile(
    r"\s+((?:best|kind regards|regards|best regards|warm regards|with best wishes|best wishes|"
    r"sincerely|yours sincerely|cheers|thanks|many thanks|all the best)[,!])\s+", re.I)


def _unflatten(text: str) -> str:
    """Line breaks back into an email pasted as one long line (a chat box ate them)."""
    if "\n" in text or len(text) < 150:
        return text
    text = _FLAT_GREETING.sub(r"\1\n\n", text)
    closing = list(_FLAT_SIGN_OFF.finditer(text))
    if closing:
        last = closing[-1]
        text = f"{text[:last.start()]}\n\n{last.group(1)}\n{text[last.end():]}"
    return text


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
_SIGN_OFF = re.compile(
    r"^(?:(?:best|kind|warm|warmest|many|with kind|with best|with warm)\s+(?:regards|wishes)|"
    r"regards|best|all the best|best of luck|sincerely|yours (?:sincerely|faithfully|truly)|"
    r"thanks(?: again)?|thank you|thanks (?:&|and) regards|cheers|warmly|speak soon|"
    r"take care|respectfully|with best wishes|with warm wishes)[ \t]*[,!.]?[ \t]*$",
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
    if len(set(m.lower() for m in _HEADER_LINE.findall(text))) >= 2 or _MARKER.search(text):
        return True
    if _DRAFT.search(told):
        return False  # their own reply, answering the news
    addressed = len(_YOU.findall(told)) >= 2
    letter = bool(_GREETING.search(told)) + bool(_SIGN_OFF.search(told))
    if addressed and letter:
        return True
    opening = _SENTENCE.split(told.strip(), maxsplit=1)[0]
    return (rejection >= 2 and addressed and bool(_WE.search(told))
            and not _ME.search(opening))


# -- threads ------------------------------------------------------------------------

_MARKER = re.compile(
    r"^[ \t>]*(?:-{2,}[ \t]*(?:Forwarded message|Original Message)[ \t]*-{2,}|"
    r"Begin forwarded message:|_{10,}|"
    r"On [^\n]{4,200}?(?:\n[ \t>]*)?[^\n]{0,100}?wrote:)[ \t]*$",
    re.I | re.M)
_WROTE = re.compile(r"On .*?,\s*(?P<who>[^,<>]*<[^<>@\s]+@[^<>\s]+>|[^\s<>]+@[^\s<>]+)\s*wrote:",
                    re.I | re.S)
_QUOTE_PREFIX = re.compile(r"^[ \t]*>[ \t]?")


def _unquote(text: str) -> str:
    """Remove the quote marks every line of `text` shares (Apple Mail and replies add '> ')."""
    while True:
        lines = text.split("\n")
        filled = [line for line in lines if line.strip()]
        if not filled or not all(_QUOTE_PREFIX.match(line) for line in filled):
            return text
        text = "\n".join(_QUOTE_PREFIX.sub("", line, count=1) for line in lines)


def _segments(text: str) -> list[tuple[str, str | None]]:
    """The messages of a thread, outermost first, each with who 'wrote:' it if a reply said."""
    found: list[tuple[str, str | None]] = []
    rest, writer = text, None
    while True:
        rest = _unquote(rest)
        marker = _MARKER.search(rest)
        found.append((rest[:marker.start()] if marker else rest, writer))
        if marker is None:
            return found
        said = _WROTE.search(re.sub(r"(?m)^[ \t>]+", "", marker.group(0)))
        writer = said.group("who") if said else None
        rest = rest[marker.end():].lstrip("\n")


def _innermost(text: str) -> tuple[str, str | None]:
    """The oldest message in the thread that reads as a rejection (else the whole text)."""
    for segment, writer in reversed(_segments(text)):
        if _rejection_score(segment):
            return segment.strip("\n"), writer
    return text, None


# -- headers --------------------------------------------------------------------------

_HEADER_NAMES = {"from", "to", "cc", "bcc", "subject", "date", "sent", "reply-to",
                 "return-path", "mime-version", "content-type", "content-transfer-encoding",
                 "message-id", "importance", "x-mailer"}
_HEADER = re.compile(r"^\*?(?P<name>[A-Za-z][A-Za-z-]{1,30})\*?:\*?[ \t]*(?P<value>.*)$")
_MAILTO = re.compile(r"\[mailto:([^\]\s]+)\]", re.I)


@dataclass(frozen=True)
class _Headers:
    sender: Address | None = None
    subject: str = ""


def _split_headers(text: str, writer: str | None) -> tuple[_Headers, str]:
    """The header block at the top of a message (if any), parsed, and the body after it."""
    lines = text.split("\n")
    at = 0
    while at < len(lines) and not lines[at].strip():
        at += 1
    block: list[str] = []
    while at < len(lines):
        line = lines[at]
        match = _HEADER.match(line.strip())
        if match and match.group("name").lower() in _HEADER_NAMES:
            value = _MAILTO.sub(r"<\1>", match.group("value"))
            block.append(f"{match.group('name')}: {value}")
        elif block and line[:1] in (" ", "\t") and line.strip():
            block[-1] += " " + line.strip()
        else:
            break
        at += 1
    if not any(h.split(":", 1)[0].lower() in ("from", "subject") for h in block):
        block, at = [], 0
    if writer and not any(h.lower().startswith("from:") for h in block):
        block.append(f"From: {writer}")
    return _parse_headers("\n".join(block)), "\n".join(lines[at:]).strip("\n")


def _parse_headers(block: str) -> _Headers:
    if not block:
        return _Headers()
    message = HeaderParser(policy=default_policy).parsestr(block + "\n\n")
    sender: Address | None = None
    try:
        found = message.get("From")
        addresses = getattr(found, "addresses", ()) if found is not None else ()
        sender = addresses[0] if addresses and addresses[0].addr_spec else None
    except (IndexError, ValueError, TypeError):
        sender = None
    subject = str(message.get("Subject") or "")
    return _Headers(sender, " ".join(subject.split()))


# -- the signature --------------------------------------------------------------------

_TEAM_WORD = (r"(?:talent acquisition|acquisition|talent|recruiting|recruitment|hiring|people|"
              r"hr|human resources|careers|jobs|team|staffing)")
_TEAM_END = re.compile(rf"(?:\s+{_TEAM_WORD})+$", re.I)
_TEAM_START = re.compile(rf"^(?:the\s+)?(?:{_TEAM_WORD}\s+)+(?:(?:at|@|from)\s+)?", re.I)
_TEAM_ONLY = re.compile(rf"^(?:the\s+)?{_TEAM_WORD}(?:\s+{_TEAM_WORD})*$", re.I)
_TEAM_IN = re.compile(rf"\b{_TEAM_WORD}\b|\bnotifications?\b", re.I)
_PARTS = re.compile(r"\s+[|•·–-]\s+")
_TITLE_WORDS = re.compile(
    r"\b(?:recruit\w*|talent|acquisition|manager|partner|hr|human resources|coordinator|lead|"
    r"director|head|specialist|consultant|officer|associate|executive|advis[eo]r|generalist|"
    r"sourcer|founder|ceo|cto|coo|engineer|president|vp|people|careers|principal|owner)\b", re.I)
_NAME = re.compile(r"^[A-Z][a-zA-Z'’.-]+(?: [A-Z][a-zA-Z'’.-]+){0,3}$")
_SPLIT_TITLE = re.compile(r"\s*(?:\||,|\s-\s|\s–\s|\sat\s|@)\s*")


@dataclass(frozen=True)
class _Signature:
    name: str | None = None
    title: str | None = None
    org: str | None = None
    team_org: str | None = None


def _signature_lines(body: str) -> list[str]:
    """The lines after the last sign-off, or a short closing block when there is none."""
    lines = body.split("\n")
    closing = [n for n, line in enumerate(lines) if _SIGN_OFF.match(line.strip())]
    if closing:
        after = lines[closing[-1] + 1:]
        while after and not after[0].strip():
            after.pop(0)
        block: list[str] = []
        for line in after:
            if not line.strip():
                break
            block.append(line.strip())
        return block[:4]
    paragraphs = [p for p in body.strip().split("\n\n") if p.strip()]
    last = [line.strip() for line in paragraphs[-1].split("\n")] if paragraphs else []
    if 0 < len(last) <= 3 and all(len(line) < 60 and not line.endswith((".", "!", "?"))
                                  for line in last):
        return last
    return []


def _is_team(line: str) -> str | None:
    """The organisation a team line names ("The Acme Talent Team", "Careers | Acme",
    "Talent at Acme" -> "Acme"); '' for a team with no name ("HR", "Team HR"); None if the
    line is not a team."""
    parts = [part for part in _PARTS.split(line.strip()) if part]
    teams = [part for part in parts if _TEAM_ONLY.match(part)]
    if teams:
        rest = [part for part in parts if part not in teams]
        return (_tidy_org(rest[0]) if rest else None) or ""
    text = re.sub(r"^the\s+", "", line.strip(), flags=re.I)
    for pattern in (_TEAM_END, _TEAM_START):
        if pattern.search(text):
            return _tidy_org(pattern.sub("", text)) or ""
    return None


def _signature(body: str, companies: set[str]) -> _Signature:
    lines = _signature_lines(body)
    if not lines:
        return _Signature()
    first, rest = lines[0], lines[1:]
    team = _is_team(first)
    if team is not None:
        org = team or (_tidy_org(rest[0]) if rest else None)
        return _Signature(org=org or None, team_org=team or None)
    if first.lower() in companies or not _NAME.match(_SPLIT_TITLE.split(first)[0]):
        return _Signature(org=_tidy_org(first) if first.lower() in companies else None)
    name, *inline = _SPLIT_TITLE.split(first, maxsplit=1)
    title_line = inline[0] if inline else (rest.pop(0) if rest and _TITLE_WORDS.search(rest[0])
                                           else None)
    org = _tidy_org(rest[0]) if rest else None
    title = title_line
    if title_line and org is None:
        parts = _SPLIT_TITLE.split(title_line, maxsplit=1)
        if len(parts) == 2 and _TITLE_WORDS.search(parts[0]) and not _TITLE_WORDS.search(
                parts[1]):
            title, org = parts[0], _tidy_org(parts[1])
    return _Signature(name=name, title=title, org=org)


# -- company and role ---------------------------------------------------------------------

_ORG = r"(?P<org>[A-Z0-9][\w'’.&-]*(?:\s+(?:&|and|of|de|la|the|[A-Z0-9][\w'’.&-]*)){0,5})"
_COMPANY_PATTERNS = [re.compile(p) for p in (
    rf"\b(?:[Mm]y|[Oo]ur) client,?\s+{_ORG}",
    rf"\b(?:position|role|opening|vacancy|post|job|programme|program)(?:\s+\([^)]*\))?"
    rf"\s+(?:at|with)\s+{_ORG}",
    rf"\b(?:position|role|post) of [^.,;]{{1,60}}? (?:at|with)\s+{_ORG}",
    rf"\b[Gg]reetings from\s+{_ORG}",
    rf"\b(?:apply|applying|application)\s+to\s+{_ORG}",
    rf"\b(?:interest in|opportunities (?:with|at)|interest in joining|working (?:at|with|for)|"
    rf"team at)\s+{_ORG}",
)]
_LEGAL = re.compile(r"[\s,]+(?:pvt\.?\s*ltd\.?|private limited|pty\.?\s*ltd\.?|ltd\.?|limited|"
                    r"inc\.?|llc|l\.l\.c\.|plc|gmbh|corp\.?|corporation|s\.a\.|b\.v\.)$", re.I)
_TRAILING = re.compile(r"(?:\s+(?:&|and|of|de|la|the|for|to|on|in|at))+$", re.I)
_GENERIC_ORG = {"us", "the", "our", "our team", "the team", "we", "you", "your", "this", "it"}

_ROLE = r"(?P<role>[A-Za-z0-9][\w&/+'’ -]{1,60}?)"
_ROLE_KEYWORDS = r"(?:position|role|opening|vacancy|post|job|programme|program|opportunity)"
_ROLE_PATTERNS = [re.compile(p, re.I) for p in (
    rf"\b(?:post|position|role) of\s+{_ROLE}(?=\s+\(|\s+(?:with|at|on|in|for|and)\b|[.,;]|$)",
    rf"\b(?:for|to|on|about|into|in)\s+(?:the|our|this|your|an?)\s+(?:recently\s+advertised\s+|"
    rf"advertised\s+|open\s+)?{_ROLE}(?:\s+\([^)]*\))?\s+{_ROLE_KEYWORDS}\b",
    rf"\b(?:the|our)\s+{_ROLE}(?:\s+\([^)]*\))?\s+{_ROLE_KEYWORDS}\b",
)]
_ROLE_CUT = re.compile(r".*\b(?:for|to|the|our|your|at|with|about|on)\s+", re.I)
_STOP_WORDS = {"the", "a", "an", "in", "of", "for", "our", "your", "to", "at", "with", "and"}
_NOT_ROLE = {"interest", "time", "application", "applying", "care", "consideration",
             "candidacy", "patience", "portfolio", "submission", "interview", "decision"}
_GENERIC_ROLE = {"above", "same", "this", "that", "current", "new", "open", "other", "a", "an",
                 "recent", "advertised", "following", "specific", "next"}
_SUBJECT_NOISE = re.compile(
    r"^(?:(?:re|fwd?|fw|aw)\s*:\s*)+|\b(?:req(?:uisition)?\.?\s*#?\s*[A-Z]*-?\d+|"
    r"job\s*id:?\s*\S+)\b|\((?:[A-Z]+[-/])?\d[\w/-]*\)", re.I)
_SUBJECT_STATUS = re.compile(r"\s*[-–|:]\s*(?:final interview|decision|next steps|update|"
                             r"application update|status|outcome)$", re.I)
_SUBJECT_ROLE = [re.compile(p, re.I) for p in (
    r"^(?:your\s+)?application(?:\s+to\s+[^:]+?)?(?:\s+for|\s*:)\s+(?P<role>.+)$",
    r"^(?:update|interview status|status)\s+(?:regarding|on|for|-|–|:)?\s*(?P<role>.+)$",
    r"^(?P<role>.+?)\s+(?:application|role|position|take-home)$",
    r"^(?P<org>.+?)\s+\|\s+(?P<role>.+)$",
    r"^(?P<role>.+?)\s+at\s+(?P<org>.+)$",
    r"^(?P<role>[^-–|:]+?)\s*[-–]\s*.+$",
)]
_NOT_SUBJECT_ROLE = re.compile(
    r"\b(?:interview|application|update|decision|following|your|thank|thanks|hello|hi|news|"
    r"regarding|about|message|outcome|result|feedback|next steps|status)\b", re.I)


def _tidy_org(text: str | None) -> str | None:
    if not text:
        return None
    text = _LEGAL.sub("", text.strip())
    text = re.split(r"[.,;:!?](?:\s|$)", text, maxsplit=1)[0]
    text = _LEGAL.sub("", _TRAILING.sub("", text.strip(" .,;:!?'\"’-"))).strip(" .,;:")
    if not text or text.lower() in _GENERIC_ORG or not (text[0].isupper() or text[0].isdigit()):
        return None
    return text


def _body_companies(body: str) -> list[str]:
    found: list[str] = []
    for pattern in _COMPANY_PATTERNS:
        for match in pattern.finditer(body):
            org = _tidy_org(match.group("org"))
            if org and not _TITLE_WORDS.fullmatch(org):
                found.append(org)
                break
    return found


def _tidy_role(text: str) -> str | None:
    text = re.sub(r"\s*\([^)]*\)\s*", " ", text)
    text = _ROLE_CUT.sub("", text).strip(" .,;:-–")
    words = text.lower().split()
    if (not words or len(words) > 8 or text.lower() in _GENERIC_ROLE
            or words[-1] in _STOP_WORDS or _NOT_ROLE.intersection(words)):
        return None
    return text


def _body_role(body: str) -> str | None:
    for pattern in _ROLE_PATTERNS:
        for match in pattern.finditer(body):
            role = _tidy_role(match.group("role"))
            if role:
                return role
    return None


def _subject_role(subject: str, companies: set[str]) -> str | None:
    """A role named in the subject line, once ids and "Re:" are taken out.

    A subject that is only the company or a status and something else
    ("Claims Handler at Verdant Insurance", "Saltmarsh Games | Community
    Manager", "Product Designer - next steps") gives that something else;
    any other subject must say it is naming a role.
    """
    text = subject.strip()
    for _ in range(3):
        text = _SUBJECT_NOISE.sub("", text).strip(" -–|:")
    rest = _SUBJECT_STATUS.sub("", text)
    for company in companies:
        rest = re.sub(rf"\b{re.escape(company)}\b", "", rest, flags=re.I).strip(" -–|:")
        rest = re.sub(r"\s+(?:at|with|for|to)$", "", rest, flags=re.I)
    found = [match.group("role") for pattern in _SUBJECT_ROLE
             if (match := pattern.match(rest))]
    if rest != text:
        found.append(rest)
    for candidate in found:
        role = _tidy_role(candidate)
        if role and re.search(r"[A-Z]", role) and not _NOT_SUBJECT_ROLE.search(role):
            return role
    return None


# -- the sender ---------------------------------------------------------------------------

_FREE_MAIL = {"gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com",
              "yahoo.com", "yahoo.co.uk", "icloud.com", "me.com", "aol.com", "proton.me",
              "protonmail.com", "gmx.com", "zoho.com", "rediffmail.com", "hey.com"}
_ATS = {"greenhouse.io", "greenhouse-mail.io", "lever.co", "myworkday.com", "myworkdayjobs.com",
        "workday.com", "icims.com", "taleo.net", "smartrecruiters.com", "ashbyhq.com",
        "bamboohr.com", "applytojob.com", "jazzhr.com", "workablemail.com", "workable.com",
        "recruitee.com", "teamtailor.com", "teamtailor-mail.com", "successfactors.com",
        "successfactors.eu", "breezy.hr", "jobvite.com", "personio.de", "personio.com",
        "pinpointhq.com", "hirehive.com", "oraclecloud.com", "freshteam.com", "zohorecruit.com"}
_SUFFIXES = {"co.uk", "org.uk", "ac.uk", "gov.uk", "com.au", "net.au", "org.au", "co.in",
             "co.nz", "com.sg", "co.za", "com.br", "co.jp"}
_GENERIC_LABELS = {"app", "apps", "hire", "jobs", "job", "mail", "email", "notifications",
                   "notification", "us", "eu", "uk", "boards", "careers", "career", "no-reply",
                   "noreply", "www", "bounce", "mg", "em", "send", "recruiting", "talent",
                   "hr", "donotreply", "do-not-reply", "system", "messages", "info"}
_NO_REPLY = re.compile(r"^(?:no-?reply|do-?not-?reply|donotreply|notifications?|mailer|"
                       r"automated|auto-?(?:reply|mail)|system)\b", re.I)
_AUTOMATED = re.compile(
    r"\b(?:mailbox|inbox|address) (?:is|are) not monitored|\bnot (?:being )?monitored\b|"
    r"\bunmonitored\b|\bdo not (?:reply|respond)\b|\bplease don'?t reply\b|"
    r"\bcannot (?:accept|receive) replies|\bautomated (?:message|e-?mail|response|notification)"
    r"|\bautomatically (?:generated|sent)\b|\breplies to this (?:address|e-?mail) are not",
    re.I)


def _domain_company(address: Address | None) -> str | None:
    """The company an address names: its domain, or for hiring systems the part naming it."""
    if address is None or not address.domain:
        return None
    domain = address.domain.lower().strip(".")
    if domain in _FREE_MAIL:
        return None
    labels = domain.split(".")
    size = 3 if ".".join(labels[-2:]) in _SUFFIXES else 2
    registered, below = ".".join(labels[-size:]), labels[:-size]
    if registered in _ATS:
        local = address.username.lower()
        candidates = [label for label in below if label not in _GENERIC_LABELS
                      and not re.fullmatch(r"wd\d+|[a-z]{2}\d?", label)]
        if candidates:
            return _title(candidates[-1])
        if local not in _GENERIC_LABELS and not _NO_REPLY.match(local):
            return _title(local)
        return None
    name = labels[-size]
    return None if name in _GENERIC_LABELS else _title(name)


def _title(label: str) -> str:
    return " ".join(part.capitalize() for part in re.split(r"[-_.]+", label) if part)


def _personal_name(address: Address | None) -> str | None:
    """The display name, when it is a person's (its words echo the address, no team words)."""
    if address is None or not address.display_name:
        return None
    name = " ".join(address.display_name.replace('"', "").split())
    words = [w.lower() for w in re.findall(r"[A-Za-z'’]+", name)]
    if not _NAME.match(name) or _TEAM_IN.search(name):
        return None
    local = re.sub(r"[^a-z]", "", address.username.lower())
    return name if any(len(w) >= 3 and w in local for w in words) else None


def _org_display(address: Address | None) -> str | None:
    """The organisation a display name like "Acme Careers" or "Talent at Acme" names."""
    if address is None or not address.display_name or _personal_name(address):
        return None
    name = " ".join(address.display_name.replace('"', "").split())
    team = _is_team(name)
    return team if team is not None else _tidy_org(name)


# -- what happened ------------------------------------------------------------------------

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
                        r"\w+ and me)\b|\bcoming in\b|\bthe panel\b", re.I)
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
    message, writer = _innermost(clean(text))
    headers, body = _split_headers(message, writer)
    sender = headers.sender
    named = _body_companies(body)
    display = _org_display(sender)
    known = {c.lower() for c in [*named, display] if c}
    signature = _signature(body, known)
    company = next((c for c in (*named, signature.team_org, display, signature.org,
                                _domain_company(sender)) if c), None)
    companies = {c for c in (company, display, signature.org) if c}
    personal = _personal_name(sender)
    name = signature.name
    if personal and (not name or personal.split()[0].lower() == name.split()[0].lower()):
        name = personal
    automated = bool(_AUTOMATED.search(body) or (sender and _NO_REPLY.match(sender.username)))
    promise, duration = _promise(body)
    return EmailFacts(
        company=company,
        role=_body_role(body) or _subject_role(headers.subject, companies),
        sender_name=name,
        sender_title=signature.title,
        sender_email=sender.addr_spec if sender else None,
        stage=_stage(f"{headers.subject}\n{body}"),
        automated=automated,
        promise=promise,
        promise_duration=duration,
        offers_feedback=_offers_feedback(body),
    )

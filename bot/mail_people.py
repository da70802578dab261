"""Who sent a pasted email and for which job: signatures, sender addresses, company, role.

The company is read from the most telling place that names it: "my client,
X" from an agency, "the role at X" in the text, a team's sign-off ("The X
Talent Team"), the sender's display name ("X Careers"), a company line in
the signature, and last the sender's domain, where hiring systems
(Greenhouse, Workday, Lever…) name the company in a subdomain or the
address rather than in the domain itself.
"""

from __future__ import annotations

import re
from email.headerregistry import Address
from typing import NamedTuple

from bot.mail_thread import SIGN_OFF

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


class Signature(NamedTuple):
    """Who signed and for which organisation; `team_org` when a team's sign-off named it."""

    name: str | None = None
    title: str | None = None
    org: str | None = None
    team_org: str | None = None


def _signature_lines(body: str) -> list[str]:
    """The lines after the last sign-off, or a short closing block when there is none."""
    lines = body.split("\n")
    closing = [n for n, line in enumerate(lines) if SIGN_OFF.match(line.strip())]
    return _after_sign_off(lines[closing[-1] + 1:]) if closing else _closing_block(body)


def _after_sign_off(after: list[str]) -> list[str]:
    """The first block of lines under a sign-off (its blank lines skipped): who signed."""
    stripped = [line.strip() for line in after]
    while stripped and not stripped[0]:
        stripped.pop(0)
    block = stripped[:stripped.index("")] if "" in stripped else stripped
    return block[:4]


def _closing_block(body: str) -> list[str]:
    """A last paragraph of up to three short unpunctuated lines reads as a signature."""
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


def signature(body: str, companies: set[str]) -> Signature:
    lines = _signature_lines(body)
    if not lines:
        return Signature()
    first, rest = lines[0], lines[1:]
    team = _is_team(first)
    if team is not None:
        org = team or (_tidy_org(rest[0]) if rest else None)
        return Signature(org=org or None, team_org=team or None)
    if first.lower() in companies or not _NAME.match(_SPLIT_TITLE.split(first)[0]):
        return Signature(org=_tidy_org(first) if first.lower() in companies else None)
    return _person(first, rest)


def _person(first: str, rest: list[str]) -> Signature:
    """A signature that starts with a name: the title inline or on the next line, then the
    company, which may share the title's line ("Recruiter, Acme")."""
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
    return Signature(name=name, title=title, org=org)


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


def body_companies(body: str) -> list[str]:
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


def body_role(body: str) -> str | None:
    for pattern in _ROLE_PATTERNS:
        for match in pattern.finditer(body):
            role = _tidy_role(match.group("role"))
            if role:
                return role
    return None


def subject_role(subject: str, companies: set[str]) -> str | None:
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
NO_REPLY = re.compile(r"^(?:no-?reply|do-?not-?reply|donotreply|notifications?|mailer|"
                       r"automated|auto-?(?:reply|mail)|system)\b", re.I)


def domain_company(address: Address | None) -> str | None:
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
        if local not in _GENERIC_LABELS and not NO_REPLY.match(local):
            return _title(local)
        return None
    name = labels[-size]
    return None if name in _GENERIC_LABELS else _title(name)


def _title(label: str) -> str:
    return " ".join(part.capitalize() for part in re.split(r"[-_.]+", label) if part)


def personal_name(address: Address | None) -> str | None:
    """The display name, when it is a person's (its words echo the address, no team words)."""
    if address is None or not address.display_name:
        return None
    name = " ".join(address.display_name.replace('"', "").split())
    words = [w.lower() for w in re.findall(r"[A-Za-z'’]+", name)]
    if not _NAME.match(name) or _TEAM_IN.search(name):
        return None
    local = re.sub(r"[^a-z]", "", address.username.lower())
    return name if any(len(w) >= 3 and w in local for w in words) else None


def org_display(address: Address | None) -> str | None:
    """The organisation a display name like "Acme Careers" or "Talent at Acme" names."""
    if address is None or not address.display_name or personal_name(address):
        return None
    name = " ".join(address.display_name.replace('"', "").split())
    team = _is_team(name)
    return team if team is not None else _tidy_org(name)



"""An "Open in my email app" link: the draft as a `mailto:` URL (RFC 6068).

Every character outside the URI's unreserved set is percent-encoded as
UTF-8, so spaces become %20, line breaks %0D%0A (the RFC asks for CRLF),
and `&`, `?`, `#`, `%` and `+` can never end a field early or turn into
a space. Mail apps and browsers cut long links off somewhere past 2,000
characters, so a link that would be longer carries the subject only and
says so (`MailtoLink.whole`), for the reply to ask them to paste the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from markdown_it import MarkdownIt

MAX_LENGTH = 2000
_PARSER = MarkdownIt("commonmark", {"html": False})
_NEWLINES = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class MailtoLink:
    """The URL, and whether it holds the whole draft (False: the subject only)."""

    url: str
    whole: bool


def mailto(subject: str, body: str, to: str | None = None,
           limit: int = MAX_LENGTH) -> MailtoLink:
    """A `mailto:` link for the draft; the subject alone when the body would pass `limit`."""
    recipient = quote(to.strip(), safe="@") if to and to.strip() else ""
    head = f"mailto:{recipient}?subject={_field(subject)}"
    whole = f"{head}&body={_field(body)}"
    if len(whole) <= limit:
        return MailtoLink(whole, True)
    return MailtoLink(head, False)


def _field(value: str) -> str:
    return quote(_NEWLINES.sub("\r\n", value), safe="")


def email_parts(markdown: str) -> tuple[str, str]:
    """A drafted email (neutral markdown) as plain subject and body for `mailto`.

    The draft's first paragraph is its subject line: its bold lead-in is the
    label, the rest the subject. Escapes are undone and styling dropped, so
    what the person typed arrives as they typed it; paragraphs are kept
    apart by a blank line, hard breaks by a line break.
    """
    paragraphs: list[str] = []
    subject = ""
    for n, token in enumerate(t for t in _PARSER.parse(markdown) if t.type == "inline"):
        if n == 0:
            subject = _words(token.children or [], skip_bold_lead=True).strip()
        else:
            paragraphs.append(_words(token.children or []))
    return subject, "\n\n".join(paragraphs)


def _words(children: list, *, skip_bold_lead: bool = False) -> str:
    out: list[str] = []
    bold = False
    lead = skip_bold_lead
    for child in children:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
            lead = False
        elif child.type in ("text", "code_inline"):
            if not (lead and bold):
                out.append(child.content)
            if not bold and child.content.strip():
                lead = False
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
    return "".join(out)

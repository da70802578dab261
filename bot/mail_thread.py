"""A pasted email thread taken apart: plain text, its messages, each one's headers.

What people paste is rarely one clean message. It may be HTML copied from a
web mail, a single line a chat box flattened, or a thread: forwarded
("---------- Forwarded message ---------", "Begin forwarded message:",
"-----Original Message-----") or replied to, with "> " before older lines.
`innermost` finds the oldest message the caller is after; `split_headers`
parses the header block at its top with the standard library's
`email.parser.HeaderParser` and `email.policy.default`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from email.headerregistry import Address
from email.parser import HeaderParser
from email.policy import default as default_policy

SIGN_OFF = re.compile(
    r"^(?:(?:best|kind|warm|warmest|many|with kind|with best|with warm)\s+(?:regards|wishes)|"
    r"regards|best|all the best|best of luck|sincerely|yours (?:sincerely|faithfully|truly)|"
    r"thanks(?: again)?|thank you|thanks (?:&|and) regards|cheers|warmly|speak soon|"
    r"take care|respectfully|with best wishes|with warm wishes)[ \t]*[,!.]?[ \t]*$",
    re.I | re.M)
"""A sign-off alone on its line ("Kind regards,", "Cheers"): where a letter's signature starts."""


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


# -- threads ------------------------------------------------------------------------

MARKER = re.compile(
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
        marker = MARKER.search(rest)
        found.append((rest[:marker.start()] if marker else rest, writer))
        if marker is None:
            return found
        said = _WROTE.search(re.sub(r"(?m)^[ \t>]+", "", marker.group(0)))
        writer = said.group("who") if said else None
        rest = rest[marker.end():].lstrip("\n")


def innermost(text: str, wanted: Callable[[str], bool]) -> tuple[str, str | None]:
    """The oldest message in the thread that is `wanted` (else the whole text), and who
    wrote it when a reply's "On …, Jo <jo@…> wrote:" line said."""
    for segment, writer in reversed(_segments(text)):
        if wanted(segment):
            return segment.strip("\n"), writer
    return text, None


# -- headers --------------------------------------------------------------------------

_HEADER_NAMES = {"from", "to", "cc", "bcc", "subject", "date", "sent", "reply-to",
                 "return-path", "mime-version", "content-type", "content-transfer-encoding",
                 "message-id", "importance", "x-mailer"}
_HEADER = re.compile(r"^\*?(?P<name>[A-Za-z][A-Za-z-]{1,30})\*?:\*?[ \t]*(?P<value>.*)$")
_MAILTO = re.compile(r"\[mailto:([^\]\s]+)\]", re.I)


@dataclass(frozen=True)
class Headers:
    sender: Address | None = None
    subject: str = ""


def split_headers(text: str, writer: str | None) -> tuple[Headers, str]:
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


def _parse_headers(block: str) -> Headers:
    if not block:
        return Headers()
    message = HeaderParser(policy=default_policy).parsestr(block + "\n\n")
    sender: Address | None = None
    try:
        found = message.get("From")
        addresses = getattr(found, "addresses", ()) if found is not None else ()
        sender = addresses[0] if addresses and addresses[0].addr_spec else None
    except (IndexError, ValueError, TypeError):
        sender = None
    subject = str(message.get("Subject") or "")
    return Headers(sender, " ".join(subject.split()))



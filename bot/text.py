"""Cleaning what people type before anything reads it.

Inbound text may hold control characters, lone surrogates (invalid UTF-16
halves some clients send) or a pasted novel. It is made safe to store and
match on, never interpreted.
"""

from __future__ import annotations

import re

MAX_TEXT = 4000
MAX_PASTE = 40000
"""How much of a message is read (never kept) for a pasted email thread and the crisis screen."""
MAX_ROW_ID = 2**63 - 1
"""SQLite's largest integer: a bigger number in a button id can name no row."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean(text: object, limit: int = MAX_TEXT) -> tuple[str, bool]:
    """The text to use, and whether it was cut to `limit` characters.

    Anything but a string (a payload field of the wrong type that slipped past
    an adapter) counts as nothing typed rather than a failed turn.
    """
    if not text or not isinstance(text, str):
        return "", False
    text = _SURROGATE.sub("\ufffd", text)
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if len(text) > limit:
        return text[:limit].rstrip(), True
    return text, False


def row_id(text: str) -> int | None:
    """The row number a button id names (``plan:done:12``), or None if it can't name one.

    Ids come back from platforms and can be forged: only plain ASCII digits in
    SQLite's integer range count, so a huge number is "not found", not a crash.
    """
    if not (text.isascii() and text.isdecimal()) or len(text) > len(str(MAX_ROW_ID)):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ROW_ID else None


def normal(text: str) -> str:
    """Lower-case words only, for matching commands and button labels typed as text."""
    text = text.lower().replace("\u2019", "'")
    return " ".join(re.sub(r"[^\w'\s]", " ", text).split())


YES = frozenset({"yes", "y", "yeah", "yep", "yup", "sure", "ok", "okay", "please", "yes please"})
NO = frozenset({"no", "n", "nope", "nah", "no thanks", "not really"})
SKIP = frozenset({"skip", "pass", "skip it", "none", "n a", "na", "nothing", "no idea",
                  "don't know", "dont know", "idk", "not sure", "rather not say"})


def shorten(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, cut between words with an ellipsis.

    A title cut mid-word ("Prepare an answer to: Walk me through a fai") reads
    as a glitch; a word boundary and "…" reads as a deliberate abbreviation.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—") + "…"

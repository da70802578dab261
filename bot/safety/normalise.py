"""Text as the screen reads it: one spelling for the many ways people type a word."""

from __future__ import annotations

import re

_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u00b4": "'"})


def normalise(text: str) -> str:
    """Lower case, straight quotes, no invisible characters, single spaces."""
    text = _INVISIBLE.sub("", text).translate(_QUOTES).lower()
    return re.sub(r"\s+", " ", text)

"""Fitting people's words into titles and emails: cut between words, phrases only."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.phrases import addressee, phrase
from bot.text import shorten

WORDS = st.lists(st.text("abcdefghijklmnopqrstuvwxyzé-", min_size=1, max_size=14),
                 min_size=1, max_size=30)


@given(WORDS, st.integers(min_value=16, max_value=120))
def test_shortened_titles_end_on_a_whole_word(words, limit):
    text = " ".join(words)
    short = shorten(text, limit)
    assert len(short) <= limit
    if short == text:
        return
    assert short.endswith("…")
    kept = short[:-1]
    if " " in text[:limit]:
        # It ends where a word ended; only dangling punctuation ("draft -") may be dropped.
        rest = (text + " ")[len(kept):]
        assert text.startswith(kept) and rest[0] in " ,;:-–—"
        assert rest.lstrip(",;:-–—")[:1] in (" ", "")


def test_phrases_and_names():
    assert phrase("the whiteboard session") == "the whiteboard session"
    assert phrase("Meeting the data team.") == "meeting the data team"
    for not_a_phrase in ("Frau Becker explain me the project", "It was a great day",
                         "we talked for an hour about everything they are building next year",
                         "idk", "nothing really", "the demo. and lunch"):
        assert phrase(not_a_phrase) is None, not_a_phrase
    assert addressee("Dana Whitfield").first == "Dana"
    assert addressee("Dr. Priya Patel").first == "Dr. Patel"
    assert addressee("Dana and Sam").first == "Dana and Sam"
    assert addressee("not sure, the recruiter") is None

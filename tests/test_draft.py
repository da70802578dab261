"""Reply drafts: complete, gracious, the feedback ask only where it fits; reviews of their own."""

from __future__ import annotations

import pytest

from bot.flows.facts import FIELDS
from bot.review import review
from tests.conftest import Chat


def draft_with(chat: Chat, **values: str) -> str:
    """Fill the facts form in one submission, as a modal does (every field, some empty)."""
    chat.say("hi")
    chat.say("I didn't get the job")
    chat.pick("Draft a reply")
    chat.event(values={field.id: values.get(field.id, "") for field in FIELDS})
    return chat.text


def test_live_interview_with_the_hiring_manager_asks_for_advice(chat: Chat):
    text = draft_with(chat, company="Acme", role="Analyst", stage="final", met_manager="yes",
                      interviewer="Priya", enjoyed="the case study")
    assert "Subject: Thank you – Analyst at Acme" in text
    assert "Dear Priya" in text and "the case study" in text
    assert "keep me in mind" in text.lower() or "kept me in mind" in text.lower()
    assert "LinkedIn" in text and "all the best" in text.lower()
    assert "advice on how I could strengthen" in text
    assert "why didn't you" not in text.lower()
    assert "Many companies don't give feedback" in text


@pytest.mark.parametrize("values", [
    {"stage": "applied"},
    {"stage": "interview", "met_manager": "no"},
    {"stage": "final", "news": "automated"},
    {},
])
def test_no_feedback_ask_without_a_live_interview_with_the_manager(chat: Chat, values):
    text = draft_with(chat, **values)
    assert "advice on how I could" not in text
    assert "I left out a request for feedback" in text


def test_every_fact_skipped_still_gives_a_complete_email(chat: Chat):
    chat.say("hi")
    chat.say("no again")
    chat.pick("Draft a reply")
    chat.pick("Skip the rest")
    assert "Subject: Thank you" in chat.text
    assert "Dear Hiring Team" in chat.text and "[Your name]" in chat.text


def test_tones_change_the_email(chat: Chat):
    draft_with(chat, company="Acme")
    chat.pick("shorter")
    assert "Hi there" in chat.text
    chat.pick("formal")
    assert "Yours sincerely" in chat.text
    chat.pick("warmer")
    assert "Warm regards" in chat.text


def test_change_a_detail_regenerates(chat: Chat):
    draft_with(chat, company="Acme", stage="interview")
    chat.pick("Change a detail")
    chat.pick("Company")
    chat.say("Globex")
    assert "Updated" in chat.text and "Globex" in chat.text and "Acme" not in chat.text
    chat.pick("Change a detail")
    chat.pick("Met the hiring manager")
    chat.pick("Yes")
    assert "advice on how I could strengthen" in chat.text


def test_reviewing_their_own_draft(chat: Chat):
    draft_with(chat)
    chat.pick("Check my own draft")
    chat.say("Why didn't you hire me? I was clearly the best candidate. Your loss.")
    for phrase in ("grudge", "argues with the decision", "puts them on the spot",
                   "no thank-you"):
        assert phrase in chat.text
    chat.pick("Check another version")
    chat.say("Thank you for your time and for letting me know. I enjoyed meeting the team and "
             "would love to be considered for future roles. All the best.")
    assert "This reads well" in chat.text


@pytest.mark.parametrize(("draft", "kind"), [
    ("Thanks for nothing.", "sarcasm"),
    ("Thank you. I demand an explanation.", "demand"),
    ("Thank you. You should reconsider.", "arguing"),
    ("Thank you. That was a waste of my time.", "grudge"),
    ("Thank you. Why wasn't I chosen?", "why_not_me"),
    ("Hello, noted.", "no_thanks"),
    ("Thank you. " + "word " * 200, "too_long"),
])
def test_review_names_each_habit(draft, kind):
    assert kind in [f.kind for f in review(draft)]


def test_pasting_a_draft_at_the_draft_step_reviews_it(chat: Chat):
    draft_with(chat)
    chat.say("Thank you for the update. I would appreciate it if you kept me in mind for the "
             "next opening, and I wish you the best with your new hire.")
    assert "This reads well" in chat.text

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
    assert "Dear Priya," in text and "I especially enjoyed the case study." in text
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
    assert "left out a request for feedback" in text


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


def test_ghosted_gets_a_follow_up_not_a_thank_you(chat: Chat):
    text = draft_with(chat, company="Acme", role="Analyst", stage="interview", news="silence",
                      interviewer="Dana")
    assert "Subject: Checking in – Analyst at Acme" in text
    assert "where things stand" in text and "future openings" in text
    for wrong in ("thank you for letting me know", "new hire", "advice on how"):
        assert wrong not in text.lower()
    for tone in ("shorter", "formal"):
        chat.pick(tone)
        assert "Following up" in chat.text
        assert "letting me know" not in chat.text.lower() and "new hire" not in chat.text.lower()


def test_after_a_second_silence_it_says_let_it_go_kindly(chat: Chat):
    draft_with(chat, company="Acme", stage="final", news="silence")
    chat.pick("I already followed up once")
    assert "let this one go" in chat.text and "Subject" not in chat.text
    assert "says more about how they run their hiring than about you" in chat.text
    chat.pick("one last note")
    assert "Subject: Checking in" in chat.text and "one last, short note" in chat.text
    assert "I already followed up once" not in chat.labels


def test_saying_they_already_followed_up_is_understood(chat: Chat):
    draft_with(chat, company="Acme", stage="interview", news="silence")
    chat.say("I already followed up last week")
    assert "let this one go" in chat.text


@pytest.mark.parametrize("values", [
    {"company": "Acme", "stage": "applied", "news": "email"},
    {"company": "Acme", "stage": "applied", "news": "automated"},
    {"company": "Acme", "news": "automated"},
])
def test_automated_or_application_only_gets_a_brief_note_and_the_no_reply_tip(chat: Chat,
                                                                               values):
    text = draft_with(chat, **values)
    email = text.split("Subject:", 1)[1].split("[Your name]", 1)[0]
    assert "considering my application" in email
    for wrong in ("time you and the team gave me", "interview", "LinkedIn", "advice",
                  "feedback", "new hire"):
        assert wrong not in email
    assert "no-reply address" in text and "optional" in text
    assert ("application-only" in text) == (values.get("stage") == "applied")  # fits the facts
    assert "recruiter" in text and "LinkedIn" in text.split("[Your name]", 1)[1]
    for tone in ("shorter", "formal"):
        chat.pick(tone)
        email = chat.text.split("Subject:", 1)[1].split("[Your name]", 1)[0]
        assert "LinkedIn" not in email and "interview" not in email


def test_automated_after_meeting_people_may_offer_linkedin_and_notes_fit_the_facts(chat: Chat):
    text = draft_with(chat, company="Acme", stage="final", met_manager="yes", news="automated",
                      interviewer="Dana")
    assert "stay in touch on LinkedIn" in text
    assert "advice on how" not in text
    assert "application-only" not in text  # they had a final round


@pytest.mark.parametrize(("tone", "greeting"), [
    (None, "Dear Dana,"), ("shorter", "Hi Dana,"), ("formal", "Dear Dana Whitfield,"),
])
def test_the_greeting_uses_the_name_and_the_body_speaks_to_them(chat: Chat, tone, greeting):
    draft_with(chat, company="Acme", stage="final", met_manager="yes",
               interviewer="Dana Whitfield", enjoyed="Dana's walkthrough of the roadmap")
    if tone:
        chat.pick(tone)
    email = chat.text.split("Subject:", 1)[1].split("[Your name]", 1)[0]
    assert greeting in email
    assert email.count("Dana") == 1  # in the greeting only; the body says "you"
    assert "your walkthrough of the roadmap" in email


def test_a_title_and_surname_is_kept_as_given(chat: Chat):
    draft_with(chat, company="Acme", stage="interview", interviewer="Frau Becker")
    assert "Dear Frau Becker," in chat.text
    chat.pick("shorter")
    assert "Hi Frau Becker," in chat.text


def test_something_that_is_not_a_name_gets_a_general_greeting(chat: Chat):
    draft_with(chat, company="Acme", stage="interview", interviewer="the CTO, forgot her name")
    assert "Dear Hiring Team," in chat.text and "couldn't tell a name" in chat.text


def test_long_free_text_becomes_a_bracket_to_edit_not_a_broken_sentence(chat: Chat):
    said = "Frau Becker explain me the project and the team was very nice to me"
    text = draft_with(chat, company="Acme", stage="interview", enjoyed=said)
    email = text.split("Subject:", 1)[1].split("[Your name]", 1)[0]
    assert "enjoyed Frau Becker" not in email and said not in email
    assert "[what you enjoyed, in a few words]" in email
    assert f'you told me you enjoyed "{said}"' in text


def test_a_short_phrase_is_used_in_their_words(chat: Chat):
    text = draft_with(chat, company="Acme", stage="interview", enjoyed="I loved the design sprint")
    assert "I especially enjoyed the design sprint." in text and "[what you" not in text


@pytest.mark.parametrize(("draft", "kind"), [
    ("Thank you. I think you made a mistake.", "accusation"),
    ("Thank you. You never even read my portfolio.", "accusation"),
    ("Thank you. You lied about the salary range.", "accusation"),
    ("Thanks for wasting my time.", "grudge"),
    ("Thank you. You discriminated against me.", "discrimination"),
    ("Thank you. Per my last email, I had asked for a timeline.", "passive"),
    ("Thank you. As I'm sure you know, I have ten years of experience.", "passive"),
    ("Thanks, I guess.", "passive"),
    ("Thanks. Must be nice to have so many candidates.", "passive"),
    ("No worries, I'm used to it. Thanks.", "passive"),
])
def test_review_names_the_new_habits(draft, kind):
    assert kind in [f.kind for f in review(draft)]


def test_review_never_says_ready_while_something_is_flagged(chat: Chat):
    draft_with(chat)
    chat.pick("Check my own draft")
    chat.say("Thank you for letting me know. I think you made a mistake, but all the best "
             "with the new hire and please keep me in mind for future roles.")
    assert "reads as an accusation" in chat.text
    assert "send it as it is" not in chat.text
    assert "already works: it thanks them" in chat.text  # what's good is said too
    chat.pick("Check another version")
    chat.say("Thank you for letting me know. I enjoyed meeting the team and would love to be "
             "considered for future roles. All the best with the new hire.")
    assert "send it as it is" in chat.text and "keeps the door open" in chat.text


def test_a_discrimination_concern_is_taken_seriously_not_just_toned_down(chat: Chat):
    draft_with(chat)
    chat.pick("Check my own draft")
    chat.say("Thank you for your time. I believe you rejected me because I'm pregnant.")
    assert "that's serious" in chat.text and "write down dates" in chat.text.lower()
    assert "can't give legal advice" in chat.text


@pytest.mark.parametrize("text", ["3", "ok", "thanks", "can you write it for me instead?"])
def test_text_that_is_not_a_draft_is_not_reviewed(chat: Chat, text):
    draft_with(chat)
    chat.pick("Check my own draft")
    chat.say(text)
    assert "doesn't look like an email yet" in chat.text
    assert "reads well" not in chat.text and "send it as it is" not in chat.text
    chat.say("Thank you for the update. I would appreciate it if you kept me in mind for the "
             "next opening, and I wish you the best with your new hire.")
    assert "This reads well" in chat.text


def test_unclear_input_at_the_draft_gets_a_hint_not_the_email_again(chat: Chat):
    draft_with(chat, company="Acme")
    chat.say("hmm what")
    assert "Subject" not in chat.text and "didn't catch that" in chat.text

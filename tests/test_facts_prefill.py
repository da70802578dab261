"""Facts already said while venting are prefilled, shown and confirmed, not asked again."""

from __future__ import annotations

from bot.listening.details import read


def test_what_they_said_becomes_the_facts_they_confirm(chat):
    chat.say("hi")
    chat.say("Dana interviewed me for the frontend engineer position at Stripe, "
             "and I heard back by email today that it's a no")
    chat.pick("Draft a reply")
    assert "- Company: Stripe" in chat.text
    assert "- Role: frontend engineer" in chat.text
    assert "- Interviewer's name: Dana" in chat.text
    assert "- How the news came: An email" in chat.text
    assert "- How far it went: Interview" in chat.text
    assert "That's right" in chat.labels and "Change something" in chat.labels
    chat.pick("That's right")
    assert "Which company" not in chat.text and "What was the role" not in chat.text
    assert "How far did it get" not in chat.text
    assert "Did you meet the hiring manager" in chat.text


def test_the_form_is_prefilled_too(chat, engine):
    chat.say("hi")
    chat.say("Never heard back from Umbrella after the final round with the CTO")
    chat.pick("Make a plan")
    form = next(r.form for r in chat.last if r.form)
    values = {f.id: f.value for f in form.fields}
    assert values["company"] == "Umbrella"
    assert values["stage"] == "final"
    assert values["news"] == "silence"
    assert values["met_manager"] == "yes"


def test_change_something_goes_through_them_with_what_was_understood(chat):
    chat.say("hi")
    chat.say("I got rejected from Acme for the data analyst role after the phone screen.")
    chat.pick("Reflect on what happened")
    assert "- How far it went: Phone screen" in chat.text
    chat.pick("Change something")
    assert "Which company" in chat.text and "So far I have: Acme" in chat.text
    chat.pick("Keep it")
    assert "What was the role" in chat.text and "data analyst" in chat.text
    chat.say("Senior Data Analyst")
    assert "How far did it get" in chat.text
    chat.pick("Skip the rest")
    chat.say("back")  # nothing breaks; the facts stay as chosen
    conversation = chat.engine._store.load("console|local|amy")
    assert conversation.data["facts"]["role"] == "Senior Data Analyst"
    assert conversation.data["facts"]["company"] == "Acme"


def test_ghosting_is_understood_as_silence():
    assert read("They went silent after my second interview").facts()["news"] == "silence"
    assert read("got ghosted by them").facts()["news"] == "silence"
    assert read("I never heard back").facts()["news"] == "silence"


def test_a_live_interview_with_a_manager_counts_as_meeting_them():
    facts = read("The final interview with the hiring manager went well, then a form email").facts()
    assert facts == {"stage": "final", "met_manager": "yes", "news": "automated"}
    assert "met_manager" not in read("The recruiter called me").facts()


def test_nothing_is_prefilled_once_the_facts_are_done(chat):
    chat.say("hi")
    chat.say("rejected again, sigh")
    chat.pick("Reflect on what happened")
    chat.pick("Skip the rest")
    chat.say("That's all for now")
    chat.say("Actually it was at Globex, for the designer role")
    conversation = chat.engine._store.load("console|local|amy")
    assert not conversation.data.get("facts", {}).get("company")

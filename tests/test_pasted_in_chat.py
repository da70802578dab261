"""A pasted rejection email is read, not heard as venting; each one starts a journey entry."""

from __future__ import annotations

import json
from pathlib import Path

from bot import Engine
from bot.text import MAX_TEXT
from tests.conftest import Chat, peek

EMAILS = Path(__file__).resolve().parent / "fixtures" / "emails"
PERSONAL = (EMAILS / "05-kind-personal-after-interview.txt").read_text()
AUTOMATED = (EMAILS / "01-greenhouse-automated.txt").read_text()


def form_values(chat: Chat) -> dict[str, str]:
    forms = [r.form for r in chat.last if r.form]
    assert forms, "the facts form came with the reply"
    return {f.id: f.value for f in forms[-1].fields}


def test_a_pasted_email_at_first_contact_is_read_and_its_facts_shown(chat: Chat):
    chat.say(PERSONAL)
    assert "I've read it" in chat.text and "Hannah" in chat.text
    assert "write to you personally rather than" not in chat.text  # never quoted back
    assert "Here's what I found in the email" in chat.text
    assert "Company: Fern & Fable" in chat.text
    assert "Role: Content Marketing Lead" in chat.text
    assert "Interviewer's name: Hannah Lindqvist" in chat.text
    values = form_values(chat)
    assert values["company"] == "Fern & Fable" and values["stage"] == "interview"
    assert values["news"] == "email" and values["interviewer"] == "Hannah Lindqvist"
    assert chat.labels == ["That's right", "Change something"]


def test_a_pasted_email_mid_vent_is_read_and_says_it_was_automated(chat: Chat):
    chat.say("hi")
    chat.say("I got another rejection today and I'm so tired of it")
    chat.say(AUTOMATED)
    assert "form letter" in chat.text
    values = form_values(chat)
    assert values["company"] == "Acme Robotics" and values["news"] == "automated"
    assert values["interviewer"] == ""


def test_a_vent_quoting_the_phrases_is_still_listened_to(chat: Chat):
    chat.say("hi")
    chat.say('They said "after careful consideration" like they even read my CV. '
             "I spent a whole weekend on that application.")
    assert "I've read it" not in chat.text
    assert not any(r.form for r in chat.last)


def test_a_long_forwarded_thread_is_read_to_the_end_but_kept_short(chat: Chat, db):
    chatter = "Just checking in about the timeline, thanks so much. " * 120
    thread = (f"{chatter}\n\n---------- Forwarded message ---------\n{PERSONAL}")
    assert len(thread) > MAX_TEXT
    chat.say("hi")
    chat.say(thread)
    assert "Company: Fern & Fable" in chat.text
    assert "cut" not in chat.text.lower()
    stored = peek(db, "SELECT data FROM conversations")[0][0]
    assert "Just checking in" not in stored and "autumn range" not in stored


def test_a_pasted_email_with_a_crisis_line_still_gets_care(chat: Chat):
    chat.say("hi")
    chat.say(PERSONAL + "\n\nI think I want to kill myself")
    assert "Are you safe right now?" in chat.text
    assert "Here's what I found in the email" not in chat.text


def test_a_crisis_line_past_the_cut_is_still_screened(chat: Chat):
    chat.say("hi")
    chat.say(PERSONAL + "\n" + "I keep reading it over and over. " * 150
             + "\nI think I want to kill myself")
    assert "Are you safe right now?" in chat.text


def test_confirmed_facts_make_an_entry_and_start_over_keeps_it(chat: Chat, db):
    chat.say(PERSONAL)
    chat.pick("That's right")
    chat.pick("Skip the rest")
    assert "more you want to get off your chest" in chat.text
    chat.say("start over")
    chat.say(AUTOMATED)
    chat.pick("That's right")
    chat.say("my journey")
    assert "Applications logged: 2" in chat.text
    assert "Interviews reached: 1" in chat.text
    assert "No's along the way: 2 (1 of them automated" in chat.text
    rows = peek(db, "SELECT company, stage, automated FROM entries ORDER BY id")
    assert rows == [("Fern & Fable", "interview", 0), ("Acme Robotics", "applied", 1)]


def test_facts_told_while_venting_make_an_entry_too(chat: Chat, db):
    chat.say("hi")
    chat.say("Wonka turned me down after the interview and it stings")
    chat.pick("Draft a reply")
    chat.pick("That's right")
    chat.pick("Skip the rest")
    assert peek(db, "SELECT company, stage FROM entries") == [("Wonka", "interview")]


def test_entries_are_exported_and_forgotten(chat: Chat, db):
    chat.say(PERSONAL)
    chat.pick("That's right")
    chat.say("export my data")
    exported = json.loads(chat.last[0].attachments[0].data)
    assert [e["company"] for e in exported["entries"]] == ["Fern & Fable"]
    chat.say("forget me")
    chat.pick("Yes")
    assert peek(db, "SELECT COUNT(*) FROM entries") == [(0,)]


def test_retention_empties_an_entrys_words_and_keeps_its_shape(chat: Chat, engine: Engine,
                                                               clock, db):
    chat.say(PERSONAL)
    chat.pick("That's right")
    clock.advance(days=engine.retain_days + 1)
    assert engine.purge() == 1
    assert peek(db, "SELECT company, role, stage, day FROM entries") == [
        (None, None, "interview", "2026-11-18")]


def test_my_journey_with_nothing_yet(chat: Chat):
    chat.say("hi")
    chat.say("my journey")
    assert "nothing to show yet" in chat.text

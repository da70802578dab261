"""The crisis screen runs on every message, before any flow, and fails towards care."""

from __future__ import annotations

import pytest

from bot import Engine
from bot.safety import Tier, resources_for, screen
from tests.conftest import Chat, kept, peek

ACUTE = [
    "I want to kill myself",
    "honestly I've been thinking about suicide",
    "I don't want to be alive anymore",
    "I keep wanting to end it all",
    "I've been cutting myself again",
    "I'm going to hurt the recruiter",
    "my partner hits me when I don't get a job",
    "I wish I was dead",
    "I'm thinking of taking my own life",
    "I want to die",
    "kill my self",
    "I\u2019m going to end my life",  # curly apostrophe
]
DECOYS = [
    "this job search is killing me",
    "I killed it in the first round and still got rejected",
    "I'd kill for a job like that",
    "I'm dead tired of applying",
    "the deadline was brutal",
    "I could die of embarrassment",
    "they shot down my salary ask",
    "my cover letter was overkill",
    "I'm dying to know why they said no",
    "the interviewer killed the mood",
    "I gave up on that company weeks ago, it was a dead end anyway",
]
HOPELESS = [
    "I want to give up",
    "what's the point anymore",
    "everyone would be better off without me",
    "I feel hopeless",
    "I can't do this anymore",
]


@pytest.mark.parametrize("text", ACUTE)
def test_acute_phrases_are_caught(text):
    assert screen(text).tier is Tier.ACUTE


@pytest.mark.parametrize("text", DECOYS)
def test_figures_of_speech_are_not_alarms(text):
    assert screen(text).tier is Tier.NONE


@pytest.mark.parametrize("text", HOPELESS)
def test_hopelessness_gets_a_question_not_an_alarm(text):
    assert screen(text).tier is Tier.CONCERN


def test_acute_message_stops_the_flow_and_shows_resources(chat: Chat):
    chat.say("hi")
    chat.say("They said no again")
    chat.say("I think I want to kill myself")
    assert "988" in chat.text and "116 123" in chat.text and "findahelpline.com" in chat.text
    assert "your local emergency number" in chat.text
    assert "bot" in chat.text
    assert "Are you safe right now?" in chat.text
    assert chat.labels == ["I'm safe for now", "I'm not safe", "Talk about something else"]


def test_after_resources_the_person_chooses_and_the_flow_resumes(chat: Chat):
    chat.say("hi")
    chat.say("They said no again")
    chat.say("I keep thinking I should end my life")
    chat.pick("Talk about something else")
    assert "I'm still listening" in chat.text  # back in the vent step, where they were
    chat.pick("Reflect")
    assert "Which company" in chat.text


def test_screen_runs_before_every_step_even_mid_form(chat: Chat):
    chat.say("hi")
    chat.say("rejected again")
    chat.pick("Draft a reply")
    chat.say("I want to die")  # typed as the company name
    assert "988" in chat.text
    chat.pick("Talk about something else")
    assert "Which company" in chat.text  # the form question comes back; nothing was stored
    chat.say("Acme")
    assert "What was the role" in chat.text


def test_first_message_in_crisis_still_gets_care(chat: Chat):
    chat.say("I don't want to live anymore")
    assert "988" in chat.text
    chat.pick("Talk about something else")
    assert "what happened" in chat.text.lower()


def test_hopelessness_gets_a_direct_kind_question(chat: Chat):
    chat.say("hi")
    chat.say("I just want to give up")
    assert "Are you having thoughts of ending your life?" in chat.text
    assert "988" not in chat.text
    chat.say("no")
    assert "Thank you for telling me" in chat.text
    chat.say("I got rejected from my dream job")
    assert "Reflect on what happened" in chat.labels


def test_answering_yes_to_the_question_brings_resources(chat: Chat):
    chat.say("hi")
    chat.say("what's the point anymore")
    chat.pick("Yes, I am")
    assert "988" in chat.text


def test_referrals_are_counted_never_the_text(chat: Chat, db):
    chat.say("hi")
    chat.say("I want to kill myself")
    chat.say("I want to give up")
    rows = peek(db, "SELECT day, value, count FROM tallies WHERE metric = 'referral'")
    assert len(rows) == 2 and all(r[2] == 1 for r in rows)
    dump = kept(db)
    assert b"kill myself" not in dump and b"give up" not in dump  # the words are kept nowhere


@pytest.mark.parametrize(("region", "shown", "hidden"), [
    ("US", "988", "116 123"),
    ("GB", "116 123", "988"),
    ("IE", "116 123", "988"),
    ("AU", "13 11 14", "116 123"),
])
def test_region_selects_resources(db, clock, region, shown, hidden):
    engine = Engine(db, clock=clock, region=region)
    chat = Chat(engine)
    chat.say("I want to end my life")
    assert shown in chat.text and hidden not in chat.text
    assert "findahelpline.com" in chat.text


def test_region_comes_from_the_environment(db, clock, monkeypatch):
    monkeypatch.setenv("REBOUND_REGION", "GB")
    chat = Chat(Engine(db, clock=clock))
    chat.say("I want to end my life")
    assert "Samaritans" in chat.text and "988" not in chat.text


def test_no_region_shows_the_default_set_and_an_unknown_one_guesses_nothing():
    names = [r.name for r in resources_for(None)]
    assert any("988" in n for n in names) and "Samaritans" in names
    assert resources_for("ZZ") == ()  # the response then shows findahelpline.com alone


def test_no_legal_advice(chat: Chat):
    chat.say("hi")
    chat.say("Should I sue them for discrimination?")
    assert "can't give legal advice" in chat.text
    assert "Reflect on what happened" in chat.labels  # and the conversation carries on

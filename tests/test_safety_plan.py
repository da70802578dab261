"""The safety plan: offered after "safe for now", one skippable question at a time, saved as
it goes, shown with `my safety plan`, exported, forgotten."""

from __future__ import annotations

import json

import pytest

import bot.dispatch
from bot import Engine
from bot.safety import Finding, Kind, Tier
from tests.conftest import Chat, peek

QUESTIONS = ("1. Warning signs", "2. Things that help you cope", "3. People and places",
             "4. People you can ask", "5. Professionals and lines",
             "6. Making your surroundings safer", "7. One reason to keep going")


@pytest.fixture
def abuse_said(monkeypatch) -> str:
    """One message the engine's screen reads as abuse at home (the placeholder screen can't)."""
    said = "not my husband, he hits me"
    real = bot.dispatch.screen

    def screen(text: str, *, heightened: bool = False) -> Finding:
        if text == said:
            return Finding(Tier.ACUTE, Kind.ABUSE)
        return real(text, heightened=heightened)

    monkeypatch.setattr(bot.dispatch, "screen", screen)
    return said


def offered_a_plan(chat: Chat) -> Chat:
    chat.say("hi")
    chat.say("They said no again")
    chat.say("I want to kill myself")
    chat.pick("I'm safe for now")
    assert "safety plan" in chat.text
    chat.pick("Make a safety plan")
    assert QUESTIONS[0] in chat.text
    return chat


def exported(chat: Chat) -> dict:
    chat.say("export my data")
    [attachment] = [a for r in chat.last for a in r.attachments]
    return json.loads(attachment.data)


def test_one_question_at_a_time_every_one_skippable_then_shown(chat: Chat):
    offered_a_plan(chat)
    assert "only you can see it" in chat.text
    answers = ["I stop answering messages", "a long walk with music", "the climbing gym",
               "my sister Jo, 07700 900123", None, "ask Jo to keep my meds for a while",
               "my dog Biscuit"]
    for number, answer in enumerate(answers):
        assert QUESTIONS[number] in chat.text
        assert {"Skip this one", "Stop for now", "I'm not safe right now"} <= set(chat.labels)
        if answer is None:
            chat.pick("Skip this one")
        else:
            chat.say(answer)
    assert "That's your safety plan, saved" in chat.text
    assert "Reflect on what happened" in chat.labels  # back to where they were
    chat.pick("Show my safety plan")
    for answer in filter(None, answers):
        assert answer in chat.text
    assert "Professionals and lines" not in chat.text  # skipped, so not shown


def test_each_answer_is_saved_as_it_is_given_and_stopping_loses_nothing(chat: Chat, db, clock):
    offered_a_plan(chat)
    chat.say("I stop eating properly")
    chat.pick("Stop for now")
    assert "Everything you wrote is saved" in chat.text
    assert "Reflect on what happened" in chat.labels
    again = Chat(Engine(db, clock=clock, region=""))  # a restart, for good measure
    again.say("my safety plan")
    assert "Warning signs" in again.text and "I stop eating properly" in again.text


def test_skip_keeps_what_they_wrote_last_time(chat: Chat):
    offered_a_plan(chat)
    chat.say("I stop sleeping")
    chat.pick("Stop for now")
    chat.say("make a safety plan")
    assert "Last time you wrote" in chat.text and "I stop sleeping" in chat.text
    chat.pick("Skip this one")
    chat.say("my safety plan")
    assert "I stop sleeping" in chat.text


def test_the_lines_for_their_region_can_be_added_with_one_tap(db, clock):
    chat = Chat(Engine(db, clock=clock, region="NZ"))
    offered_a_plan(chat)
    for _ in range(4):
        chat.pick("Skip this one")
    assert QUESTIONS[4] in chat.text and "1737" in chat.text
    chat.pick("Use these")
    assert QUESTIONS[5] in chat.text
    chat.say("my safety plan")
    assert "Professionals and lines" in chat.text and "0800 543 354" in chat.text


def test_my_safety_plan_with_none_yet_offers_to_make_one(chat: Chat):
    chat.say("hi")
    chat.say("my safety plan")
    assert "don't have a safety plan yet" in chat.text
    chat.pick("Make a safety plan")
    assert QUESTIONS[0] in chat.text


def test_the_plan_is_exported_and_forgotten(chat: Chat, db):
    offered_a_plan(chat)
    chat.say("when I stop replying to friends")
    chat.say("a hot shower")
    stored = exported(chat)
    [row] = stored["safety_plans"]
    assert row["plan"] == {"signs": "when I stop replying to friends", "coping": "a hot shower"}
    chat.say("forget me")
    chat.pick("Yes, delete everything")
    assert peek(db, "SELECT count(*) FROM safety_plans") == [(0,)]
    chat.say("my safety plan")
    assert "don't have a safety plan yet" in chat.text


def test_a_stale_click_does_not_skip_a_second_question(chat: Chat):
    offered_a_plan(chat)
    skip = chat.choice("Skip this one")
    chat.click(skip)
    assert QUESTIONS[1] in chat.text
    chat.click(skip)  # the same button again, from the first question
    assert QUESTIONS[1] in chat.text and QUESTIONS[2] not in chat.text


# -- risk words inside the plan ---------------------------------------------------------------


def test_warning_signs_that_name_the_thoughts_are_saved_not_looped(chat: Chat):
    offered_a_plan(chat)
    chat.say("when I start to feel like I want to die")  # the screen flags this
    assert "Are you safe right now?" not in chat.text
    assert QUESTIONS[1] in chat.text and "I'm not safe right now" in chat.labels
    chat.say("my safety plan")
    assert "when I start to feel like I want to die" in chat.text


def test_means_in_making_surroundings_safer_are_saved_not_looped(chat: Chat):
    offered_a_plan(chat)
    for _ in range(5):
        chat.pick("Skip this one")
    assert QUESTIONS[5] in chat.text
    chat.say("give my flatmate the pills so I can't overdose")  # flagged by the screen
    assert QUESTIONS[6] in chat.text and "Are you safe right now?" not in chat.text


def test_intent_where_the_plan_does_not_ask_for_it_gets_the_full_response(chat: Chat):
    offered_a_plan(chat)
    for _ in range(6):
        chat.pick("Skip this one")
    chat.say("I don't have one, I want to kill myself")
    assert "Are you safe right now?" in chat.text and "988" in chat.text
    chat.pick("Talk about something else")
    assert "Reflect on what happened" in chat.labels  # where they were before any of it


def test_not_safe_from_inside_the_plan_leads_with_the_emergency_number(chat: Chat):
    offered_a_plan(chat)
    chat.pick("I'm not safe right now")
    assert chat.text.startswith("Please call your local emergency number now")


def test_abuse_named_in_the_plan_gets_the_abuse_response(chat: Chat, abuse_said):
    offered_a_plan(chat)
    for _ in range(3):
        chat.pick("Skip this one")
    assert QUESTIONS[3] in chat.text
    chat.say(abuse_said)
    assert "isn't your fault" in chat.text
    chat.pick("Talk about something else")
    assert "Reflect on what happened" in chat.labels

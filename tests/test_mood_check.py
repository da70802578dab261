"""Mood before and after: one optional 1-5 question, after being heard, and again when leaving."""

from __future__ import annotations

import json

import pytest

from bot.flows.mood_check import rating
from tests.conftest import Chat

ASKED = "how heavy does this feel right now"
LEAVING = "Before you go"


def vent_twice(chat: Chat) -> None:
    chat.say("hi")
    chat.say("I didn't get the job at Acme after the final round")
    chat.say("I'm gutted, I really wanted that one")


def exported(chat: Chat) -> dict:
    [attachment] = chat.say("export my data")[0].attachments
    return json.loads(attachment.data)["conversations"][0]["data"]


def answers(chat: Chat) -> list[tuple[str, int]]:
    return [(a["moment"], a["rating"]) for a in exported(chat)["mood"].get("answers", [])]


def test_asked_after_being_heard_never_before_the_first_reply(chat: Chat):
    chat.say("hi")
    assert ASKED not in chat.text
    chat.say("I didn't get the job at Acme after the final round")
    assert ASKED not in chat.text and "1 (light)" not in chat.labels
    chat.say("I'm heartbroken, I really wanted that one")
    assert "sad" in chat.last[0].text  # the reply to what they said comes first
    assert ASKED in chat.last[-1].text
    assert chat.labels[-6:] == ["1 (light)", "2", "3", "4", "5 (very heavy)", "Skip this"]
    assert "Draft a reply to them" in chat.labels  # the ways on stay where they were


def test_a_button_records_the_answer_and_the_way_on_comes_back(chat: Chat):
    vent_twice(chat)
    chat.pick("5 (very heavy)")
    assert "a lot to be carrying" in chat.text
    assert "Draft a reply to them" in chat.labels
    assert answers(chat) == [("before", 5)]


@pytest.mark.parametrize("typed", ["4", "4/5", "four", "about a 4", "4 out of 5", "4ish",
                                   "probably a 4 tbh"])
def test_typed_ratings_are_understood(chat: Chat, typed: str):
    vent_twice(chat)
    chat.say(typed)
    assert "a lot to be carrying" in chat.text
    assert answers(chat) == [("before", 4)]


def test_a_typed_number_is_the_rating_not_the_nth_button(chat: Chat):
    vent_twice(chat)
    chat.say("4")
    chat.pick("That's all for now")
    assert LEAVING in chat.text
    assert chat.labels[1] == "Draft a reply to them"  # second button on screen
    chat.say("2")
    assert "From 4 to 2" in chat.text
    assert "Which company" not in chat.text  # not the second button


def test_a_number_off_the_scale_gets_the_scale_not_a_button(chat: Chat):
    vent_twice(chat)
    chat.say("6")  # the sixth button on screen would be a way on or the skip
    assert "from 1 (light) to 5 (very heavy)" in chat.text
    assert "No problem" not in chat.text and "Which company" not in chat.text
    chat.say("3")
    assert answers(chat) == [("before", 3)]


def test_skipping_works_and_it_is_not_asked_again(chat: Chat):
    vent_twice(chat)
    chat.pick("Skip this")
    assert "No problem" in chat.text
    assert "Draft a reply to them" in chat.labels
    for more in ("and the recruiter never even called", "it was my third final round this year"):
        chat.say(more)
        assert ASKED not in chat.text
    assert answers(chat) == []


def test_typed_skip_words_skip(chat: Chat):
    vent_twice(chat)
    chat.say("no thanks")
    assert "No problem" in chat.text and answers(chat) == []


def test_venting_instead_of_a_number_is_heard_as_venting(chat: Chat):
    vent_twice(chat)
    chat.say("honestly I feel so embarrassed that I told everyone about it")
    assert "embarrassed" in chat.text
    assert "No problem" not in chat.text and "from 1 (light)" not in chat.text
    assert "honestly I feel so embarrassed that I told everyone about it" in exported(
        chat)["vents"]
    chat.say("2 interviews and then nothing")  # a number inside venting is still venting
    assert answers(chat) == []


def test_asked_when_leaving_and_the_change_is_shown_kindly(chat: Chat):
    vent_twice(chat)
    chat.pick("4")
    chat.pick("That's all for now")
    assert "That's plenty for now" in chat.text and LEAVING in chat.last[-1].text
    chat.pick("2")
    assert "From 4 to 2" in chat.text and "lighter" in chat.text
    assert answers(chat) == [("before", 4), ("after", 2)]


def test_heavier_is_met_gently_with_a_way_to_keep_talking(chat: Chat):
    vent_twice(chat)
    chat.pick("2")
    chat.pick("That's all for now")
    chat.pick("4")
    assert "From 2 to 4" in chat.text and "heavier" in chat.text
    assert "keep talking" in chat.text and "support line" in chat.text
    chat.say("it just hit me how long this search has been")
    assert "Before you go" not in chat.text and "1 (light)" not in chat.labels  # heard again


def test_the_same_is_said_plainly(chat: Chat):
    vent_twice(chat)
    chat.pick("3")
    chat.pick("That's all for now")
    chat.pick("3")
    assert "Still a 3, the same as when we started" in chat.text


def test_asked_once_per_visit_when_leaving(chat: Chat, clock):
    vent_twice(chat)
    chat.pick("4")
    chat.pick("That's all for now")
    chat.pick("3")
    chat.say("actually one more thing, the rejection email had the wrong name in it")
    chat.pick("That's all for now")
    assert LEAVING not in chat.text
    clock.advance(days=2)
    chat.say("I got another no today")
    chat.pick("That's all for now")
    assert LEAVING in chat.text
    chat.pick("1 (light)")
    assert "From" not in chat.text  # the change belongs to the first visit only
    assert answers(chat) == [("before", 4), ("after", 3), ("after", 1)]


def test_asked_after_saving_a_plan_and_a_typed_number_is_the_rating(chat: Chat):
    chat.say("hi")
    chat.say("I didn't get the job")
    chat.pick("Make a plan")
    for _ in ("company", "role"):
        chat.say("skip")
    chat.pick("Skip the rest")
    chat.pick("Take them all")
    chat.pick("Save my plan")
    assert "Saved:" in chat.last[0].text and LEAVING in chat.last[-1].text
    assert chat.labels[3] == "1 (light)"  # a typed 4 by position would be this
    chat.say("4")
    assert "still sounds heavy" in chat.text
    assert answers(chat) == [("after", 4)]
    chat.say("That's all for now")  # typing the label of a button still on screen
    assert "That's plenty for now" in chat.text
    assert LEAVING not in chat.text  # once per visit


def test_never_asked_after_a_crisis_response(chat: Chat):
    chat.say("hi")
    chat.say("They said no again")
    chat.say("I keep thinking I should end my life")
    chat.pick("Talk about something else")
    chat.say("it was the job I really wanted")
    chat.say("I don't know what to do next")
    assert ASKED not in chat.text and "1 (light)" not in chat.labels
    chat.pick("That's all for now")
    assert LEAVING not in chat.text and "1 (light)" not in chat.labels


def test_an_open_question_closes_when_a_crisis_response_comes(chat: Chat):
    vent_twice(chat)
    old = chat.choice("4")
    chat.say("I want to die")
    chat.pick("Talk about something else")
    chat.click(old)
    assert "No need to answer that one" in chat.text
    assert answers(chat) == []


def test_a_second_click_is_a_polite_no_op(chat: Chat):
    vent_twice(chat)
    four = chat.choice("4")
    chat.click(four)
    chat.click(four)
    assert "No need to answer that one" in chat.text
    assert answers(chat) == [("before", 4)]


def test_forget_me_removes_the_answers(chat: Chat):
    vent_twice(chat)
    chat.pick("4")
    assert answers(chat) == [("before", 4)]
    chat.say("forget me")
    chat.pick("Yes, delete everything")
    chat.say("hi")
    assert "mood" not in exported(chat)


@pytest.mark.parametrize("text, expected", [
    ("3", 3), ("5/5", 5), ("one", 1), ("i'd say a 2", 2), ("like a 3 right now", 3),
    ("3.5", 0), ("3 or 4", 0), ("10/10", 0), ("0", 0),
    ("2 interviews and nothing", None), ("the fourth one this month", None), ("", None),
])
def test_what_counts_as_a_typed_rating(text: str, expected: int | None):
    assert rating(text) == expected

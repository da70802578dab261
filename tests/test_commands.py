"""The ways out and around, available at every step."""

from __future__ import annotations

import json

from tests.conftest import Chat, peek


def to_facts(chat: Chat) -> None:
    chat.say("hi")
    chat.say("I was turned down again")
    chat.pick("Draft a reply")


def test_help_lists_commands_and_repeats_the_question(chat: Chat):
    to_facts(chat)
    chat.say("help")
    for word in ("back", "pause", "start over", "my plan", "export my data", "forget me"):
        assert word in chat.text
    assert "Which company" in chat.text


def test_back_returns_to_the_previous_step(chat: Chat):
    to_facts(chat)
    chat.say("back")
    assert "still listening" in chat.text
    chat.say("back")
    assert "nothing to go back to" in chat.text


def test_pause_then_any_message_resumes_where_we_were(chat: Chat):
    to_facts(chat)
    chat.say("pause")
    assert "Paused" in chat.text
    chat.say("hello again")
    assert "Welcome back" in chat.text and "Which company" in chat.text
    chat.say("Acme")  # now it is an answer again
    assert "What was the role" in chat.text


def test_start_over_clears_the_conversation(chat: Chat):
    to_facts(chat)
    chat.say("Acme")
    chat.say("start over")
    assert "Fresh start" in chat.text
    chat.say("rejected again, sigh")
    chat.pick("Draft a reply")
    assert "Which company" in chat.text  # facts were cleared too


def test_commands_are_whole_messages_only(chat: Chat):
    chat.say("hi")
    chat.say("I want to go back to my old job and stop applying")
    assert "nothing to go back to" not in chat.text and "Paused" not in chat.text


def test_slash_command_starts_and_offers_to_resume(chat: Chat):
    chat.event(command="rejected", text="", channel="C1")
    private = [r for r in chat.last if r.private]
    assert private and private[0].channel == "C1"
    assert "direct message" in private[0].text
    assert all(r.channel is None for r in chat.last if not r.private)
    chat.say("rejected again, sigh")
    chat.event(command="rejected", text="")
    assert chat.labels == ["Carry on where we were", "Start over"]
    chat.pick("Carry on")
    assert "still listening" in chat.text


def test_slash_subcommands(chat: Chat):
    chat.event(command="rejected", text="help")
    assert "forget me" in chat.text
    chat.event(command="rejected", text="plan")
    assert "don't have a plan" in chat.text
    chat.event(command="rejected", text="forget")
    assert "delete everything" in chat.text


def test_export_returns_everything_stored(chat: Chat):
    to_facts(chat)
    chat.say("Acme")
    [export] = chat.say("export my data")[0].attachments
    assert export.filename.endswith(".json") and export.media_type == "application/json"
    data = json.loads(export.data)
    conversation = data["conversations"][0]
    assert conversation["data"]["facts"]["company"] == "Acme"
    assert "I was turned down again" in conversation["data"]["vents"]
    assert {"conversations", "actions", "scheduled", "members", "checkins", "pairs"} <= set(data)


def test_forget_me_asks_first_then_deletes_every_row(chat: Chat, db):
    to_facts(chat)
    chat.say("Acme")
    chat.pick("Skip the rest")
    chat.pick("Make a plan")
    chat.pick("Take them all")
    chat.pick("Save my plan")
    chat.say("forget me")
    assert "can't be undone" in chat.text
    chat.pick("No, keep it")
    assert "haven't deleted anything" in chat.text
    chat.say("forget me")
    chat.pick("Yes, delete everything")
    assert "deleted everything" in chat.text
    for table in ("conversations", "actions", "scheduled", "members", "checkins", "roughs"):
        assert peek(db, f"SELECT count(*) FROM {table}") == [(0,)], table
    chat.say("hello")
    assert "I'm Rebound" in chat.text  # a stranger again


def test_forget_me_only_touches_that_person(engine, db):
    amy, bo = Chat(engine, user="amy"), Chat(engine, user="bo")
    amy.say("hi")
    bo.say("hi")
    amy.say("forget me")
    amy.pick("Yes, delete everything")
    users = peek(db, 'SELECT "user" FROM conversations')
    assert users == [("bo",)]


def test_typed_numbers_and_labels_pick_buttons(chat: Chat):
    chat.say("hi")
    chat.say("I didn't get the offer")
    chat.say("2")  # Draft a reply to them
    assert "Which company" in chat.text
    chat.say("skip the rest")
    assert "Subject" in chat.text

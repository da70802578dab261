"""What a forged button can reach, what `forget me` leaves on disk, and what a failed turn says."""

from __future__ import annotations

import pytest

from bot import Engine
from bot.flows.base import STEPS, Turn
from bot.sql import is_postgres
from tests.conftest import Chat, kept, peek
from tests.test_groups import CHANNEL, check_in, join, set_up

WORDS = ("Zanzibarquux", "Plumtreeflorp", "Wobblecrantz")


def test_forgotten_words_are_gone_from_the_database_and_its_wal(chat: Chat, db):
    chat.say("hi")
    chat.say(f"I got turned down by {WORDS[0]} after the final round and I feel awful")
    chat.say(f"The interviewer {WORDS[1]} never even looked up, it was {WORDS[2]} all over")
    chat.say("export my data")
    assert all(word.encode() in kept(db) for word in WORDS)
    chat.say("forget me")
    chat.pick("Yes, delete everything")
    assert "deleted everything" in chat.text
    raw = kept(db)
    for word in WORDS:
        assert word.encode() not in raw and word.encode("utf-16-le") not in raw, word


def test_secure_delete_is_set_by_rebound_itself(engine: Engine, db):
    if is_postgres(db):
        pytest.skip("secure_delete is SQLite's: PostgreSQL's files are the server's")
    chat = Chat(engine)
    chat.say("hi")
    assert engine._store.db.execute("PRAGMA secure_delete").fetchone() == (1,)


def test_a_huge_plan_number_is_answered_politely(chat: Chat):
    chat.say("hi")
    for choice in ("plan:done:99999999999999999999999999", "plan:drop:9223372036854775808",
                   "plan:snooze:1" + "0" * 40 + ":7", "plan:done:٣", "plan:done:0"):
        chat.click(choice)
        assert "can't find that item" in chat.text, choice
    chat.say("done 99999999999999999999999")
    assert "Something went wrong" not in chat.text


def test_a_forged_group_id_from_another_workspace_is_refused(engine: Engine, db):
    set_up(engine)  # group 1, in workspace "local"
    join(engine, "bob")
    mallory = Chat(engine, user="mallory", workspace="elsewhere")
    for verb in ("join", "checkin", "settings", "leave", "nopair"):
        mallory.event(choice=f"group:{verb}:1", channel=CHANNEL, name="Mallory")
        assert "doesn't exist any more" in mallory.text, verb
    mallory.event(choice="group:cheer:c1", channel=CHANNEL)
    assert "can't find that post" in mallory.text
    members = peek(db, 'SELECT "user" FROM members ORDER BY "user"')
    assert members == [("alice",), ("bob",)]


def test_joining_takes_a_click_in_the_groups_own_channel(engine: Engine, db):
    set_up(engine)
    carol = Chat(engine, user="carol")
    carol.say("hi")
    carol.click("group:join:1")  # typed or forged in a DM, not clicked on the group's post
    assert "doesn't exist any more" in carol.text
    carol.event(choice="group:join:1", channel="C-some-other-channel")
    assert "doesn't exist any more" in carol.text
    carol.event(choice="group:join:1", channel=CHANNEL)
    assert "Welcome to" in carol.text
    carol.click("group:leave:1")  # a member may act on their group from the DM
    assert "Job Hunters" in carol.text and "doesn't exist" not in carol.text


@pytest.mark.parametrize("ident", ["99999999999999999999999", "-1", "1.0", "0x1", "١"])
def test_odd_group_ids_find_nothing(engine: Engine, ident):
    set_up(engine)
    bob = Chat(engine, user="bob")
    bob.event(choice=f"group:join:{ident}", channel=CHANNEL)
    assert "doesn't exist any more" in bob.text
    bob.event(choice=f"group:checkin:{ident}", channel=CHANNEL)
    assert "doesn't exist any more" in bob.text


def test_a_failed_turn_says_it_was_not_saved_and_really_was_not(chat: Chat, db, monkeypatch):
    chat.say("hi")
    step = STEPS["recovery.vent"]
    before = peek(db, "SELECT step, data, version FROM conversations")

    def half_done_then_broken(t: Turn) -> str | None:
        t.store.add_action(t.conv.key, "written before the failure", "own", "2026-11-20", t.now)
        t.data.vents = ["this should not be kept"]
        raise RuntimeError("a bug")

    monkeypatch.setattr(step, "answer", half_done_then_broken)
    chat.say("They said no after four interviews and I can't stop thinking about it")
    assert "didn't get saved" in chat.text and "send it to me again" in chat.text
    assert "Nothing you told me was lost" not in chat.text
    assert peek(db, "SELECT step, data, version FROM conversations") == before
    assert peek(db, "SELECT count(*) FROM actions") == [(0,)]


def test_a_note_button_works_only_for_members_or_in_the_groups_channel(engine: Engine):
    set_up(engine)
    bob = join(engine, "bob")
    check_in(bob, "4 Good", "Sent three applications", "Prep for the Globex call",
             "", share=["win"])
    carol = Chat(engine, user="carol")
    carol.say("hi")
    carol.click("group:cheer:c1")  # not a member, not on the group's post
    assert "can't find that post" in carol.text
    carol.event(choice="group:cheer:c1", channel=CHANNEL)
    assert "can't find that post" not in carol.text and "Bob" in carol.text

"""Retention: what a person typed is deleted after a quiet spell; their plan stays."""

from __future__ import annotations

import json

import pytest

from adapters.cli import main
from bot import Engine
from tests.conftest import START, Chat, kept, peek
from tests.test_groups import CHANNEL, check_in, join, set_up

VENTED = "The Zanzibar panel grilled me about my gap year and I froze completely"


def planned(chat: Chat) -> None:
    """A conversation with words in it and a saved plan of three steps."""
    chat.say("hi")
    chat.say(VENTED)
    chat.pick("Make a plan")
    chat.pick("That's right")  # what it picked up: an interview
    chat.say("Globex")
    chat.pick("Skip the rest")
    chat.say("1, 3 and 5")
    chat.say("save my plan")
    assert "Saved: 3 steps" in chat.text


def exported(chat: Chat) -> str:
    chat.say("export my data")
    [attachment] = [a for r in chat.last for a in r.attachments]
    return attachment.data.decode("utf-8")


def test_the_first_reply_says_how_long_words_are_kept(chat: Chat):
    chat.say("hi")
    assert "30 days after we last talk, your words are deleted" in chat.text
    chat.say("privacy")
    assert "30 days after we last talk, everything you wrote is deleted" in chat.text
    assert "only the parts of a check-in you chose to share" in chat.text
    chat.event(command="rejected", text="privacy", channel="C-general")
    assert "everything you wrote is deleted" in chat.text


def test_the_operator_sets_the_period_and_where_the_notice_lives(db, clock, monkeypatch):
    monkeypatch.setenv("REBOUND_RETAIN_DAYS", "7")
    monkeypatch.setenv("REBOUND_PRIVACY_URL", "https://example.org/privacy")
    engine = Engine(db, clock=clock, region="")
    chat = Chat(engine)
    chat.say("hi")
    assert "7 days after we last talk" in chat.text
    chat.say("help")
    assert "privacy notice is at https://example.org/privacy" in chat.text
    home = "\n".join(r.text for r in engine.home("console", "local", "amy"))
    assert "7 days after we last talk" in home and "(https" in home
    engine.close()


def test_purge_deletes_the_words_and_keeps_the_plan(chat: Chat, engine: Engine, clock, db):
    planned(chat)
    assert VENTED in exported(chat)
    clock.advance(days=31)
    engine.queue_due()  # the scheduled work purges as it goes

    assert VENTED.encode() not in kept(db)
    stored = exported(chat)
    assert "Zanzibar" not in stored
    plan = json.loads(stored)["actions"]
    assert [a["title"] for a in plan][:1] == ["Send your thank-you reply to Globex"]
    assert len(plan) == 3 and all(a["due"] for a in plan)
    chat.say("my plan")
    assert "Send your thank-you reply to Globex" in chat.text


def test_a_recent_conversation_is_untouched(engine: Engine, clock):
    amy, bob = Chat(engine, user="amy"), Chat(engine, user="bob")
    planned(amy)
    clock.advance(days=20)
    bob.say("hi")
    bob.say("Initech ghosted me after four rounds and a take-home test")
    clock.advance(days=11)  # amy: 31 days quiet; bob: 11

    assert engine.purge() == 1
    assert "Initech ghosted me" in exported(bob)
    assert "Zanzibar" not in exported(amy)
    assert engine.purge() == 0  # done once, not again and again


def test_a_purged_person_who_comes_back_starts_fresh(chat: Chat, engine: Engine, clock):
    planned(chat)
    chat.say("pause")
    clock.advance(days=40)
    engine.purge()

    chat.say("hi again")
    assert "I've deleted what you wrote back then" in chat.text
    assert "plan's steps and dates are still here" in chat.text
    chat.say("Another no today, this time from Hooli, after the second interview")
    assert "went wrong on my side" not in chat.text and chat.labels  # a real, working turn
    chat.say("my plan")
    assert "Send your thank-you reply to Globex" in chat.text
    assert "Hooli" in exported(chat)


def test_purge_runs_with_the_scheduled_work_once_an_hour(chat: Chat, engine: Engine, clock, db):
    def still_kept() -> bool:  # read from the database: asking the bot would be a turn
        return VENTED.encode() in kept(db)

    planned(chat)
    clock.advance(days=29, hours=23, minutes=30)
    engine.queue_due()  # a pass: 29 1/2 days quiet, nothing to purge yet
    assert still_kept()
    clock.advance(minutes=40)
    engine.queue_due()  # past retention, but the last pass was 40 minutes ago
    assert still_kept()
    clock.advance(minutes=20)
    engine.queue_due()
    assert not still_kept()


def test_check_in_words_go_but_the_check_in_is_still_counted(engine: Engine, clock, db):
    set_up(engine)
    bob = join(engine, "bob")
    check_in(bob, "Okay", "Two interviews booked at Quuxly", "Polish my portfolio",
             "A mock interview", ["win"])
    clock.advance(days=31)
    engine.purge()
    row = peek(db, """SELECT mood, win, next, hand, shared FROM checkins WHERE "user" = 'bob'""")[0]
    assert row[0] and row[1:] == (None, None, None, "[]")
    assert b"Quuxly" not in kept(db)
    assert CHANNEL  # the group itself is untouched
    assert peek(db, "SELECT count(*) FROM members") == [(2,)]


def test_rebound_purge_by_hand(chat: Chat, engine: Engine, db, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    planned(chat)
    engine.close()
    later = (START.replace(tzinfo=None).isoformat(timespec="minutes")).replace("11-18", "12-20")
    assert main(["purge", "--db", db, "--now", later]) == 0
    assert "Deleted what people wrote in 1 conversation that had been quiet" in \
        capsys.readouterr().out
    assert main(["purge", "--db", db, "--now", later]) == 0
    assert "Nothing to delete" in capsys.readouterr().out
    assert VENTED.encode() not in kept(db)
    assert main(["purge", "--db", str(tmp_path / "none.db")]) == 1


@pytest.mark.parametrize(("name", "value"), [
    ("REBOUND_RETAIN_DAYS", "0"), ("REBOUND_RETAIN_DAYS", "thirty"),
    ("REBOUND_RETAIN_DAYS", "-5"), ("REBOUND_PRIVACY_URL", "our website"),
])
def test_a_bad_retention_setting_is_one_line_and_exit_2(monkeypatch, capsys, tmp_path, name,
                                                       value):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(name, value)
    assert main(["purge", "--db", str(tmp_path / "none.db")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"rebound: {name}: use ") and err.count("\n") == 1

"""State survives restarts and crashes; retries and stale clicks never double anything."""

from __future__ import annotations

from bot import Engine, Event
from bot.flows.base import STEPS
from tests.conftest import Chat, peek


def test_restart_mid_flow_continues_where_the_person_was(db, clock):
    first = Chat(Engine(db, clock=clock))
    first.say("hi")
    first.say("I didn't get the job")
    first.pick("Draft a reply")
    first.say("Acme")
    first.engine.close()

    second = Chat(Engine(db, clock=clock))
    second.say("Senior Analyst")  # answers the role question asked before the restart
    assert "How far did it get" in second.text
    second.pick("Skip the rest")
    assert "Senior Analyst at Acme" in second.text


def test_a_retried_event_gets_no_second_reply(chat: Chat, engine):
    chat.say("hi")
    event = Event("slack", "T1", "U1", text="I got rejected", event_id="Ev123")
    assert engine.handle(event)
    assert engine.handle(event) == []


def test_event_ids_are_scoped_per_platform(engine):
    assert engine.handle(Event("slack", "T1", "U1", text="hi", event_id="1"))
    assert engine.handle(Event("discord", "discord", "U1", text="hi", event_id="1"))


def test_a_double_click_acts_once(chat: Chat):
    chat.say("hi")
    chat.say("I didn't get it")
    reflect = chat.choice("Reflect")
    chat.click(reflect)
    assert "Which company" in chat.text
    chat.click(reflect)
    assert "from earlier" in chat.text and "Which company" in chat.text


def test_an_old_button_after_restart_is_resolved_against_stored_state(db, clock):
    first = Chat(Engine(db, clock=clock))
    first.say("hi")
    first.say("no luck again")
    old = first.choice("That's all for now")
    first.pick("Reflect")
    first.engine.close()
    second = Chat(Engine(db, clock=clock))
    second.click(old)
    assert "from earlier" in second.text
    assert "Which company" in second.text


def test_a_crash_mid_turn_loses_nothing_and_saves_nothing_half_done(chat: Chat, db, monkeypatch):
    chat.say("hi")
    chat.say("rejected again, sigh")
    chat.pick("Draft a reply")
    chat.say("Acme")
    before = peek(db, "SELECT data, version FROM conversations")

    def boom(t):
        t.data.tone = "half done"
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(STEPS["recovery.facts"], "answer", boom)
    chat.say("Analyst")
    assert "Something went wrong on my side" in chat.text
    assert "Analyst" not in chat.text
    after = peek(db, "SELECT data, version FROM conversations")
    assert after == before
    monkeypatch.undo()
    chat.say("Analyst")  # the same answer again now works
    assert "How far did it get" in chat.text


def test_crash_logs_never_contain_what_was_typed(chat: Chat, monkeypatch, caplog):
    chat.say("hi")

    def quoting(t):
        raise ValueError(f"could not parse {t.text!r}")

    monkeypatch.setattr(STEPS["recovery.vent"], "answer", quoting)
    chat.say("my secret salary is 123456")
    assert "123456" not in caplog.text
    assert "turn failed" in caplog.text and "ValueError at" in caplog.text
    assert "engine.py" in caplog.text  # where it happened is still there to debug


def test_every_reply_is_saved_before_it_is_returned(db, clock):
    engine = Engine(db, clock=clock)
    replies = engine.handle(Event("console", "local", "amy", text="hi"))
    assert replies
    assert peek(db, "SELECT step FROM conversations") == [("recovery.vent",)]


def test_two_engines_on_one_file_both_work(db, clock):
    engines = [Engine(db, clock=clock) for _ in range(2)]
    for n, engine in enumerate(engines):
        assert engine.handle(Event("console", "local", f"user{n}", text="hi"))
    assert engines[0].handle(Event("console", "local", "user1", text="it went badly"))


def test_a_form_submitted_after_moving_on_is_stale_not_misread(chat: Chat):
    chat.say("hi")
    chat.say("no luck")
    chat.pick("Draft a reply")
    chat.pick("Skip the rest")
    chat.event(values={"company": "Acme"})  # the old modal, submitted late
    assert "form is from an earlier step" in chat.text
    assert "Subject" in chat.text  # the draft is shown again, unchanged
    assert "Acme" not in chat.text


def test_the_current_form_can_be_looked_up_after_a_restart(db, clock):
    first = Chat(Engine(db, clock=clock))
    first.say("hi")
    first.say("no luck")
    first.pick("Draft a reply")
    first.say("Acme")
    first.engine.close()
    engine = Engine(db, clock=clock)
    form = engine.form("console", "local", "amy", "recovery.facts")
    assert form is not None
    assert {f.id: f.value for f in form.fields}["company"] == "Acme"
    assert engine.form("console", "local", "amy", "groups.setup") is None
    assert engine.form("console", "local", "nobody", "recovery.facts") is None
    first = Chat(engine)
    first.event(values={"company": "Acme", "role": "Analyst", "stage": "", "met_manager": "",
                        "news": "", "interviewer": ""})  # part one of a split form
    rest = engine.form("console", "local", "amy", "recovery.facts")
    assert rest is not None and [f.id for f in rest.fields] == ["enjoyed"]

"""Buttons a person can still see act when their label is typed; deliveries join the screen;
one pass over the schedule sends what is due; a stale weekly prompt is skipped (issue 15)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from adapters.markup import plain
from bot import Engine
from tests.conftest import Chat
from tests.test_groups import CHANNEL, deliver, join, set_up

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 9:00 in London


def feeling_heavy(chat: Chat) -> None:
    chat.say("hi")
    chat.say("They turned me down after the final round")
    chat.say("I feel flat and tired")
    assert "how heavy does this feel" in chat.text


def test_a_typed_number_after_the_resume_screen_picks_its_button_not_a_rating(chat):
    feeling_heavy(chat)
    chat.event(command="rejected", text="")
    assert "carry on where we left off" in chat.text
    chat.say("1")
    assert "Welcome back" in chat.text


def test_a_rating_is_still_a_rating_while_the_question_is_on_screen(chat):
    feeling_heavy(chat)
    chat.say("4")
    assert "That's a lot to be carrying" in chat.text


def test_labels_shown_before_the_resume_screen_still_act(engine):
    set_up(engine)
    bob = join(engine, "bob")
    bob.event(choice="group:checkin:1", channel=CHANNEL, name="Bob")
    bob.pick("4 Good")
    bob.say("Sent two applications")
    bob.pick("Skip")
    bob.pick("Skip")
    assert "share any of that" in bob.text
    bob.event(command="rejected", text="")
    bob.say("Share all of it")
    assert "include what you chose to share" in bob.text


def test_someone_new_joins_by_typing_the_label(engine):
    set_up(engine)
    dan = Chat(engine, user="dan")
    dan.event(command="rejected", text="group", channel=CHANNEL)
    assert "Join this group" in dan.labels
    dan.say("join this group")
    assert "Welcome to" in dan.text


def test_a_check_in_by_someone_not_in_the_group_asks_them_to_join_first(engine):
    set_up(engine)
    dan = Chat(engine, user="dan")
    dan.event(choice="group:checkin:1", channel=CHANNEL, name="Dan")
    assert "you haven't joined yet" in dan.text and dan.labels == ["Join this group"]
    dan.event(command="rejected", text="group", channel=CHANNEL)
    assert "has 1 member" in dan.text
    dan.event(choice=dan.choice("Join this group"), channel=CHANNEL)
    assert "Welcome to" in dan.text and "Check in" in dan.labels
    dan.event(choice=dan.choice("Check in"), channel=CHANNEL)
    assert "How has your week felt" in dan.text


def test_one_pass_delivers_the_prompt_and_the_buddy_introductions(db, clock):
    engine = Engine(db, clock=clock)
    set_up(engine)
    join(engine, "bob")
    deliver(engine, clock.now)  # the announcement
    clock.now = MONDAY
    batch = engine.due(MONDAY)
    assert [d.channel for d in batch if d.channel] == [CHANNEL]
    intros = [plain(r.text) for d in batch if not d.channel for r in d.replies]
    assert len(intros) == 2 and all("your buddy is" in i for i in intros)


def test_a_prompt_a_day_late_is_skipped_and_the_next_comes_once(db, clock):
    engine = Engine(db, clock=clock)
    set_up(engine)
    join(engine, "bob")
    deliver(engine, clock.now)  # the announcement
    late = MONDAY + timedelta(days=1, minutes=1)
    assert not [d for d in engine.due(late) if d.channel]
    assert not [d for d in engine.due(late + timedelta(minutes=1)) if d.channel]
    next_monday = MONDAY + timedelta(days=7)
    assert len([d for d in engine.due(next_monday) if d.channel]) == 1
    assert not [d for d in engine.due(next_monday + timedelta(minutes=1)) if d.channel]


def test_a_delivered_reminders_done_is_answered_by_typing_it(chat, engine, clock):
    chat.say("hi")
    chat.click("recovery.vent:plan")
    chat.click("recovery.facts:skip_all")
    chat.pick("Take them all")
    chat.say("add Phone my mentor Priya tomorrow")
    assert "Phone my mentor Priya (tomorrow)" in chat.text
    chat.pick("Save my plan")
    clock.now = datetime(2026, 11, 19, 9, 0, tzinfo=UTC)
    engine.queue_due(clock.now)
    waiting = engine.waiting("console", "local", "amy")
    assert "Phone my mentor Priya" in "\n".join(r.text for r in waiting)
    chat.say("Done")
    assert 'Done: "Phone my mentor Priya"' in chat.text


def test_my_plan_puts_steps_past_five_in_a_menu_whose_labels_work(chat):
    chat.say("hi")
    chat.click("recovery.vent:plan")
    chat.click("recovery.facts:skip_all")
    chat.pick("Take them all")
    chat.say("add Own step on 20 Dec")
    chat.pick("Save my plan")
    chat.say("my plan")
    [mine] = [r for r in chat.last if r.menu]
    assert len(mine.choices) == 5 and [c.label for c in mine.menu] == ["Done: Own step"]
    assert "done 2" in plain(mine.text)
    chat.say("Done: Own step")
    assert 'Done: "Own step"' in chat.text

"""Plans: suggested from the conversation, edited in plain words, saved, reminded, ticked off."""

from __future__ import annotations

from datetime import UTC, datetime

from bot import Engine
from tests.conftest import Chat


def plan_ready(chat: Chat, **facts: str) -> None:
    chat.say("hi")
    chat.say("I didn't get the job")
    chat.pick("Make a plan")
    for field in ("company", "role"):
        chat.say(facts.get(field, "skip"))
    chat.pick("Skip the rest")


def test_suggestions_follow_the_conversation(chat: Chat):
    chat.say("hi")
    chat.say("the final round at Acme went nowhere")
    chat.pick("Reflect")
    chat.event(values={"company": "Acme", "role": "", "stage": "final", "met_manager": "yes",
                       "news": "call", "interviewer": "Priya", "enjoyed": ""})
    chat.pick("Skip")  # went well
    chat.pick("Skip")  # differently
    chat.say("Walk me through a failed project")
    chat.say("SQL")
    chat.pick("Already done")
    chat.pick("Make a plan")
    text = chat.text
    assert "Send your thank-you reply to Acme" in text
    assert "Follow up on your feedback request" in text
    assert "Prepare an answer to: Walk me through a failed project" in text
    assert "Find a course or small project for SQL" in text
    assert "Connect with Priya on LinkedIn" in text
    assert "résumé" not in text  # they said it's already done
    assert "Do one kind thing for yourself (today)" in text


def test_pick_edit_add_drop_rename_and_save(chat: Chat):
    plan_ready(chat, company="Acme")
    chat.say("1, 3 and 5")
    assert "1. Send your thank-you reply to Acme (today)" in chat.text
    chat.say("add Call Sam on Monday")
    assert "Call Sam (Mon 23 Nov)" in chat.text
    chat.say("2 = Send five applications")
    assert "2. Send five applications" in chat.text
    chat.say("drop 3")
    chat.say("1 tomorrow")
    assert "Send your thank-you reply to Acme (tomorrow)" in chat.text
    chat.say("1 the day after never")
    assert "couldn't work out that date" in chat.text
    chat.say("9 tomorrow")
    assert "couldn't find that number" in chat.text
    assert "Here's your plan so far" not in chat.text  # a short hint, not the plan again
    chat.say("save my plan")  # its button is still on screen
    assert "Saved: 3 steps" in chat.text
    chat.say("my plan")
    assert "Send five applications" in chat.text and "Call Sam" in chat.text


def test_picking_is_forgiving(chat: Chat):
    plan_ready(chat)
    chat.say("all of them please")
    assert "between 1 and 5" in chat.text
    assert "Send your thank-you reply" not in chat.text  # a hint, never the whole list again
    chat.say("99")
    assert "between 1 and 5" in chat.text
    chat.say("take them all")
    assert "Here's your plan so far" in chat.text


def test_done_by_number_and_button_and_twice(chat: Chat):
    plan_ready(chat)
    chat.pick("Take them all")
    chat.pick("Save my plan")
    chat.say("my plan")
    first = chat.last[0].choices[0]
    chat.click(first.id)
    assert "Done:" in chat.text and "to go" in chat.text
    chat.click(first.id)
    assert "already marked done" in chat.text
    chat.say("done 1")
    assert "Well done" in chat.text
    chat.say("done 42")
    assert "couldn't find that one" in chat.text


def reminders(engine: Engine, at: datetime) -> list:
    deliveries = engine.due(at)
    for delivery in deliveries:
        engine.mark_sent(delivery.id)
    return deliveries


def test_reminders_arrive_on_the_day_in_the_persons_time_zone(db, clock):
    engine = Engine(db, clock=clock)
    chat = Chat(engine, timezone="America/New_York")
    chat.say("hi")
    chat.say("no luck")
    chat.pick("Make a plan")
    chat.pick("Skip the rest")
    chat.say("4")  # résumé once-over (optional), due in two days
    chat.pick("Save my plan")
    assert reminders(engine, datetime(2026, 11, 20, 13, 59, tzinfo=UTC)) == []
    due = reminders(engine, datetime(2026, 11, 20, 14, 0, tzinfo=UTC))  # 9:00 in New York
    assert [d.user for d in due] == ["amy"]
    reply = due[0].replies[0]
    assert "résumé" in reply.text
    assert [c.label for c in reply.choices] == ["Done", "Remind me tomorrow",
                                                "Remind me next week", "Drop it"]
    assert reminders(engine, datetime(2026, 11, 20, 15, 0, tzinfo=UTC)) == []


def test_a_reminder_leased_but_never_sent_comes_back_after_the_lease(db, clock):
    engine = Engine(db, clock=clock)
    chat = Chat(engine)
    plan_ready(chat)
    chat.say("3")
    chat.pick("Save my plan")
    at = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    leased = engine.due(at)  # a process takes it, then dies before sending
    assert len(leased) == 1
    assert engine.due(at) == []  # nobody else may send it meanwhile
    again = engine.due(datetime(2026, 11, 20, 9, 11, tzinfo=UTC))
    assert [d.id for d in again] == [leased[0].id]


def test_snooze_and_drop_from_a_reminder(db, clock):
    engine = Engine(db, clock=clock)
    chat = Chat(engine)
    plan_ready(chat)
    chat.say("3")
    chat.pick("Save my plan")
    due = reminders(engine, datetime(2026, 11, 20, 9, 0, tzinfo=UTC))
    clock.now = datetime(2026, 11, 20, 9, 5, tzinfo=UTC)
    chat.last = list(due[0].replies)
    chat.pick("Remind me tomorrow")
    assert "tomorrow" in chat.text
    assert reminders(engine, datetime(2026, 11, 21, 8, 59, tzinfo=UTC)) == []
    due = reminders(engine, datetime(2026, 11, 21, 9, 0, tzinfo=UTC))
    assert len(due) == 1
    chat.last = list(due[0].replies)
    chat.pick("Drop it")
    assert "Dropped" in chat.text
    chat.last = list(due[0].replies)
    chat.pick("Done")
    assert "already taken off" in chat.text


def test_done_cancels_the_reminder(db, clock):
    engine = Engine(db, clock=clock)
    chat = Chat(engine)
    plan_ready(chat)
    chat.say("3")
    chat.pick("Save my plan")
    chat.say("done 1")
    assert reminders(engine, datetime(2026, 12, 31, tzinfo=UTC)) == []


def test_empty_plan_offers_to_make_one(chat: Chat):
    chat.say("hi")
    chat.say("my plan")
    assert "don't have a plan" in chat.text
    chat.pick("Make a plan")
    assert "Which company" in chat.text


def test_without_a_time_zone_the_bot_asks_once_and_remembers(db, clock):
    engine = Engine(db, clock=clock)
    chat = Chat(engine, timezone=None)
    chat.say("hi")
    chat.say("I didn't get the job")
    chat.pick("Make a plan")
    chat.pick("Skip the rest")
    assert "what time zone are you in" in chat.text
    assert "(today)" not in chat.text and "Send your thank-you reply" not in chat.text
    chat.say("Atlantis")
    assert "don't recognise that time zone" in chat.text
    chat.say("Tokyo")
    assert "Asia/Tokyo" in chat.text and "Send your thank-you reply" in chat.text
    chat.say("4")  # the résumé once-over, due in two days
    chat.pick("Save my plan")
    assert "Saved: 1 step" in chat.text and "time zone" not in chat.text
    due = reminders(engine, datetime(2026, 11, 20, 0, 0, tzinfo=UTC))  # 9:00 in Tokyo
    assert len(due) == 1
    chat.say("my plan")
    chat.say("start over")
    chat.say("rejected again")
    chat.pick("Make a plan")
    chat.pick("Skip the rest")
    assert "time zone" not in chat.text  # remembered
    chat.say("1")
    chat.pick("Save my plan")
    assert "time zone" not in chat.text


def test_weekly_recap_and_its_one_click_opt_out(db, clock):
    engine = Engine(db, clock=clock)
    chat = Chat(engine)
    plan_ready(chat)
    chat.pick("Take them all")
    chat.pick("Save my plan")
    chat.say("done 1")
    week = reminders(engine, datetime(2026, 11, 25, 9, 0, tzinfo=UTC))
    recaps = [d for d in week if "Your week" in d.replies[0].text]
    assert len(recaps) == 1
    assert "Done this week" in recaps[0].replies[0].text
    chat.last = list(recaps[0].replies)
    chat.pick("Stop weekly recaps")
    assert "no more weekly recaps" in chat.text
    later = reminders(engine, datetime(2026, 12, 31, tzinfo=UTC))
    assert not [d for d in later if "Your week" in d.replies[0].text]


def test_stop_reminders_silences_everything(db, clock):
    engine = Engine(db, clock=clock)
    chat = Chat(engine)
    plan_ready(chat)
    chat.pick("Take them all")
    chat.pick("Save my plan")
    chat.say("stop reminders")
    assert "no more reminders" in chat.text
    assert reminders(engine, datetime(2026, 12, 31, tzinfo=UTC)) == []


def test_reminders_keep_9am_local_across_a_daylight_saving_change(db):
    from tests.conftest import Clock

    clock = Clock(datetime(2026, 10, 28, 12, 0, tzinfo=UTC))  # a Wednesday, US summer time
    engine = Engine(db, clock=clock)
    chat = Chat(engine, timezone="America/New_York")
    plan_ready(chat)
    chat.say("2 4")  # applications and the résumé, both due Fri 30 Oct (before the change)
    chat.say("1 Monday")  # applications to Mon 2 Nov, the day after clocks go back
    chat.pick("Save my plan")
    before = reminders(engine, datetime(2026, 10, 30, 13, 0, tzinfo=UTC))  # 9:00 EDT
    assert [r.text for d in before for r in d.replies if "résumé" in r.text]
    assert reminders(engine, datetime(2026, 11, 2, 13, 59, tzinfo=UTC)) == []
    after = reminders(engine, datetime(2026, 11, 2, 14, 0, tzinfo=UTC))  # 9:00 EST
    assert [r.text for d in after for r in d.replies if "applications" in r.text]

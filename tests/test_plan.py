"""Plans: suggested from the conversation, edited in plain words, saved, reminded, ticked off."""

from __future__ import annotations

from datetime import UTC, datetime

from bot import Engine
from bot.flows.facts import FIELDS
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


def plan_with(chat: Chat, **values: str) -> str:
    """Straight to the plan, with the facts given in one form submission."""
    chat.say("hi")
    chat.say("I didn't get the job")
    chat.pick("Make a plan")
    chat.event(values={field.id: values.get(field.id, "") for field in FIELDS})
    return chat.text


def test_with_a_configured_default_zone_nobody_is_asked(db, clock):
    engine = Engine(db, clock=clock, timezone="Europe/London")
    chat = Chat(engine, timezone=None)
    plan_ready(chat, company="Acme")
    assert "time zone" not in chat.text and "Send your thank-you reply to Acme" in chat.text


def test_the_time_zone_question_comes_before_dates_so_today_is_their_today(db):
    from tests.conftest import Clock

    # Thursday 23:30 in Los Angeles is already Friday in UTC.
    engine = Engine(db, clock=Clock(datetime(2026, 11, 20, 7, 30, tzinfo=UTC)))
    chat = Chat(engine, timezone=None)
    plan_ready(chat, company="Acme")
    assert "Before I put dates on anything" in chat.text and "Fri 20 Nov" not in chat.text
    chat.pick("US Pacific")
    assert "Do one kind thing for yourself (today)" in chat.text
    assert "Send 3 new applications (Fri 27 Nov)" in chat.text  # tomorrow is too soon
    chat.say("back")
    assert "Before I put dates" not in chat.text  # back leaves the plan, not a zone loop


def test_typing_1_picks_step_1_not_the_first_button(chat: Chat):
    plan_ready(chat, company="Acme")
    assert chat.labels == ["Save the suggested ones", "Take them all"]
    chat.say("1")
    assert "Here's your plan so far:\n\n1. Send your thank-you reply to Acme (today)" in chat.text
    assert "2. " not in chat.text.split("To change it")[0]
    chat.say("2")  # a bare number at the edit step is not "Choose again" either
    assert "didn't understand that change" in chat.text
    chat.say("1 3")
    assert "couldn't work out that date" not in chat.text


def test_the_suggested_steps_are_preselected_and_saved_in_one_click(chat: Chat):
    plan_ready(chat, company="Acme")
    assert "I'd start with the first three; the rest are there if you have room" in chat.text
    chat.pick("Save the suggested ones")
    assert "Saved: 3 steps" in chat.text
    chat.say("my plan")
    for title in ("Send your thank-you reply to Acme", "Send 3 new applications",
                  "Do one kind thing for yourself"):
        assert title in chat.text
    assert "résumé" not in chat.text and "network" not in chat.text


def test_suggestions_are_picked_by_relevance(chat: Chat):
    plan_with(chat, company="Acme", stage="applied")
    first_three = chat.text.split("From what you've told me")[0]
    assert "Give your résumé a once-over" in first_three  # application-only: the résumé matters
    assert "mock interview" not in chat.text


def test_employer_steps_fall_on_weekdays_in_local_time(db):
    from tests.conftest import Clock

    # Friday 17:30 in Los Angeles (Saturday 01:30 in UTC): too late to send today.
    engine = Engine(db, clock=Clock(datetime(2026, 11, 21, 1, 30, tzinfo=UTC)))
    chat = Chat(engine, timezone="America/Los_Angeles")
    plan_with(chat, company="Acme", stage="final", met_manager="yes", news="call",
              interviewer="Priya Shah")
    assert "Send your thank-you reply to Acme (Mon 23 Nov)" in chat.text
    assert "Connect with Priya Shah on LinkedIn (Mon 23 Nov)" in chat.text
    assert "Follow up on your feedback request (Fri 27 Nov)" in chat.text
    assert "Do one kind thing for yourself (today)" in chat.text  # not for the employer
    employer = [ln for ln in chat.text.splitlines() if ln[:1].isdigit() and ("Acme" in ln or
                                                                    "Priya" in ln)]
    assert len(employer) == 2 and not [ln for ln in employer if "Sat " in ln or "Sun " in ln]


def test_ghosted_plans_a_follow_up_not_a_thank_you(chat: Chat):
    text = plan_with(chat, company="Acme", stage="interview", news="silence", interviewer="Dana")
    assert "Send a follow-up to Acme (today)" in text
    assert "thank-you" not in text and "feedback request" not in text and "LinkedIn" not in text


def test_after_a_second_silence_the_plan_lets_the_employer_go(chat: Chat):
    chat.say("hi")
    chat.say("they never got back to me")
    chat.pick("Draft a reply")
    chat.event(values={field.id: {"company": "Acme", "news": "silence"}.get(field.id, "")
                       for field in FIELDS})
    chat.pick("I already followed up once")
    chat.pick("Make a plan")
    assert "Acme" not in chat.text and "follow-up" not in chat.text
    assert "Send 3 new applications" in chat.text


def test_automated_plans_an_optional_note(chat: Chat):
    text = plan_with(chat, company="Acme", stage="applied", news="automated")
    assert "If you'd like, send a short note to Acme" in text
    first_three = text.split("From what you've told me")[0].split("\n4. ")[0]
    assert "short note" not in first_three  # optional, so not preselected
    assert "thank-you" not in text and "LinkedIn" not in text


def test_titles_are_never_cut_mid_word(chat: Chat):
    question = ("Walk me through how you would redesign the onboarding funnel for a two-sided "
                "marketplace")
    chat.say("hi")
    chat.say("the final round at Acme went nowhere")
    chat.pick("Reflect")
    chat.pick("That's right")
    chat.pick("Skip the rest")
    chat.pick("Skip")  # went well
    chat.pick("Skip")  # differently
    chat.say(question)
    chat.pick("Skip")  # skills
    chat.pick("Already done")
    chat.pick("Make a plan")
    [line] = [ln for ln in chat.text.splitlines() if "Prepare an answer to:" in ln]
    shown = line.split("Prepare an answer to: ", 1)[1].split(" (")[0]
    assert shown.endswith("…")
    assert (question + " ").startswith(shown[:-1] + " ")  # ends on a whole word
    chat.pick("Take them all")
    long_title = " ".join(["Write to the whole hiring panel and thank each of them by name"] * 3)
    chat.say("1 = " + long_title)
    chat.pick("Save my plan")
    chat.say("my plan")
    full = [ln.split(". ", 1)[1].rsplit(" (", 1)[0] for ln in chat.text.splitlines()
            if ln[:1].isdigit()]
    cut = [label.removeprefix("Done: ")[:-1] for label in chat.labels if label.endswith("…")]
    assert cut  # the long titles were shortened on their buttons
    for prefix in cut:
        [whole] = [title for title in full if title.startswith(prefix)]
        assert whole[len(prefix)] == " "  # cut between words

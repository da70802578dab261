"""Reminders reach people as DMs when due, once; the clock is injected, nothing sleeps."""

from __future__ import annotations

from bot import Reply
from bot.model import Outbound
from tests.slack.conftest import AMY_DM, buttons, visible
from tests.slack.test_conversation import make_plan


def test_a_due_reminder_arrives_as_a_dm_and_only_once(slack, engine, clock):
    make_plan(slack)
    before = len(slack.posted())
    assert slack.bot.background.sender.drain() == 0  # nothing due yet
    clock.advance(hours=6)
    assert slack.bot.background.sender.drain() == 2
    reminders = slack.new(before)
    assert len(reminders) == 2 and {c.params["channel"] for c in reminders} == {AMY_DM}
    assert "A gentle reminder from your plan" in visible(reminders[0])
    values = [b["value"] for b in buttons(reminders[0])]
    assert values[0].startswith("plan:done:") and any(":snooze:" in v for v in values)
    clock.advance(minutes=30)  # well past any lease
    assert slack.bot.background.sender.drain() == 0
    assert len(slack.posted()) == before + 2


def test_done_on_a_reminder_ticks_it_off(slack, engine, clock):
    make_plan(slack)
    clock.advance(hours=6)
    slack.bot.background.sender.drain()
    slack.press("Done")
    assert "Well done" in visible(slack.posted()[-1])


def test_a_reminder_slack_could_not_take_is_tried_again(slack, engine, clock, fake):
    make_plan(slack)
    before = len(slack.posted())
    clock.advance(hours=6)
    fake.fail("chat.postMessage", error="internal_error")
    assert slack.bot.background.sender.drain() == 2
    assert "couldn't deliver" not in slack.said()  # no apology for a message they never saw
    attempts = [visible(c) for c in slack.new(before) if "gentle reminder" in visible(c)]
    assert len(attempts) == 3 and attempts[0] == attempts[1]  # refused once, then sent


def test_a_reminder_slack_keeps_refusing_waits_its_turn(slack, engine, clock, fake):
    make_plan(slack)
    clock.advance(hours=6)
    fake.fail("chat.postMessage", status=503, error="service_unavailable", times=8)
    assert slack.bot.background.sender.drain() == 0  # eight tries, all refused: the lane waits
    before = len(slack.posted())
    assert slack.bot.background.sender.drain() == 0 and len(slack.posted()) == before
    clock.advance(minutes=1)
    assert slack.bot.background.sender.drain() == 2
    assert sum("gentle reminder" in visible(c) for c in slack.new(before)) == 2


def test_a_reminder_slack_will_never_take_is_dropped(slack, engine, clock, fake):
    make_plan(slack)
    clock.advance(hours=6)
    fake.fail("chat.postMessage", error="account_inactive", times=2)
    assert slack.bot.background.sender.drain() == 0
    clock.advance(minutes=30)
    assert slack.bot.background.sender.drain() == 0


def test_a_delivery_for_a_channel_is_posted_there_in_its_thread(slack, fake):
    delivery = Outbound(7, "slack", "T0REBOUND", None,
                        Reply("This week's check-in", thread="1790000000.000100"),
                        channel="C0GROUP", scheduled=True)
    ts = slack.bot.send_outbound(delivery)
    [post] = fake.calls("chat.postMessage")
    assert post.params["channel"] == "C0GROUP"
    assert post.params["thread_ts"] == "1790000000.000100"
    assert ts and ts[0].isdigit()  # Slack's ts of the post, for the engine to thread under


def test_the_running_loop_delivers_without_being_asked(slack, engine, clock, fake):
    make_plan(slack)
    before = len(slack.posted())
    clock.advance(hours=6)
    slack.bot.start()
    try:
        fake.wait("chat.postMessage", count=before + 2, timeout=10)
    finally:
        slack.bot.stop()

"""Peer groups on Slack: set up privately, the bot's own posts in the channel, clicks answered
privately, so nothing a person says reaches the channel unless they chose to share it."""

from __future__ import annotations

from adapters.slack.reminders import deliver_due
from tests.slack.conftest import AMY_DM, CHANNEL, buttons, visible

BOB, BOB_DM = "U0BOB", "D0BOB"


def test_a_group_is_set_up_in_dms_announced_in_its_channel_and_joined_privately(slack, engine,
                                                                                fake):
    slack.command("group")
    assert "direct message" in visible(fake.calls("webhook")[0])
    for answer in ("Job Hunters", None, "9am", "London", "yes"):
        slack.press("Monday") if answer is None else slack.dm(answer)
    assert "Job Hunters is set up" in slack.said()
    assert {call.params["channel"] for call in slack.posted()} == {AMY_DM}

    deliver_due(engine, slack.bot.send_delivery)
    [announcement] = [c for c in slack.posted() if c.params["channel"] == CHANNEL]
    assert "Job Hunters is now a Rebound peer group" in visible(announcement)
    join = next(b for b in buttons(announcement) if b["value"].startswith("group:join:"))

    in_channel = len([c for c in slack.posted() if c.params["channel"] == CHANNEL])
    slack.click(join["value"], action_id=join["action_id"], user=BOB, channel=CHANNEL)
    welcome = fake.calls("webhook")[-1]
    assert welcome.params["response_type"] == "ephemeral"
    assert welcome.params["replace_original"] is False
    assert "Welcome to" in visible(welcome)
    assert len([c for c in slack.posted() if c.params["channel"] == CHANNEL]) == in_channel

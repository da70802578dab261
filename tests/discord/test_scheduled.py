"""Reminders and other scheduled messages, delivered by the running bot at their time."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from adapters.discord.outbox import transport
from bot import Choice, Reply
from bot.model import Outbound
from tests.discord.conftest import Harness, button, deliver_due, sent, text
from tests.discord.payloads import USER


async def save_a_plan(h: Harness) -> None:
    await h.dm("hi")
    await h.dm("I didn't get the job")
    await h.click(*button(h.fake, "Make a plan"))
    await h.click(*button(h.fake, "Skip the rest"))
    await h.click(*button(h.fake, "UK & Ireland"))  # asked before any date is shown
    await h.dm("4")  # the résumé once-over (an optional step), due Friday 20 November
    await h.click(*button(h.fake, "Save my plan"))


async def test_a_reminder_arrives_as_a_dm_at_its_time_and_only_once(harness, clock):
    async with harness as h:
        await save_a_plan(h)
        assert "Saved" in text(h.fake.calls[-3:])
        clock.now = datetime(2026, 11, 20, 8, 59, tzinfo=UTC)
        assert await deliver_due(h.bot) == 0
        clock.now = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # 9:00 in London
        mark = len(h.fake.calls)
        assert await deliver_due(h.bot) == 1
        [reminder] = sent(h.fake.calls[mark:])
        assert reminder.path == f"/channels/{h.fake.dm_channels[USER]}/messages"
        assert "résumé" in reminder.content
        assert reminder.labels == ["Done", "Remind me tomorrow", "Remind me next week", "Drop it"]
        assert reminder.body["allowed_mentions"] == {"parse": []}
        assert await deliver_due(h.bot) == 0
        calls = await h.click(*button(h.fake, "Done"))
        assert calls[0].body["type"] == 6 and "Done" in text(calls)


async def test_a_reminder_that_keeps_failing_waits_then_is_sent(harness, clock, monkeypatch):
    real_sleep = asyncio.sleep

    async def no_wait(delay, result=None):  # discord.py's own back-off on a 500
        return await real_sleep(0, result)

    monkeypatch.setattr(asyncio, "sleep", no_wait)
    async with harness as h:
        await save_a_plan(h)
        clock.now = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
        # discord.py tries five times per send, the sender eight sends per round
        h.fake.fail("POST", r"^/channels/\d+/messages$", 500, times=40)
        assert await deliver_due(h.bot) == 0
        assert await deliver_due(h.bot) == 0  # its lane waits a while: no hammering
        clock.now = datetime(2026, 11, 20, 9, 1, tzinfo=UTC)
        assert await deliver_due(h.bot) == 1


async def test_a_reminder_into_closed_dms_is_not_retried_forever(harness, clock):
    async with harness as h:
        await save_a_plan(h)
        clock.now = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
        h.fake.close_dms(USER)
        assert await deliver_due(h.bot) == 0
        clock.now = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)  # past the lease
        h.fake.closed_dms.clear()
        assert await deliver_due(h.bot) == 0


async def test_a_group_post_goes_to_its_channel_under_its_thread(harness):
    post = Outbound(7, "discord", "discord", None, channel="1101456789990002222",
                    scheduled=True, reply=Reply(
                        text="**Job Hunters**: it's check-in time.", thread="1309000000000000001",
                        choices=(Choice("group:checkin:3", "Check in"),)))
    async with harness as h:
        ref = await asyncio.to_thread(transport(h.bot), post)
        [call] = sent(h.fake.calls)[-1:]
        assert call.path == "/channels/1101456789990002222/messages"
        assert str(call.body["message_reference"]["message_id"]) == "1309000000000000001"
        assert call.custom_ids == ["rb:c:group:checkin:3"]
        posted = next(m for m in h.fake.messages.values()
                      if m["channel_id"] == "1101456789990002222")
        assert ref == posted["id"]

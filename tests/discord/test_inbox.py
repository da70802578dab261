"""Stored before acknowledged, answered through the outbox: restarts and late replies."""

from __future__ import annotations

from adapters.discord.fake import APP_ID
from tests.discord.conftest import button, sent, text
from tests.discord.payloads import USER, click, dm, slash

STORY = "I didn't get the job and I'm furious"


async def test_a_dm_acknowledged_before_a_crash_is_answered_after_the_restart(harness):
    async with harness as h:
        await h.dm("hi")
        assert not sent(await h.feed("MESSAGE_CREATE", dm(STORY), drain=False))
        await h.restart()  # the process died before any worker took the message
        mark = len(h.fake.calls)
        await h.drain()
        assert "Reflect on what happened" in [
            label for c in sent(h.fake.calls[mark:]) for label in c.labels]


async def test_a_click_is_deferred_first_and_answered_by_follow_up_after_a_restart(harness):
    async with harness as h:
        await h.dm("hi")
        await h.dm(STORY)
        custom_id, message = button(h.fake, "Reflect on what happened")
        [ack] = await h.feed("INTERACTION_CREATE", click(custom_id, message), drain=False)
        assert ack.path.endswith("/callback") and ack.body["type"] == 6
        await h.restart()
        mark = len(h.fake.calls)
        await h.drain()
        assert "Which company was it?" in text(h.fake.calls[mark:])


async def test_rejected_in_a_dm_is_answered_in_place_after_a_restart(harness):
    async with harness as h:
        [ack] = await h.feed("INTERACTION_CREATE", slash(server=False, what_happened=STORY),
                             drain=False)
        assert ack.body == {"type": 5}
        await h.restart()
        await h.drain()
        first, *rest = [c for c in sent(h.fake.calls) if "/webhooks/" in c.path]
        assert first.method == "PATCH" and "I'm a bot" in first.content
        assert rest and all(c.method == "POST" for c in rest)
        assert not h.fake.find("DELETE", r"/messages/@original$")


async def test_once_the_token_has_run_out_the_reply_goes_to_the_dm(harness, clock):
    async with harness as h:
        await h.feed("INTERACTION_CREATE", slash(what_happened=STORY), drain=False)
        clock.advance(minutes=15)
        mark = len(h.fake.calls)
        await h.drain()
        after = h.fake.calls[mark:]
        assert not [c for c in after if c.path.startswith(f"/webhooks/{APP_ID}/")]
        dms = f"/channels/{h.fake.dm_channels[USER]}/messages"
        assert {c.path for c in sent(after)} == {dms}
        assert "I'm a bot" in text(after)


async def test_a_repeated_interaction_is_answered_once_and_stops_thinking(harness):
    async with harness as h:
        payload = slash(what_happened=STORY)
        await h.feed("INTERACTION_CREATE", payload)
        mark = len(h.fake.calls)
        again = await h.feed("INTERACTION_CREATE", payload)
        assert again[0].body["type"] == 5
        assert not sent(again)  # no second conversation in their DMs
        assert h.fake.find("DELETE", r"/messages/@original$", after=mark)

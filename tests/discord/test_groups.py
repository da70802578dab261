"""Peer groups on Discord: set up privately, announced in the channel, buttons for anyone."""

from __future__ import annotations

from adapters.discord.fake import APP_ID
from adapters.discord.reminders import deliver_due
from tests.discord.conftest import Harness, button, message_with, sent, text
from tests.discord.payloads import GUILD_CHANNEL

OTHER = "1187231209311290001"


async def set_up_group(h: Harness) -> dict:
    """`/rejected group` in the channel, the set-up form in DMs, then the announcement."""
    await h.slash(action="group")
    [note] = h.fake.find("PATCH", r"/messages/@original$")
    assert "sent you a direct message to set up the group" in note.content
    calls = await h.submit("rb:f:groups.setup", {
        "name": "Job Hunters", "day": ["mon"], "time": "9:00", "timezone": "Europe/London",
        "buddies": ["no"]}, message_with(h.fake, "rb:o:groups.setup"))
    assert "Job Hunters" in text(calls) and "is set up" in text(calls)
    mark = len(h.fake.calls)
    assert await deliver_due(h.bot) == 1
    [post] = sent(h.fake.calls[mark:])
    assert post.path == f"/channels/{GUILD_CHANNEL}/messages"
    return h.fake.messages[next(m for m in reversed(h.fake.messages)
                                if h.fake.messages[m]["channel_id"] == GUILD_CHANNEL)]


async def test_a_group_is_set_up_in_dms_and_announced_in_its_channel(harness):
    async with harness as h:
        post = await set_up_group(h)
        assert "Job Hunters" in post["content"] and "is now a Rebound peer group" in post["content"]
        labels = [c["label"] for row in post["components"] for c in row["components"]]
        assert labels == ["Join this group", "Check in"]
        assert not [c for c in h.fake.calls if c.path == f"/channels/{GUILD_CHANNEL}/messages"
                    and "Job Hunters" not in c.content]


async def test_anyone_can_join_from_the_post_and_check_in_privately(harness):
    async with harness as h:
        post = await set_up_group(h)
        calls = await h.click(button(h.fake, "Join this group")[0], post, server=True, user=OTHER)
        assert calls[0].body["type"] == 6
        [joined] = sent(calls)
        assert joined.path.startswith(f"/webhooks/{APP_ID}/") and joined.body["flags"] & 64
        assert "Welcome to **Job Hunters**" in joined.content
        mark = len(h.fake.calls)
        calls = await h.click(button(h.fake, "Check in")[0], post, server=True, user=OTHER)
        notes = [c for c in sent(calls) if "/webhooks/" in c.path]
        assert notes and all(c.body["flags"] & 64 for c in notes)
        assert "direct message for your check-in" in text(notes)
        their_dm = f"/channels/{h.fake.dm_channels[OTHER]}/messages"
        assert [c for c in sent(calls) if c.path == their_dm]  # the check-in happens in DMs
        assert not h.fake.find("POST", rf"^/channels/{GUILD_CHANNEL}/", after=mark)

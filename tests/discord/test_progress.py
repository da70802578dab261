"""`/rejected progress` and `my progress` on Discord: the picture as a multipart attachment."""

from __future__ import annotations

from tests.discord.conftest import sent, text
from tests.discord.test_conversation import start_venting


async def test_my_progress_arrives_as_a_png_attachment(harness):
    async with harness as h:
        await start_venting(h)
        store, now = h.engines[-1].store, h.clock()
        with store.transaction():  # a step done, so there is something to draw
            key = store.db.value("SELECT key FROM conversations")
            done = store.add_action(key, "Update my CV", "self", now.date().isoformat(), now)
            store.update_action(done, status="done", done_at=now.isoformat())
        calls = await h.dm("my progress")
        [call] = [c for c in sent(calls) if c.uploads]
        [upload] = call.uploads
        assert upload.filename == "rebound-progress.png"
        assert upload.data[:8] == b"\x89PNG\r\n\x1a\n"
        [described] = call.body["attachments"]
        assert "Bars show plan steps done" in described["description"]


async def test_with_nothing_done_yet_my_progress_says_so_without_a_file(harness):
    async with harness as h:
        await start_venting(h)
        calls = await h.dm("my progress")
        assert "nothing to draw yet" in text(calls)
        assert not [c for c in sent(calls) if c.uploads]


async def test_the_slash_command_shows_the_journey(harness):
    async with harness as h:
        await start_venting(h)
        calls = await h.slash(action="journey")
        assert "nothing to show yet" in text(calls)

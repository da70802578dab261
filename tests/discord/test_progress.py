"""`/rejected progress` and `my progress` on Discord: the picture as a multipart attachment."""

from __future__ import annotations

from tests.discord.conftest import sent, text
from tests.discord.test_conversation import start_venting


async def test_my_progress_arrives_as_a_png_attachment(harness):
    async with harness as h:
        await start_venting(h)
        calls = await h.dm("my progress")
        [call] = [c for c in sent(calls) if c.uploads]
        [upload] = call.uploads
        assert upload.filename == "rebound-progress.png"
        assert upload.data[:8] == b"\x89PNG\r\n\x1a\n"
        [described] = call.body["attachments"]
        assert "Bars show plan steps done" in described["description"]


async def test_the_slash_command_shows_the_journey(harness):
    async with harness as h:
        await start_venting(h)
        calls = await h.slash(action="journey")
        assert "nothing to show yet" in text(calls)

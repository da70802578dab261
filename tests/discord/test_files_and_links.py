"""Links as Discord link buttons, files as multipart attachments of the message."""

from __future__ import annotations

from bot.model import Attachment, Choice, Link, Reply
from tests.discord.conftest import sent
from tests.discord.payloads import USER

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))


async def test_web_links_are_link_buttons_and_addresses_discord_refuses_are_left_out(harness):
    reply = Reply(text="A few places that might help.",
                  choices=(Choice("plan.home:open", "My plan"),),
                  links=(Link("Open the course", "https://example.org/course?a=1&b=2"),
                         Link("Open in my email app", "mailto:hr@example.com?subject=Hi"),
                         Link("Far too long", "https://example.org/" + "x" * 600)))
    async with harness as h:
        await h.bot.send_dm(reply, int(USER))
        [call] = sent(h.fake.calls)
        [row] = call.data["components"]
        link, choice = row["components"]
        assert (link["style"], link["label"], link["url"]) == (
            5, "Open the course", "https://example.org/course?a=1&b=2")
        assert "custom_id" not in link  # Discord opens it; no interaction comes back
        assert choice["custom_id"] == "rb:c:plan.home:open"
        assert "mailto" not in str(call.body)


async def test_files_arrive_as_multipart_attachments_with_their_names(harness):
    reply = Reply(text="Your calendar and this week's picture.", attachments=(
        Attachment("rebound-plan.ics", "text/calendar", b"BEGIN:VCALENDAR\r\n"),
        Attachment("progress.png", "image/png", PNG, alt_text="Steps done: 1, 2, 3")))
    async with harness as h:
        await h.bot.send_dm(reply, int(USER))
        [call] = sent(h.fake.calls)
        assert call.content == "Your calendar and this week's picture."
        assert [(u.name, u.filename, u.data) for u in call.uploads] == [
            ("files[0]", "rebound-plan.ics", b"BEGIN:VCALENDAR\r\n"),
            ("files[1]", "progress.png", PNG)]
        described = {a["filename"]: a.get("description") for a in call.body["attachments"]}
        assert described == {"rebound-plan.ics": None, "progress.png": "Steps done: 1, 2, 3"}

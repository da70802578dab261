"""Links as url buttons, files through Slack's upload flow into the person's DM."""

from __future__ import annotations

from bot.model import Attachment, Link, Outbound, Reply
from tests.slack.conftest import AMY, AMY_DM, CHANNEL, Slack, buttons, payload

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))


def reply_to_amy(reply: Reply, **meta: object) -> Outbound:
    return Outbound(11, "slack", "T0REBOUND", AMY, reply, meta=meta)


def test_a_link_is_a_url_button_and_a_picture_is_uploaded_after_the_words(slack: Slack, fake):
    reply = Reply(text="Here's how your weeks look.",
                  links=(Link("Open in my email app", "mailto:?subject=Thanks%20again"),),
                  attachments=(Attachment("progress.png", "image/png", PNG,
                                          alt_text="Steps done per week: 1, 3, 2"),))
    slack.bot.send_outbound(reply_to_amy(reply))
    methods = [c.method for c in fake.calls() if c.method != "conversations.open"]
    assert methods == ["chat.postMessage", "files.getUploadURLExternal", "upload",
                       "files.completeUploadExternal"]
    [post] = slack.posted()
    [link] = buttons(post)
    assert link["url"] == "mailto:?subject=Thanks%20again"
    assert link["text"]["text"] == "Open in my email app"
    [asked] = fake.calls("files.getUploadURLExternal")
    assert asked.params["filename"] == "progress.png"
    assert asked.params["alt_txt"] == "Steps done per week: 1, 3, 2"
    [upload] = fake.calls("upload")
    assert upload.params["data"] == PNG  # the bytes, untouched
    [complete] = fake.calls("files.completeUploadExternal")
    assert complete.params["channel_id"] == AMY_DM
    assert complete.params["files"] == [{"id": upload.params["file_id"],
                                         "title": "progress.png"}]


def test_several_files_go_up_in_one_completion(slack: Slack, fake):
    reply = Reply(text="Your plan, two ways.", attachments=(
        Attachment("rebound-plan.ics", "text/calendar", b"BEGIN:VCALENDAR\r\n"),
        Attachment("progress.png", "image/png", PNG)))
    slack.bot.send_outbound(reply_to_amy(reply))
    assert [c.params["filename"] for c in fake.calls("files.getUploadURLExternal")] == [
        "rebound-plan.ics", "progress.png"]
    assert [c.params["data"] for c in fake.calls("upload")] == [b"BEGIN:VCALENDAR\r\n", PNG]
    [complete] = fake.calls("files.completeUploadExternal")
    assert len(complete.params["files"]) == 2


def test_a_private_reply_in_a_channel_sends_its_file_to_the_dm_not_the_channel(slack, fake):
    reply = Reply(text="Sent to your DMs.", private=True, channel=CHANNEL, attachments=(
        Attachment("rebound-my-data.json", "application/json", b"{}"),))
    slack.bot.send_outbound(reply_to_amy(reply))
    [note] = fake.calls("chat.postEphemeral")
    assert note.params["channel"] == CHANNEL
    [complete] = fake.calls("files.completeUploadExternal")
    assert complete.params["channel_id"] == AMY_DM


def test_a_click_on_a_link_button_is_only_acknowledged(slack: Slack, fake):
    slack.dm("hi")
    before = len(fake.calls())
    body = payload("block_actions")
    body["user"]["id"] = AMY
    body["actions"][0].update(action_id="rb:u:0", url="mailto:?subject=Hi")
    body["actions"][0].pop("value", None)
    response = slack.interact(body)
    assert response.status == 200
    assert [c.method for c in fake.calls()[before:]] == []

"""`/rejected` in a server: private from the first reply, then on in a DM (or right there)."""

from __future__ import annotations

from adapters.discord.fake import APP_ID
from tests.discord.conftest import Harness, button, message_with, sent, text
from tests.discord.payloads import GUILD_CHANNEL, USER

STORY = "I didn't get the job and I'm furious"


def nothing_public(h: Harness) -> None:
    """No message in the server channel, and every interaction message ephemeral."""
    assert not h.fake.find("POST", rf"^/channels/{GUILD_CHANNEL}/")
    for call in h.fake.calls:
        if call.method == "POST" and call.path.endswith("/callback"):
            assert call.body["type"] not in (4, 5) or call.body["data"]["flags"] & 64
        if call.method == "POST" and call.path.startswith(f"/webhooks/{APP_ID}/"):
            assert call.body["flags"] & 64


def dms(h: Harness, calls: list) -> list:
    channel = h.fake.dm_channels[USER]
    return [c for c in sent(calls) if c.path == f"/channels/{channel}/messages"]


async def test_rejected_answers_ephemerally_and_carries_on_in_a_dm(harness):
    async with harness as h:
        calls = await h.slash(what_happened=STORY)
        ack = calls[0]
        assert ack.path.endswith("/callback") and ack.query == {"with_response": "1"}
        assert ack.body == {"type": 5, "data": {"flags": 64}}
        [note] = h.fake.find("PATCH", r"/messages/@original$")
        assert "sent you a direct message" in note.content
        assert note.body["allowed_mentions"] == {"parse": []}
        conversation = dms(h, calls)
        assert "I'm a bot" in conversation[0].content
        assert "Reflect on what happened" in conversation[-1].labels
        calls = await h.click(*button(h.fake, "Reflect on what happened"))
        assert "Which company was it?" in text(dms(h, calls))
        nothing_public(h)


async def test_a_dm_and_rejected_in_a_server_are_one_conversation(harness):
    async with harness as h:
        await h.dm("hi")
        await h.dm(STORY)
        calls = await h.slash()
        assert "Carry on where we were" in [label for c in dms(h, calls) for label in c.labels]


async def test_help_plan_and_forget_options(harness):
    async with harness as h:
        calls = await h.slash(action="help")
        assert "Here's what you can type" in text(dms(h, calls))
        calls = await h.slash(action="plan")
        assert "You don't have a plan saved yet" in text(dms(h, calls))
        calls = await h.slash(action="forget")
        assert "delete everything I've stored about you" in text(dms(h, calls))
        calls = await h.click(*button(h.fake, "Yes, delete everything"))
        assert "I've deleted everything" in text(dms(h, calls))
        nothing_public(h)


async def test_closed_dms_are_explained_and_the_chat_can_continue_here(harness):
    async with harness as h:
        h.fake.close_dms(USER)
        await h.slash(what_happened=STORY)
        refused = h.fake.find("POST", r"^/channels/\d+/messages$")
        assert refused and not any(h.fake.messages[m]["channel_id"] == h.fake.dm_channels[USER]
                                   for m in h.fake.messages)
        # "I've sent you a DM" came first; the explanation replaced it in the response
        note, notice = h.fake.find("PATCH", r"/messages/@original$")
        assert "sent you a direct message" in note.content
        assert "Privacy Settings" in notice.content and "Direct Messages" in notice.content
        assert notice.custom_ids == ["rb:here"]
        assert notice.labels == ["Carry on here, privately"]

        calls = await h.click("rb:here", message_with(h.fake, "rb:here"), server=True)
        assert calls[0].body["type"] == 6
        assert sent(calls) and all(c.path.startswith(f"/webhooks/{APP_ID}/") for c in sent(calls))
        assert "I'm a bot" in text(calls)

        mark = len(h.fake.calls)
        custom_id, message = button(h.fake, "Reflect on what happened")
        calls = await h.click(custom_id, message, server=True)
        assert "Which company was it?" in text(calls)
        calls = await h.click(*button(h.fake, "Fill in all at once"), server=True)
        assert calls[0].body["type"] == 9
        assert not h.fake.find("POST", r"^/channels/", after=mark)  # no more refused DMs
        nothing_public(h)


async def test_continue_here_after_a_restart_resumes_the_conversation(harness):
    async with harness as h:
        h.fake.close_dms(USER)
        await h.slash(what_happened=STORY)
        await h.restart()
        calls = await h.click("rb:here", message_with(h.fake, "rb:here"), server=True)
        assert "Welcome back" in text(calls)
        assert "Reflect on what happened" in [label for c in sent(calls) for label in c.labels]
        nothing_public(h)


async def test_rejected_in_the_bots_dm_answers_in_place(harness):
    async with harness as h:
        calls = await h.slash(server=False, what_happened=STORY)
        assert calls[0].body == {"type": 5}  # "thinking", visible: this is their DM
        [first] = h.fake.find("PATCH", r"/messages/@original$")
        assert "I'm a bot" in first.content
        assert "Reflect on what happened" in sent(calls)[-1].labels
        assert not h.fake.find("POST", r"^/users/@me/channels$")

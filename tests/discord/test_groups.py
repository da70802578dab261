"""Peer groups on Discord: set up privately, announced in the channel, buttons for anyone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from adapters.discord.fake import APP_ID, Call
from tests.discord.conftest import Harness, button, deliver_due, message_with, sent, text
from tests.discord.payloads import GUILD_CHANNEL, USER

OTHER = "1187231209311290001"


async def set_up_group(h: Harness) -> dict:
    """`/rejected group` in the channel, the set-up form in DMs, then the announcement."""
    await h.slash(action="group", admin=True)
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


# -- a week in the group: prompt, private answers, digest, encouragement ----------------------

BOB, CAROL = OTHER, "1187231209311290002"
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Mondays at 9:00 in London (GMT in November)
CHANNEL_POSTS = rf"^/channels/{GUILD_CHANNEL}/messages$"


def dm_channel(h: Harness, user: str) -> str:
    return h.fake.dm_channels[user]


def posted_in(h: Harness, channel: str, after: int = 0) -> list[Call]:
    """What the bot posted in `channel` (a server channel or someone's DMs) since `after`."""
    return [c for c in sent(h.fake.calls[after:]) if c.path == f"/channels/{channel}/messages"]


def button_in(h: Harness, channel: str, label: str) -> tuple[str, dict]:
    """The latest button labelled like `label` on a message in `channel` (not someone else's)."""
    for message in reversed(list(h.fake.messages.values())):
        if message["channel_id"] != channel:
            continue
        for row in message.get("components", []):
            for c in row.get("components", []):
                if label.lower() in str(c.get("label", "")).lower():
                    return c["custom_id"], message
    raise AssertionError(f"no button like {label!r} in channel {channel}")


def button_on(message: dict, label: str) -> str:
    """The custom_id of the button labelled `label` on this very message."""
    [custom_id] = [c["custom_id"] for row in message.get("components", [])
                   for c in row["components"] if c.get("label") == label]
    return custom_id


async def group_with_members(h: Harness) -> None:
    """Amy sets up Job Hunters; Bob and Carol join from the announcement."""
    post = await set_up_group(h)
    join_id = button(h.fake, "Join this group")[0]
    for user, name in ((BOB, "Bob"), (CAROL, "Carol")):
        calls = await h.click(join_id, post, server=True, user=user, name=name)
        assert "Welcome to **Job Hunters**" in text(calls)


async def weekly_prompt(h: Harness, clock) -> dict:
    """Monday 9:00 comes round: the prompt is posted; the message as Discord stored it."""
    clock.now = MONDAY
    mark = len(h.fake.calls)
    assert await deliver_due(h.bot) == 1
    [post] = posted_in(h, GUILD_CHANNEL, mark)
    return next(m for m in reversed(h.fake.messages.values())
                if m["channel_id"] == GUILD_CHANNEL and m["content"] == post.content)


async def check_in_with_buttons(h: Harness, prompt: dict, user: str, name: str, *, mood: str,
                                answers: tuple[str, str, str], share: set[str]) -> list[Call]:
    """Check in from the channel prompt, answering in DMs by buttons and typed messages."""
    mark = len(h.fake.calls)
    calls = await h.click(button_on(prompt, "Check in"), prompt, server=True, user=user,
                          name=name)
    notes = [c for c in sent(calls) if "/webhooks/" in c.path]
    assert notes and all(c.body["flags"] & 64 for c in notes)
    assert "sent you a direct message for your check-in" in text(notes)
    dms = dm_channel(h, user)
    assert "How has your week felt" in text(posted_in(h, dms, mark))
    await h.click(*button_in(h, dms, mood), user=user, name=name)
    for answer in answers:
        if answer:
            await h.dm(answer, user=user, name=name, channel=dms)
        else:
            await h.click(*button_in(h, dms, "Skip"), user=user, name=name)
    calls = await h.click(*button_in(h, dms, "Let me choose"), user=user, name=name)
    asked = {"Share your mood": "mood", "Share your win": "win", "Share what's next": "next",
             "Share that you could use a hand": "hand"}
    while part := next((p for q, p in asked.items() if q in text(calls)), None):
        pick = "Share it" if part in share else "Keep it private"
        calls = await h.click(*button_in(h, dms, pick), user=user, name=name)
    assert "Thanks for checking in with **Job Hunters**" in text(calls)
    return h.fake.calls[mark:]


async def test_the_weekly_prompt_is_one_public_post_with_a_check_in_button(harness, clock):
    async with harness as h:
        await group_with_members(h)
        clock.now = MONDAY - timedelta(minutes=1)
        mark = len(h.fake.calls)
        assert await deliver_due(h.bot) == 0
        assert not h.fake.find("POST", CHANNEL_POSTS, after=mark)
        prompt = await weekly_prompt(h, clock)
        [post] = sent(h.fake.calls[mark:])  # one post, and no DM to anyone (no buddy pairs)
        assert post.path == f"/channels/{GUILD_CHANNEL}/messages"
        assert "**Job Hunters**: it's check-in time" in post.content
        assert post.labels == ["Check in"]
        assert post.body["allowed_mentions"] == {"parse": []}
        assert "message_reference" not in post.body  # a new post, not a reply
        assert post.custom_ids == [button_on(prompt, "Check in")] == ["rb:c:group:checkin:1"]
        mark = len(h.fake.calls)
        assert await deliver_due(h.bot) == 0  # and only once
        assert not sent(h.fake.calls[mark:])


async def test_check_in_answers_stay_in_dms_and_only_some_are_shared(harness, clock):
    async with harness as h:
        await group_with_members(h)
        prompt = await weekly_prompt(h, clock)
        mark = len(h.fake.calls)
        calls = await check_in_with_buttons(
            h, prompt, BOB, "Bob", mood="4 Good",
            answers=("Sent three applications", "Prep for the Globex call", "SQL practice"),
            share={"mood", "win", "hand"})
        assert "include what you chose to share" in text(calls)
        bobs = posted_in(h, dm_channel(h, BOB), mark)
        said = text(bobs)
        assert "Share your win: \"Sent three applications\"?" in said
        assert "Share what's next: \"Prep for the Globex call\"?" in said
        assert not h.fake.find("POST", CHANNEL_POSTS, after=mark)  # the channel heard nothing
        assert not [c for c in sent(h.fake.calls[mark:]) if "Globex" in c.content
                    and c.path != f"/channels/{dm_channel(h, BOB)}/messages"]


async def check_in_with_the_form(h: Harness, prompt: dict, user: str, name: str,
                                 values: dict) -> list[Call]:
    """Check in from the channel prompt with the form: the first modal (five inputs) in DMs."""
    mark = len(h.fake.calls)
    await h.click(button_on(prompt, "Check in"), prompt, server=True, user=user, name=name)
    form_id, form_message = button_in(h, dm_channel(h, user), "Fill in all at once")
    [modal] = await h.click(form_id, form_message, user=user, name=name)
    assert modal.body["type"] == 9 and modal.body["data"]["title"] == "Weekly check-in"
    inputs = [row["component"]["custom_id"] for row in modal.body["data"]["components"]]
    assert inputs == ["mood", "win", "next", "hand", "share_mood"]
    await h.submit(modal.body["data"]["custom_id"], values, form_message, user=user, name=name)
    return h.fake.calls[mark:]


async def the_rest_of_the_form(h: Harness, user: str, name: str, values: dict) -> list[Call]:
    """The follow-up modal the engine offers for the questions the first one had no room for."""
    form_id, form_message = button_in(h, dm_channel(h, user), "Fill in all at once")
    [modal] = await h.click(form_id, form_message, user=user, name=name)
    inputs = [row["component"]["custom_id"] for row in modal.body["data"]["components"]]
    assert inputs == list(values)
    return await h.submit(modal.body["data"]["custom_id"], values, form_message, user=user,
                          name=name)


async def test_a_check_in_through_the_form_stays_private_unless_shared(harness, clock):
    async with harness as h:
        await group_with_members(h)
        prompt = await weekly_prompt(h, clock)
        mark = len(h.fake.calls)
        calls = await check_in_with_the_form(h, prompt, USER, "Amy", {
            "mood": ["2"], "win": "Went for a run", "next": "", "hand": "", "share_mood": ["no"]})
        assert "Thanks for checking in" not in text(calls)  # only "share your win?" is left
        calls = await the_rest_of_the_form(h, USER, "Amy", {"share_win": ["no"]})
        [done] = [c for c in sent(calls) if "Thanks for checking in" in c.content]
        assert done.path == f"/channels/{dm_channel(h, USER)}/messages"
        assert "Everything you said stays between us" in done.content
        assert not h.fake.find("POST", CHANNEL_POSTS, after=mark)


async def test_the_second_check_in_modal_lets_people_share_their_answers(harness, clock):
    async with harness as h:
        await group_with_members(h)
        prompt = await weekly_prompt(h, clock)
        calls = await check_in_with_the_form(h, prompt, BOB, "Bob", {
            "mood": ["4"], "win": "Sent three applications", "next": "Prep for the Globex call",
            "hand": "SQL practice", "share_mood": ["yes"]})
        assert "Thanks for checking in" not in text(calls)  # three questions are still to come
        form_id, form_message = button_in(h, dm_channel(h, BOB), "Fill in all at once")
        [modal] = await h.click(form_id, form_message, user=BOB, name="Bob")
        inputs = [row["component"]["custom_id"] for row in modal.body["data"]["components"]]
        assert inputs == ["share_win", "share_next", "share_hand"]
        calls = await h.submit(modal.body["data"]["custom_id"], {
            "share_win": ["yes"], "share_next": ["no"], "share_hand": ["yes"]},
            form_message, user=BOB, name="Bob")
        assert "include what you chose to share" in text(calls)
        clock.now = MONDAY + timedelta(hours=24)
        mark = len(h.fake.calls)
        assert await deliver_due(h.bot) == 1
        [digest] = posted_in(h, GUILD_CHANNEL, mark)
        assert "Sent three applications" in digest.content and "SQL practice" in digest.content
        assert "Globex" not in digest.content


async def a_week_of_check_ins(h: Harness, clock) -> tuple[dict, Call]:
    """Bob shares some answers, Amy none (by the form), Carol skips; the digest comes out."""
    await group_with_members(h)
    prompt = await weekly_prompt(h, clock)
    await check_in_with_buttons(
        h, prompt, BOB, "Bob", mood="4 Good",
        answers=("Sent three applications", "Prep for the Globex call", "SQL practice"),
        share={"mood", "win", "hand"})
    await check_in_with_the_form(h, prompt, USER, "Amy", {
        "mood": ["2"], "win": "Went for a run", "next": "", "hand": "", "share_mood": ["no"]})
    await the_rest_of_the_form(h, USER, "Amy", {"share_win": ["no"]})
    clock.now = MONDAY + timedelta(hours=23, minutes=59)
    assert await deliver_due(h.bot) == 0
    clock.now = MONDAY + timedelta(hours=24)
    mark = len(h.fake.calls)
    assert await deliver_due(h.bot) == 1
    [digest] = sent(h.fake.calls[mark:])
    return prompt, digest


async def test_the_digest_replies_to_the_prompt_with_only_what_was_shared(harness, clock):
    async with harness as h:
        prompt, digest = await a_week_of_check_ins(h, clock)
        assert digest.path == f"/channels/{GUILD_CHANNEL}/messages"
        assert str(digest.body["message_reference"]["message_id"]) == prompt["id"]
        assert str(digest.body["message_reference"]["channel_id"]) == GUILD_CHANNEL
        assert digest.body["allowed_mentions"] == {"parse": []}
        content = digest.content
        assert "**Job Hunters: this week's check-ins**" in content
        assert "**Bob**" in content and "Mood: 4/5" in content
        assert "Win: Sent three applications" in content
        assert "Could use a hand with: SQL practice" in content
        assert "Globex" not in content and "Next:" not in content  # Bob kept that private
        assert "Amy" not in content and "Went for a run" not in content and "2/5" not in content
        assert "Carol" not in content  # skipping is not announced either
        assert digest.labels == ["Encourage Bob"]
        assert digest.custom_ids[0].startswith("rb:c:group:cheer:c")
        mark = len(h.fake.calls)
        assert await deliver_due(h.bot) == 0  # one digest
        assert not sent(h.fake.calls[mark:])


async def test_encouragement_is_written_in_dms_screened_delivered_and_mutable(harness, clock):
    async with harness as h:
        await a_week_of_check_ins(h, clock)
        digest = next(m for m in reversed(h.fake.messages.values())
                      if m["channel_id"] == GUILD_CHANNEL)
        cheer = button_in(h, GUILD_CHANNEL, "Encourage Bob")
        amy_dms, bob_dms = dm_channel(h, USER), dm_channel(h, BOB)
        assert cheer[1]["id"] == digest["id"]
        mark = len(h.fake.calls)

        calls = await h.click(*cheer, server=True, user=USER, name="Amy")
        notes = [c for c in sent(calls) if "/webhooks/" in c.path]
        assert notes and all(c.body["flags"] & 64 for c in notes)
        assert "sent you a direct message so you can write your note to Bob" in text(notes)
        assert "Write a short, kind note for **Bob**" in text(posted_in(h, amy_dms, mark))

        calls = await h.dm("you're a loser", user=USER, name="Amy", channel=amy_dms)
        assert "I can't send that one" in text(calls)
        assert await deliver_due(h.bot) == 0 and not posted_in(h, bob_dms, mark)

        calls = await h.dm("Three applications in a week is brilliant. Go get that SQL!",
                           user=USER, name="Amy", channel=amy_dms)
        assert "Sent. That'll mean a lot to Bob" in text(calls)
        assert not posted_in(h, bob_dms, mark)  # delivered by the scheduler, not inline
        assert await deliver_due(h.bot) == 1
        [note] = posted_in(h, bob_dms, mark)
        assert "**Amy** sent you a note" in note.content
        assert "Three applications in a week is brilliant" in note.content
        assert "loser" not in note.content
        assert note.labels == ["Mute notes from Amy"]
        assert note.body["allowed_mentions"] == {"parse": []}

        calls = await h.click(*button_in(h, bob_dms, "Mute notes from Amy"), user=BOB, name="Bob")
        assert calls[0].body["type"] == 6
        assert "You won't get notes from them any more" in text(calls)
        assert all(c.path == f"/channels/{bob_dms}/messages" for c in sent(calls))

        mark = len(h.fake.calls)
        await h.click(*cheer, server=True, user=USER, name="Amy")
        calls = await h.dm("Another one: keep going!", user=USER, name="Amy", channel=amy_dms)
        assert "Sent" in text(calls)  # the sender is not told they were muted
        assert await deliver_due(h.bot) == 0
        assert not posted_in(h, bob_dms, mark)
        assert not h.fake.find("POST", CHANNEL_POSTS, after=mark)

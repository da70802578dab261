"""Peer groups on Slack: set up privately, the bot's own posts in the channel, clicks answered
privately, so nothing a person says reaches the channel unless they chose to share it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from slack_bolt.response import BoltResponse

from adapters.slack.fake import Call, FakeSlack
from tests.slack.conftest import AMY, AMY_DM, CHANNEL, Slack, buttons, payload, visible

BOB, BOB_DM = "U0BOB", "D0BOB"


def test_a_group_is_set_up_in_dms_announced_in_its_channel_and_joined_privately(slack, engine,
                                                                                fake):
    slack.command("group")
    assert "direct message" in visible(fake.calls("webhook")[0])
    for answer in ("Job Hunters", None, "9am", "London", "yes"):
        slack.press("Monday") if answer is None else slack.dm(answer)
    assert "Job Hunters is set up" in slack.said()
    assert {call.params["channel"] for call in slack.posted()} == {AMY_DM}

    slack.bot.background.sender.drain()
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


# -- a week in the group: prompt, private answers, digest, encouragement ----------------------

CAROL, DAN = "U0CAROL", "U0DAN"
PROFILES = {AMY: ("Amy", "Amy Example"), BOB: ("Bob", "Robert Builder"),
            CAROL: ("", "Carol Jones"), DAN: ("Dan", "Daniel Smith")}
"""Each person's Slack display name (Carol has not set one) and full name."""
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Mondays at 9:00 in London (GMT in November)


class Workspace(FakeSlack):
    """The fake, with each person's names in users.info, remembering the ts of each post."""

    def __init__(self) -> None:
        super().__init__()
        self.stamps: list[tuple[str, str, str]] = []  # (channel, fallback text, ts) per post

    def _answer(self, method: str, params: dict[str, Any]) -> Any:
        answer = super()._answer(method, params)
        if answer.body.get("ok") and method == "users.info":
            display, full = PROFILES[params["user"]]
            answer.body["user"].update(name=full.split()[0].lower(), real_name=full, profile={
                "real_name": full, "display_name": display})
        if answer.body.get("ok") and method == "chat.postMessage":
            self.stamps.append((params["channel"], params["text"], answer.body["ts"]))
        return answer

    def ts_of(self, post: Call) -> str:
        """The ts Slack gave `post` when it was accepted."""
        [ts] = [ts for channel, text, ts in self.stamps
                if channel == post.params["channel"] and text == post.params["text"]]
        return ts


@pytest.fixture
def fake() -> Iterator[Workspace]:
    with Workspace() as server:
        server.admins.add(AMY)
        yield server


def dm_of(user: str) -> str:
    return "D" + user[1:]


def since(slack: Slack, mark: int, method: str | None = None) -> list[Call]:
    calls = slack.fake.calls()[mark:]
    return [c for c in calls if method is None or c.method == method]


def posted_in(slack: Slack, channel: str, mark: int = 0) -> list[Call]:
    """What the bot posted in `channel` (the group's channel or someone's DM) since `mark`."""
    return [c for c in since(slack, mark, "chat.postMessage") if c.params["channel"] == channel]


def read(calls: list[Call]) -> str:
    return "\n".join(visible(c) for c in calls)


def button_in(slack: Slack, channel: str, label: str) -> dict[str, Any]:
    """The latest button labelled like `label` on a post in `channel`."""
    for call in reversed(posted_in(slack, channel)):
        for button in buttons(call):
            if label.lower() in button["text"]["text"].lower():
                return button
    raise AssertionError(f"no button like {label!r} in {channel}")


def press(slack: Slack, user: str, label: str, *, channel: str | None = None) -> int:
    """`user` clicks `label` on a post in `channel` (default: their DM); a mark for `since`."""
    button = button_in(slack, channel or dm_of(user), label)
    mark = len(slack.fake.calls())
    slack.click(button["value"], action_id=button["action_id"], user=user, channel=channel)
    return mark


def ephemeral_notes(slack: Slack, mark: int) -> list[Call]:
    """Private notes since `mark` (response_url or chat.postEphemeral); all must be private."""
    notes = since(slack, mark, "webhook") + since(slack, mark, "chat.postEphemeral")
    for note in notes:
        if note.method == "webhook":
            assert note.params["response_type"] == "ephemeral"
            assert note.params["replace_original"] is False
    return notes


def seen_only_in_their_dm(slack: Slack, user: str, texts: tuple[str, ...]) -> None:
    """Nothing in `texts` went anywhere but `user`'s own DM: no channel post, no ephemeral."""
    for call in slack.fake.calls():
        if call.method == "chat.postMessage" and call.params["channel"] == dm_of(user):
            continue
        sent = json.dumps(call.params)
        for text in texts:
            assert text not in sent, f"{text!r} reached {call.method}"


def submit_view(slack: Slack, view: dict[str, Any], values: dict[str, str], *,
                user: str) -> BoltResponse:
    """Submit the modal `view` (as views.open showed it) with `values` by block id."""
    body = payload("view_submission")
    n = next(slack._ids)
    body["user"]["id"] = user
    body["view"].update(id=f"V0MODAL{n}", hash=f"1795000300.{n:06d}", blocks=view["blocks"],
                        title=view["title"], callback_id=view["callback_id"],
                        private_metadata=view["private_metadata"])
    state: dict[str, Any] = {}
    for block in view["blocks"]:
        element, value = block["element"], values.get(block["block_id"])
        if element["type"] == "static_select":
            chosen = [o for o in element["options"] if o["value"] == value]
            entry = {"type": "static_select", "selected_option": chosen[0] if chosen else None}
        else:
            entry = {"type": "plain_text_input", "value": value or None}
        state[block["block_id"]] = {element["action_id"]: entry}
    body["view"]["state"] = {"values": state}
    return slack.interact(body)


def group_with_members(slack: Slack) -> None:
    """Amy sets up Job Hunters (no buddy pairs); Bob, Carol and Dan join from the post."""
    slack.command("group")
    for answer in ("Job Hunters", None, "9am", "London", "no"):
        slack.press("Monday") if answer is None else slack.dm(answer)
    assert "Job Hunters is set up" in slack.said()
    assert slack.bot.background.sender.drain() == 1  # the announcement
    for user in (BOB, CAROL, DAN):
        mark = press(slack, user, "Join this group", channel=CHANNEL)
        assert "Welcome to Job Hunters" in read(ephemeral_notes(slack, mark))


def weekly_prompt(slack: Slack, clock) -> Call:
    """Monday 9:00 comes round: one post in the channel."""
    clock.now = MONDAY
    mark = len(slack.fake.calls())
    assert slack.bot.background.sender.drain() == 1
    [post] = since(slack, mark, "chat.postMessage")
    assert post.params["channel"] == CHANNEL
    return post


def check_in_with_buttons(slack: Slack, user: str, *, mood: str,
                          answers: tuple[str, str, str], share: set[str]) -> str:
    """Check in from the prompt, answering in the DM by buttons and messages; the last reply."""
    mark = press(slack, user, "Check in", channel=CHANNEL)
    notes = ephemeral_notes(slack, mark)
    assert "sent you a direct message for your check-in with Job Hunters" in read(notes)
    assert not posted_in(slack, CHANNEL, mark)
    assert "How has your week felt" in read(posted_in(slack, dm_of(user), mark))
    press(slack, user, mood)
    for answer in answers:
        slack.dm(answer, user=user) if answer else press(slack, user, "Skip")
    press(slack, user, "Let me choose")
    asked = {"Share your mood": "mood", "Share your win": "win", "Share what's next": "next",
             "Share that you could use a hand": "hand"}
    while part := next((p for q, p in asked.items()
                        if q in visible(posted_in(slack, dm_of(user))[-1])), None):
        press(slack, user, "Share it" if part in share else "Keep it private")
    return visible(posted_in(slack, dm_of(user))[-1])


def check_in_with_the_modal(slack: Slack, user: str, values: dict[str, str]) -> list[Call]:
    """Check in from the prompt with the modal opened from the DM; what the DM got after."""
    mark = press(slack, user, "Check in", channel=CHANNEL)
    assert "sent you a direct message for your check-in" in read(ephemeral_notes(slack, mark))
    mark = press(slack, user, "Fill in all at once")
    [opened] = since(slack, mark, "views.open")
    assert opened.params["trigger_id"] == slack.trigger  # opened on the click, not later
    view = opened.params["view"]
    assert view["title"]["text"] == "Weekly check-in"
    assert [b["block_id"] for b in view["blocks"]] == [
        "mood", "win", "next", "hand", "share_mood", "share_win", "share_next", "share_hand"]
    mark = len(slack.fake.calls())
    response = submit_view(slack, view, values, user=user)
    assert response.status == 200 and "errors" not in (response.body or "")
    return posted_in(slack, dm_of(user), mark)


BOBS = ("Sent three applications", "Prep for the Globex call", "SQL practice")
CAROLS = {"mood": "3", "win": "Booked a mock interview", "next": "Ask Initech for feedback",
          "hand": "", "share_mood": "no", "share_win": "yes", "share_next": "no",
          "share_hand": ""}
AMYS = {"mood": "2", "win": "Went for a run", "next": "", "hand": "", "share_mood": "no",
        "share_win": "no", "share_next": "", "share_hand": ""}


def test_the_weekly_prompt_is_one_channel_post_with_a_check_in_button(slack, engine, clock):
    group_with_members(slack)
    mark = len(slack.fake.calls())
    clock.now = MONDAY - timedelta(minutes=1)
    assert slack.bot.background.sender.drain() == 0
    post = weekly_prompt(slack, clock)
    assert [c.method for c in since(slack, mark)] == ["chat.postMessage"]  # no DMs to anyone
    assert "Job Hunters: it's check-in time" in visible(post)
    assert "Job Hunters: it's check-in time" in post.params["text"]  # notifications too
    assert [(b["text"]["text"], b["value"]) for b in buttons(post)] == [
        ("Check in", "group:checkin:1")]
    assert "link_names" not in post.params and "parse" not in post.params
    assert post.params["mrkdwn"] is False and "thread_ts" not in post.params
    mark = len(slack.fake.calls())
    clock.advance(minutes=30)  # past any lease
    assert slack.bot.background.sender.drain() == 0  # and only once
    assert not since(slack, mark, "chat.postMessage")


def test_check_in_answers_stay_in_the_dm_and_only_some_are_shared(slack, clock):
    group_with_members(slack)
    weekly_prompt(slack, clock)
    mark = len(slack.fake.calls())
    last = check_in_with_buttons(slack, BOB, mood="4 Good", answers=BOBS,
                                 share={"mood", "win", "hand"})
    assert "Thanks for checking in with Job Hunters" in last
    assert "include what you chose to share" in last
    said = read(posted_in(slack, BOB_DM, mark))
    assert 'Share your win: "Sent three applications"?' in said
    assert 'Share what\'s next: "Prep for the Globex call"?' in said
    assert not posted_in(slack, CHANNEL, mark)  # the channel heard nothing
    seen_only_in_their_dm(slack, BOB, BOBS)


def test_a_check_in_through_the_modal_stays_private_unless_shared(slack, clock):
    group_with_members(slack)
    weekly_prompt(slack, clock)
    mark = len(slack.fake.calls())
    [done] = check_in_with_the_modal(slack, AMY, AMYS)
    assert "Thanks for checking in with Job Hunters" in visible(done)
    assert "Everything you said stays between us" in visible(done)
    [done] = check_in_with_the_modal(slack, CAROL, CAROLS)
    assert "include what you chose to share" in visible(done)
    assert not posted_in(slack, CHANNEL, mark)
    seen_only_in_their_dm(slack, AMY, ("Went for a run",))
    seen_only_in_their_dm(slack, CAROL, ("Booked a mock interview", "Initech"))


def a_week_of_check_ins(slack: Slack, clock) -> tuple[Call, Call]:
    """Bob shares some answers by buttons, Carol some by the modal, Amy none, Dan skips."""
    group_with_members(slack)
    prompt = weekly_prompt(slack, clock)
    check_in_with_buttons(slack, BOB, mood="4 Good", answers=BOBS, share={"mood", "win", "hand"})
    check_in_with_the_modal(slack, CAROL, CAROLS)
    check_in_with_the_modal(slack, AMY, AMYS)
    clock.now = MONDAY + timedelta(hours=23, minutes=59)
    assert slack.bot.background.sender.drain() == 0
    clock.now = MONDAY + timedelta(hours=24)
    mark = len(slack.fake.calls())
    assert slack.bot.background.sender.drain() == 1
    [digest] = since(slack, mark, "chat.postMessage")
    return prompt, digest


def test_the_digest_replies_in_the_prompts_thread_with_only_what_was_shared(slack, fake, clock):
    prompt, digest = a_week_of_check_ins(slack, clock)
    assert digest.params["channel"] == CHANNEL
    assert digest.params["thread_ts"] == fake.ts_of(prompt)
    assert "reply_broadcast" not in digest.params
    assert "link_names" not in digest.params and "parse" not in digest.params
    shown = visible(digest)
    assert "Job Hunters: this week's check-ins" in shown
    assert "Bob" in shown and "Mood: 4/5" in shown  # by the name the channel knows him by
    assert "Win: Sent three applications" in shown
    assert "Could use a hand with: SQL practice" in shown
    assert "Carol Jones" in shown and "Win: Booked a mock interview" in shown
    everything = json.dumps(digest.params)  # blocks and the notification text alike
    for private in ("Globex", "Initech", "Next:", "3/5",  # kept private by Bob and Carol
                    "Amy", "Went for a run", "2/5",  # Amy shared nothing
                    "Dan",  # skipping is not announced either
                    "Robert"):  # nor a full name someone doesn't go by here
        assert private not in everything
    assert [(b["text"]["text"], b["value"][:14]) for b in buttons(digest)] == [
        ("Encourage Bob", "group:cheer:c1"), ("Encourage Carol Jones", "group:cheer:c2")]
    mark = len(fake.calls())
    clock.advance(hours=1)
    assert slack.bot.background.sender.drain() == 0  # one digest
    assert not since(slack, mark, "chat.postMessage")


def test_encouragement_is_written_in_the_dm_screened_delivered_and_mutable(slack, engine,
                                                                            clock):
    a_week_of_check_ins(slack, clock)
    mark = press(slack, AMY, "Encourage Bob", channel=CHANNEL)
    notes = ephemeral_notes(slack, mark)
    assert "sent you a direct message so you can write your note to Bob" in read(notes)
    assert "Write a short, kind note for Bob" in read(posted_in(slack, AMY_DM, mark))
    assert not posted_in(slack, CHANNEL, mark)

    slack.dm("you're a loser")
    assert "I can't send that one" in visible(slack.posted()[-1])
    assert slack.bot.background.sender.drain() == 0
    assert not posted_in(slack, BOB_DM, mark)

    slack.dm("Three applications in a week &amp; SQL next &lt;3 Go get it!")  # as Slack sends it
    assert "Sent. That'll mean a lot to Bob" in visible(slack.posted()[-1])
    assert not posted_in(slack, BOB_DM, mark)  # delivered by the scheduler, not inline
    assert slack.bot.background.sender.drain() == 1
    [note] = posted_in(slack, BOB_DM, mark)
    assert "Amy sent you a note" in visible(note)
    assert "Three applications in a week & SQL next <3 Go get it!" in visible(note)
    assert "&amp; SQL next &lt;3" in note.params["text"]  # escaped once for notifications
    assert "loser" not in json.dumps(note.params)
    assert [(b["text"]["text"], b["value"]) for b in buttons(note)] == [
        ("Mute notes from Amy", f"group:mute:{AMY}")]
    assert "link_names" not in note.params and "parse" not in note.params
    seen_only_in_their_dm(slack, AMY, ("loser",))

    muted = press(slack, BOB, "Mute notes from Amy")
    assert "You won't get notes from them any more" in read(posted_in(slack, BOB_DM, muted))
    assert not ephemeral_notes(slack, muted)
    assert {c.params["channel"] for c in since(slack, muted, "chat.postMessage")} == {BOB_DM}

    mark = press(slack, AMY, "Encourage Bob", channel=CHANNEL)
    slack.dm("Another one: keep going!")
    assert "Sent" in visible(slack.posted()[-1])  # the sender is not told they were muted
    assert slack.bot.background.sender.drain() == 0
    assert not posted_in(slack, BOB_DM, mark)
    assert not posted_in(slack, CHANNEL, mark)


def test_a_note_can_be_written_in_the_modal_and_is_screened_the_same(slack, engine, clock):
    a_week_of_check_ins(slack, clock)
    press(slack, DAN, "Encourage Carol Jones", channel=CHANNEL)
    mark = press(slack, DAN, "Write it in a form")
    [opened] = since(slack, mark, "views.open")
    assert opened.params["trigger_id"] == slack.trigger
    view = opened.params["view"]
    assert [b["block_id"] for b in view["blocks"]] == ["note"]

    refused = submit_view(slack, view, {"note": "you're a loser"}, user=DAN)
    answer = json.loads(refused.body)  # the modal stays open, the reason under the field
    assert answer["response_action"] == "errors"
    assert "I can't send that one" in answer["errors"]["note"]
    mark = len(slack.fake.calls())
    submit_view(slack, view, {"note": "A mock interview is a great idea. Good luck!"}, user=DAN)
    assert "Sent. That'll mean a lot to Carol Jones" in read(posted_in(slack, dm_of(DAN), mark))
    assert slack.bot.background.sender.drain() == 1
    [note] = posted_in(slack, dm_of(CAROL), mark)
    assert "Dan sent you a note" in visible(note)
    assert "A mock interview is a great idea" in visible(note)
    assert "loser" not in json.dumps(note.params)
    assert not posted_in(slack, CHANNEL, mark)

"""Drive the real Bolt app the way Slack does, against a fake Slack that records every call.

Requests are built from the recorded payloads in tests/payloads/slack/ and
signed with the test signing secret. Bolt answers at the ack and runs the
rest on its thread pool; the `Slack` driver waits for that pool to finish
each request, so tests read the fake's calls without sleeping.
"""

from __future__ import annotations

import copy
import itertools
import json
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

from adapters.slack.app import SlackBot, web_client
from adapters.slack.fake import Call, FakeSlack, signed_headers

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TOKEN = "xoxb-0000000000-test-token-never-logged"
AMY = "U0AMY"
AMY_DM = "D0AMY"
CHANNEL = "C0JOBHUNT"
PAYLOADS = Path(__file__).resolve().parent.parent / "payloads" / "slack"
_IDS = itertools.count(1)  # Slack's ids and timestamps never repeat, even across restarts


def payload(name: str) -> dict[str, Any]:
    """A recorded Slack payload (a fresh copy each time)."""
    return copy.deepcopy(json.loads((PAYLOADS / f"{name}.json").read_text("utf-8")))


class TrackingExecutor(ThreadPoolExecutor):
    """Bolt's listener pool, remembering its work so a test can wait for it to finish."""

    def __init__(self) -> None:
        super().__init__(max_workers=5)
        self.futures: list[Future[Any]] = []

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        future = super().submit(fn, *args, **kwargs)
        self.futures.append(future)
        return future

    def drain(self, timeout: float = 10.0) -> None:
        done, pending = wait(self.futures, timeout)
        assert not pending, "a listener did not finish"
        for future in done:
            future.result()


def words(node: Any) -> Iterator[str]:
    """Every string a person could read in blocks or a view (text elements, labels)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "text" and isinstance(value, str):
                yield value
            else:
                yield from words(value)
    elif isinstance(node, list):
        for item in node:
            yield from words(item)


def visible(call: Call) -> str:
    """What the person reads in a posted message or published view, as one string."""
    return "".join(words(call.params.get("blocks") or call.params.get("view")))


def buttons(call: Call) -> list[dict[str, Any]]:
    found = [block["elements"] for block in
             call.params.get("blocks") or (call.params.get("view") or {}).get("blocks", [])
             if block["type"] == "actions"]
    return [button for row in found for button in row]


class Slack:
    """Slack's side of the conversation: sends signed requests, reads what came back."""

    def __init__(self, bot: SlackBot, fake: FakeSlack, executor: TrackingExecutor) -> None:
        self.bot, self.fake, self.executor = bot, fake, executor
        self._ids = _IDS
        self.trigger = ""  # the trigger_id of the latest click

    # -- requests ------------------------------------------------------------

    def send(self, body: str, content_type: str, *, secret: str = SECRET,
             timestamp: int | None = None, retry: int | None = None) -> BoltResponse:
        headers: dict[str, str | list[str]] = dict(
            signed_headers(body, secret, timestamp, content_type))
        if retry is not None:
            headers["x-slack-retry-num"] = [str(retry)]
            headers["x-slack-retry-reason"] = ["http_timeout"]
        response = self.bot.app.dispatch(BoltRequest(body=body, headers=headers))
        self.settle()
        return response

    def settle(self) -> None:
        """Let everything after the ack happen: modals, then the turns and their replies."""
        self.executor.drain()
        self.bot.drain()

    def event(self, body: dict[str, Any], **options: Any) -> BoltResponse:
        return self.send(json.dumps(body), "application/json", **options)

    def dm(self, text: str, *, user: str = AMY, event_id: str | None = None,
           **options: Any) -> BoltResponse:
        body = payload("message_im")
        n = next(self._ids)
        body["event_id"] = event_id or f"Ev0TEST{n:05d}"
        body["event"].update(text=text, user=user, channel="D" + user[1:],
                             ts=f"1795000100.{n:06d}")
        return self.event(body, **options)

    def command(self, text: str = "", *, channel: str = CHANNEL, user: str = AMY,
                **options: Any) -> BoltResponse:
        form = payload("command_rejected")
        form.update(text=text, channel_id=channel, user_id=user,
                    response_url=self.fake.webhook_url(),
                    trigger_id=f"7900000000001.{next(self._ids)}.abc")
        return self.send(urlencode(form), "application/x-www-form-urlencoded", **options)

    def interact(self, body: dict[str, Any], **options: Any) -> BoltResponse:
        return self.send(urlencode({"payload": json.dumps(body)}),
                         "application/x-www-form-urlencoded", **options)

    def click(self, value: str, *, action_id: str = "rb:c:0", home: bool = False,
              user: str = AMY, channel: str | None = None) -> BoltResponse:
        """Click a button: in the person's DM, on the Home tab, or on a post in `channel`."""
        body = payload("block_actions_home" if home else "block_actions")
        n = next(self._ids)
        body["user"]["id"] = user
        if not home:
            where = channel or "D" + user[1:]
            body["container"]["channel_id"] = body["channel"]["id"] = where
        body["response_url"] = self.fake.webhook_url()
        body["trigger_id"] = self.trigger = f"7900000000002.{n}.trigger"
        body["actions"][0].update(action_id=action_id, value=value,
                                  action_ts=f"1795000200.{n:06d}")
        return self.interact(body)

    def press(self, label: str) -> BoltResponse:
        """Click the button labelled `label` in the latest message that has one."""
        for call in reversed(self.fake.calls("chat.postMessage")):
            for button in buttons(call):
                if label.lower() in button["text"]["text"].lower():
                    return self.click(button["value"], action_id=button["action_id"])
        raise AssertionError(f"no button {label!r} was posted")

    def submit(self, values: dict[str, str | None], *, view_hash: str = "1795000008.a1b2c3d4",
               user: str = AMY) -> BoltResponse:
        """Submit the facts modal with `values` (field id -> value; select ids for selects)."""
        body = payload("view_submission")
        body["user"]["id"] = user
        body["view"]["hash"] = view_hash
        state = body["view"]["state"]["values"]
        for field, value in values.items():
            kind = state[field][field]["type"]
            if kind == "static_select":
                option = None if value is None else {
                    "text": {"type": "plain_text", "text": value}, "value": value}
                state[field][field]["selected_option"] = option
            else:
                state[field][field]["value"] = value
        return self.interact(body)

    def home(self, user: str = AMY) -> BoltResponse:
        body = payload("app_home_opened")
        body["event"]["user"] = user
        body["event_id"] = f"Ev0HOME{next(self._ids):05d}"
        return self.event(body)

    # -- what came back --------------------------------------------------------

    def posted(self) -> list[Call]:
        return self.fake.calls("chat.postMessage")

    def said(self) -> str:
        """Everything posted so far, as the person would read it."""
        return "\n".join(visible(call) for call in self.posted())

    def new(self, before: int) -> list[Call]:
        return self.posted()[before:]


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as server:
        server.admins.add(AMY)  # Amy runs the workspace: she sets up the groups in these tests
        yield server


@pytest.fixture
def make_bot(fake):
    """Build a SlackBot (its own executor) on an engine; several may share one database."""
    made: list[TrackingExecutor] = []
    bots: list[SlackBot] = []

    def build(engine, sleep=lambda _: None) -> tuple[SlackBot, TrackingExecutor]:
        executor = TrackingExecutor()
        made.append(executor)
        bot = SlackBot(engine, web_client(TOKEN, fake.url), signing_secret=SECRET,
                       token_verification=False, executor=executor, sleep=sleep)
        bots.append(bot)
        return bot, executor

    yield build
    for executor in made:
        executor.shutdown(wait=True)
    for bot in bots:
        bot.stop()


@pytest.fixture
def bot(engine, make_bot) -> tuple[SlackBot, TrackingExecutor]:
    return make_bot(engine)


@pytest.fixture
def slack(bot, fake) -> Slack:
    return Slack(bot[0], fake, bot[1])

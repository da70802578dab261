"""Hostile requests over HTTP: junk, forgeries, replays and giants are refused quietly.

Requests go through the WSGI application `rebound slack --http` serves (the
gate, then Bolt), called in-process with a real environ; what Slack gets back
is the status, what the operator gets is the log, and neither may hold a
traceback or anything the request carried.
"""

from __future__ import annotations

import io
import json
import logging
import time
from typing import Any
from urllib.parse import urlencode

import pytest

from adapters.slack import gate
from adapters.slack.fake import signed_headers
from adapters.slack.server import EVENTS_PATH, wsgi_app
from tests.slack.conftest import AMY, SECRET, payload

MARKER = "Quibblefrost"  # in every body, so a log that quotes one is caught
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


class Unreadable(io.BytesIO):
    """A request body that must not be read (its declared size is already too big)."""

    def read(self, *args: Any) -> bytes:
        raise AssertionError("the body of an oversized request was read")


class Door:
    """POSTs to the WSGI app as waitress would hand them over; returns the status code."""

    def __init__(self, bot, executor) -> None:
        self.bot, self.executor = bot, executor
        self.app = wsgi_app(bot.app, SECRET)

    def post(self, body: bytes | str, headers: dict[str, str] | None = None, *,
             content_type: str = FORM, stream: io.BytesIO | None = None,
             length: int | None = None, source: str = "203.0.113.9") -> int:
        raw = body.encode() if isinstance(body, str) else body
        environ: dict[str, Any] = {
            "REQUEST_METHOD": "POST", "PATH_INFO": EVENTS_PATH, "QUERY_STRING": "",
            "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": source, "CONTENT_TYPE": content_type,
            "CONTENT_LENGTH": str(len(raw) if length is None else length),
            "wsgi.input": stream or io.BytesIO(raw),
        }
        for name, value in (headers or {}).items():
            if name.lower() not in ("content-type", "content-length"):
                environ["HTTP_" + name.upper().replace("-", "_")] = value
        seen: list[str] = []
        b"".join(self.app(environ, lambda status, _headers, *_: seen.append(status)))
        self.executor.drain()
        self.bot.drain()  # stored events become turns, and their replies are sent
        return int(seen[0].split()[0])

    def signed(self, body: str, content_type: str = FORM, **options: Any) -> int:
        return self.post(body, signed_headers(body, SECRET, content_type=content_type),
                         content_type=content_type)

    def click(self, body: dict[str, Any]) -> int:
        return self.signed(urlencode({"payload": json.dumps(body)}))


@pytest.fixture
def door(bot) -> Door:
    return Door(*bot)


@pytest.fixture
def log(caplog) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    return caplog


def clean_log(caplog: pytest.LogCaptureFixture) -> None:
    assert "Traceback" not in caplog.text
    assert MARKER not in caplog.text
    assert all(record.exc_info is None for record in caplog.records)


JUNK = [
    b"", b"\x00\xff\xfe" + MARKER.encode(), b"{" + MARKER.encode(), b"[1, 2, 3]",
    b"payload=%7B" + MARKER.encode(), b"payload=" + b"%5B" * 5000, b'{"user": 5}',
    ("command=/rejected&text=" + MARKER).encode(), b"\xc3\x28" * 100,
]


@pytest.mark.parametrize("content_type", [FORM, JSON, "text/plain", ""])
def test_unsigned_junk_is_refused_with_401_and_one_log_line(door, log, fake, content_type):
    statuses = [door.post(body, content_type=content_type) for body in JUNK * 6]
    assert set(statuses) == {401}
    refusals = [r for r in log.records if r.name.startswith("rebound.slack")]
    assert len(refusals) == 1 and "203.0.113.9" in refusals[0].getMessage()
    assert "54 more" not in refusals[0].getMessage()  # the rest were counted, not written
    clean_log(log)
    assert not fake.calls("chat.postMessage")


def test_each_source_gets_its_own_line(door, log):
    for n in range(3):
        for _ in range(5):
            door.post(b"junk", source=f"198.51.100.{n}")
    assert len([r for r in log.records if r.name.startswith("rebound.slack")]) == 3


def test_quiet_writes_again_after_a_minute_with_the_count(caplog):
    caplog.set_level(logging.WARNING)
    now = [0.0]
    quiet = gate.Quiet(clock=lambda: now[0])
    for _ in range(10):
        quiet.note("x", gate.Refusal(401, "unsigned"))
    now[0] += gate.LOG_EVERY
    quiet.note("x", gate.Refusal(401, "unsigned"))
    assert [r.getMessage().endswith(f"({n} more since the last line)") for r, n in
            zip(caplog.records, (0, 9), strict=True)] == [True, True]


def test_bad_signatures_and_stale_or_odd_timestamps_get_401(door, log, fake):
    body = payload("message_im")
    body["event"]["text"] = MARKER
    raw = json.dumps(body)
    wrong = signed_headers(raw, "not-the-secret", content_type=JSON)
    stale = signed_headers(raw, SECRET, int(time.time()) - 600, content_type=JSON)
    future = signed_headers(raw, SECRET, int(time.time()) + 600, content_type=JSON)
    odd = {**signed_headers(raw, SECRET, content_type=JSON), "x-slack-request-timestamp": "1e9"}
    huge = {**odd, "x-slack-request-timestamp": "9" * 400}
    tampered = signed_headers(raw, SECRET, content_type=JSON)
    for headers, body_sent in ((wrong, raw), (stale, raw), (future, raw), (odd, raw),
                               (huge, raw), (tampered, raw.replace("hi", "ho")),
                               ({"x-slack-signature": "v0=ab"}, raw)):
        assert door.post(body_sent, headers, content_type=JSON) == 401
    clean_log(log)
    assert not fake.calls("chat.postMessage")


def test_a_timestamp_is_fresh_for_five_minutes_either_way():
    now = 2_000_000_000
    for age, fresh in ((0, True), (300, True), (-300, True), (301, False), (-301, False)):
        ts = str(now - age)
        signature = signed_headers("x=1", SECRET, int(ts))["x-slack-signature"]
        assert (gate.unsigned(b"x=1", ts, signature, SECRET, now) is None) is fresh, age


def test_a_body_over_a_megabyte_gets_413_unread(door, log):
    big = gate.MAX_BODY + 1
    assert door.post(b"", stream=Unreadable(), length=big) == 413
    assert door.post(b"", stream=Unreadable(), length=10**15) == 413
    assert door.post(b"", stream=Unreadable(), length=-1) == 400
    clean_log(log)


def click_body(**changes: Any) -> dict[str, Any]:
    body = payload("block_actions")
    body["actions"][0].update(value="recovery.vent:" + MARKER, action_ts="1795000300.000001")
    body.update(changes)
    return body


def event_body(**event: Any) -> dict[str, Any]:
    body = payload("message_im")
    body["event_id"] = "Ev0HOSTILE" + str(len(json.dumps(event)))
    body["event"].update(event)
    return body


SIGNED_MALFORMED = {
    "click without a user": click_body(user=None),
    "click with a user of the wrong type": click_body(user=AMY),
    "click whose user has no id": click_body(user={"name": MARKER}),
    "click with a numeric user id": click_body(user={"id": 5}),
    "click without actions": click_body(actions=[]),
    "actions not a list": click_body(actions={"value": MARKER}),
    "an action that is a string": click_body(actions=[MARKER]),
    "a numeric button value": click_body(actions=[{"action_id": "rb:c:0", "value": 7}]),
    "team is a number": click_body(team=5),
    "channel is a list": click_body(channel=[MARKER]),
    "authorizations is a number": click_body(authorizations=5),
    "message text is a number": event_body(text=12345),
    "message text is an object": event_body(text={"t": MARKER}),
    "message user is an object": event_body(user={"id": [MARKER]}),
    "message user is an object with an id": event_body(user={"id": AMY}),
    "click channel is a number": click_body(container={"type": "message", "channel_id": 5}),
    "event is a string": {**event_body(), "event": MARKER},
    "event without a type": {**event_body(), "event": {"text": MARKER}},
}


@pytest.mark.parametrize("case", SIGNED_MALFORMED)
def test_signed_but_malformed_payloads_get_400(door, log, fake, case):
    body = SIGNED_MALFORMED[case]
    status = (door.signed(json.dumps(body), JSON) if body.get("type") == "event_callback"
              else door.click(body))
    assert status == 400
    clean_log(log)
    assert not fake.calls("chat.postMessage")


def test_signed_json_that_is_no_object_gets_400(door, log):
    for raw in ('[{"type": "event_callback"}]', '"' + MARKER + '"', "{" + MARKER, "[" * 100000):
        assert door.signed(raw, JSON) == 400
    assert door.signed("payload=" + MARKER, FORM) == 400
    assert door.signed("payload=" + urlencode({"x": "[1]"})[2:], FORM) == 400
    clean_log(log)


def test_a_signed_command_without_a_user_gets_400(door, log):
    form = payload("command_rejected")
    form.update(text=MARKER)
    del form["user_id"]
    assert door.signed(urlencode(form)) == 400
    clean_log(log)


def test_a_good_message_still_gets_through(door, fake):
    body = event_body(text="hi", user=AMY, channel="D0AMY")
    assert door.signed(json.dumps(body), JSON) == 200
    assert "I'm Rebound" in "".join(str(c.params) for c in fake.calls("chat.postMessage"))


@pytest.mark.parametrize(("value", "answer"), [
    ("plan:done:99999999999999999999999999999", "can't find that item"),
    ("group:join:99999999999999999999", "doesn't exist any more"),
    ("group:checkin:٣", "doesn't exist any more"),
    ("nonsense.step:x", "I'm Rebound"),  # a stranger's odd click: the welcome
])
def test_an_odd_but_well_formed_click_gets_a_polite_answer(door, log, fake, value, answer):
    body = click_body()
    body["actions"][0]["value"] = value
    assert door.click(body) == 200
    said = " ".join(str(c.params.get("text")) for c in fake.calls("chat.postMessage"))
    assert answer in said and "went wrong" not in said
    clean_log(log)


def test_malformed_payloads_that_skip_the_gate_are_refused_by_bolt_too(slack, log, fake):
    """Socket Mode payloads reach Bolt without the HTTP gate: its middleware checks them."""
    assert slack.event(event_body(text=12345)).status == 400
    assert slack.interact(click_body(user={"name": MARKER})).status == 400
    clean_log(log)
    assert not fake.calls("chat.postMessage")

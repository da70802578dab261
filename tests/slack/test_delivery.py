"""On Slack: the ack only stores; a restart answers what was acknowledged; refusals are retried."""

from __future__ import annotations

import json

from slack_bolt.request import BoltRequest

from adapters.slack.fake import signed_headers
from bot import Engine
from tests.slack.conftest import AMY, AMY_DM, SECRET, Slack, payload, visible

BOB, BOB_DM = "U0BOB", "D0BOB"


def test_the_ack_comes_before_the_turn_and_a_restart_answers_it(db, clock, make_bot, fake):
    engine = Engine(db, clock=clock, region="")
    bot, _ = make_bot(engine)
    body = payload("message_im")
    body["event_id"] = "Ev0ACKED"
    body["event"].update(text="hi", user=AMY, channel=AMY_DM)
    raw = json.dumps(body)
    response = bot.app.dispatch(BoltRequest(
        body=raw, headers=signed_headers(raw, SECRET, content_type="application/json")))
    assert response.status == 200
    assert fake.calls("chat.postMessage") == []  # acknowledged, not yet answered
    engine.close()  # the process dies here

    again = Engine(db, clock=clock, region="")
    restarted, executor = make_bot(again)
    restarted.drain()
    [greeting] = fake.calls("chat.postMessage")
    assert greeting.params["channel"] == AMY_DM and "I'm Rebound" in visible(greeting)
    Slack(restarted, fake, executor).event(body, retry=1)  # Slack's retry of the same event
    assert len(fake.calls("chat.postMessage")) == 1
    again.close()


def test_a_500_then_success_delivers_every_reply_in_order(slack, fake):
    said = ("hi", "They turned me down after four interviews", "Reflect")
    for text in said:
        slack.dm(text, user=BOB)
    fake.fail("chat.postMessage", status=500, error="internal_error")
    for text in said:
        slack.dm(text)
    to: dict[str, list[str]] = {AMY_DM: [], BOB_DM: []}
    for call in slack.posted():
        to[call.params["channel"]].append(visible(call))
    refused, *amy = to[AMY_DM]
    assert refused == amy[0]  # refused once, then posted
    assert amy == to[BOB_DM] and len(amy) > len(said)

"""What keeps people safe on Slack: signatures, retries, inert text, failures, other bots."""

from __future__ import annotations

import json
import logging
import time

from slack_bolt.request import BoltRequest

from adapters.slack.fake import signed_headers
from tests.slack.conftest import AMY_DM, SECRET, TOKEN, Slack, buttons, payload, visible

NASTY = "<!channel> <!here> <!everyone> <@U123> <https://x|y> *bold* _it_ ~gone~ `code`"
PRIVATE = "my manager Priya Ramaswamy humiliated me"


def rich_elements(node):
    """Every element inside rich_text blocks, however deeply nested."""
    if isinstance(node, dict):
        if node.get("type") in ("text", "link", "user", "broadcast", "channel", "usergroup",
                                "emoji", "team"):
            yield node
        for value in node.values():
            yield from rich_elements(value)
    elif isinstance(node, list):
        for item in node:
            yield from rich_elements(item)


# -- requests Slack did not sign ---------------------------------------------------


def test_a_bad_signature_gets_401_and_nothing_happens(slack, fake):
    assert slack.dm("hi", secret="not-the-secret").status == 401
    assert slack.command("help", secret="not-the-secret").status == 401
    assert slack.click("recovery.vent:reflect").status == 200  # control: signed is fine
    fake.clear()
    body = payload("block_actions")
    raw = "payload=" + json.dumps(body)
    headers = signed_headers(raw, SECRET)
    tampered = raw.replace("recovery.vent:reflect", "privacy.forget:yes")
    response = slack.bot.app.dispatch(BoltRequest(body=tampered, headers=headers))
    assert response.status == 401
    assert fake.calls() == []


def test_an_old_signature_gets_401_even_if_correct(slack, fake):
    six_minutes_ago = int(time.time()) - 6 * 60
    assert slack.dm("hi", timestamp=six_minutes_ago).status == 401
    assert fake.calls() == []


# -- retries ------------------------------------------------------------------------


def test_a_retried_event_gets_one_answer(slack):
    slack.dm("They said no after the final round", event_id="Ev0RETRIED1")
    first = len(slack.posted())
    assert first
    for attempt in (1, 2, 3):
        assert slack.dm("They said no after the final round", event_id="Ev0RETRIED1",
                        retry=attempt).status == 200
    assert len(slack.posted()) == first


# -- what people type comes back as text ------------------------------------------------


def test_mentions_links_and_formatting_typed_by_a_person_come_back_inert(slack):
    slack.dm("hi")
    slack.click("recovery.vent:reflect")
    slack.dm(NASTY)  # as a company name
    before = len(slack.posted())
    slack.click("recovery.facts:skip_all")
    [thanks, *_] = slack.new(before)
    elements = list(rich_elements(thanks.params["blocks"]))
    assert {e["type"] for e in elements} == {"text"}, "no mention, broadcast or link elements"
    assert all("style" not in e for e in elements), "nothing the person typed is styled"
    assert NASTY in "".join(e["text"] for e in elements)
    fallback = thanks.params["text"]
    assert "&lt;!channel&gt;" in fallback and "&lt;https://x|y&gt;" in fallback
    assert "<!" not in fallback and "<@" not in fallback and "<http" not in fallback
    for call in slack.posted():
        assert call.params["mrkdwn"] is False
        assert "link_names" not in call.params and "parse" not in call.params


def test_entities_slack_sends_are_read_as_the_characters_typed(slack):
    slack.dm("hi")
    slack.click("recovery.vent:reflect")
    slack.dm("Smith &amp; Sons &lt;UK&gt;")
    before = len(slack.posted())
    slack.click("recovery.facts:skip_all")
    text = "".join(e["text"] for e in rich_elements(slack.new(before)[0].params["blocks"]))
    assert "Smith & Sons <UK>" in text


# -- Slack saying no ---------------------------------------------------------------


def test_a_429_is_retried_after_retry_after(engine, make_bot, fake):
    slept: list[float] = []
    bot, executor = make_bot(engine, sleep=slept.append)
    slack = Slack(bot, fake, executor)
    fake.fail("chat.postMessage", status=429, error="ratelimited",
              headers={"Retry-After": "7"}, times=2)
    slack.dm("hi")
    assert slept == [7.0, 7.0]
    calls = fake.calls("chat.postMessage")
    assert len(calls) == len(slack.posted())
    delivered = calls[2:]
    assert "I'm Rebound" in "".join(visible(c) for c in delivered)
    assert "couldn't deliver" not in "".join(visible(c) for c in delivered)


def test_a_web_api_error_is_retried_and_logged_with_no_content(slack, fake, caplog):
    caplog.set_level(logging.DEBUG)
    slack.dm("hi")
    fake.fail("chat.postMessage", status=500, error="internal_error")
    before = len(slack.posted())
    slack.dm(PRIVATE)
    refused, *delivered = slack.new(before)
    assert delivered and visible(refused) == visible(delivered[0])
    assert all(call.params["channel"] == AMY_DM for call in delivered)
    assert "couldn't deliver" not in "".join(visible(c) for c in delivered)
    assert "chat_postMessage failed: internal_error" in caplog.text
    assert "Priya" not in caplog.text and TOKEN not in caplog.text and "xoxb" not in caplog.text


def test_a_failed_modal_open_is_apologised_for(slack, fake):
    slack.dm("hi")
    slack.click("recovery.vent:reflect")
    fake.fail("views.open", error="expired_trigger_id")
    slack.press("Fill in all at once")
    assert "couldn't deliver my last message" in visible(slack.posted()[-1])


def test_a_bug_before_a_turn_still_answers_and_logs_no_words(slack, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError(PRIVATE)

    monkeypatch.setattr(slack.bot, "_profile", broken)
    slack.dm(PRIVATE)
    assert "I'm listening" in slack.said()  # the turn ran on the event as stored
    assert "RuntimeError at" in caplog.text and "Priya" not in caplog.text


def test_without_users_read_the_conversation_still_works(slack, fake):
    fake.fail("users.info", error="missing_scope")
    slack.dm("hi")
    assert "I'm Rebound" in slack.said()


def test_no_message_text_is_logged_in_a_whole_conversation(slack, caplog):
    caplog.set_level(logging.DEBUG)
    slack.dm(PRIVATE)
    slack.click("recovery.vent:reflect")
    slack.dm("Priya's Bakery")
    slack.command("help")  # answered through response_url too
    assert "Priya" not in caplog.text and TOKEN not in caplog.text
    for wording in ("I'm Rebound", "direct message", "Which company"):
        assert wording not in caplog.text, "what the bot says is not logged either"


# -- who the bot listens to -----------------------------------------------------------


def test_the_bots_own_messages_and_other_bots_are_ignored(slack, fake):
    for name in ("message_self", "message_bot"):
        assert slack.event(payload(name)).status == 200
    edited = payload("message_im")
    edited["event"]["subtype"] = "message_changed"
    in_a_channel = payload("message_im")
    in_a_channel["event"].update(channel="C0JOBHUNT", channel_type="channel")
    in_a_channel["event_id"] = "Ev0CHANNEL1"
    for body in (edited, in_a_channel):
        assert slack.event(body).status == 200
    assert slack.posted() == [] and fake.calls("users.info") == []


def test_buttons_never_carry_more_than_a_stable_id(slack):
    slack.dm("I didn't get the job at Acme and I'm furious")
    for call in slack.posted():
        for button in buttons(call):
            assert len(button["action_id"]) <= 255 and len(button["value"]) <= 2000
            assert ":" in button["value"] and " " not in button["value"]


# -- the crisis lines follow the person's locale -------------------------------------------


def test_the_locale_from_users_info_picks_the_crisis_lines(slack, fake):
    fake.locale = "en-GB"
    slack.dm("hi")
    slack.dm("I want to kill myself")
    [lookup] = fake.calls("users.info")
    assert lookup.params["include_locale"] in ("1", "true", "True")
    said = slack.said()
    assert "116 123" in said and "999" in said and "988" not in said


def test_another_locale_gets_its_own_lines(slack, fake):
    fake.locale = "en-AU"
    slack.dm("I want to kill myself")
    assert "13 11 14" in slack.said() and "000" in slack.said()

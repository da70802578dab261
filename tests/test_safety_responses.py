"""What a person gets back when the screen is worried: a response that fits the kind of risk,
the lines for where they are, and nothing else on that turn."""

from __future__ import annotations

import json

import pytest

import bot.dispatch
from bot import Engine
from bot.safety import Finding, Kind, Tier
from tests.conftest import Chat

STORY = "They said no again after the final round"
GRABBED = "he grabbed me by the throat when I told him about the rejection"
THREAT = "I keep picturing making that recruiter pay for what they did"


@pytest.fixture
def planted(monkeypatch) -> dict[str, Finding]:
    """The engine's screen, with chosen verdicts for exact messages.

    Abuse and harm to others are what the lead's new screen will recognise;
    the placeholder screen on this branch can't be relied on for them, so
    these tests say plainly which Finding a message brings. Anything not
    planted goes through the real screen.
    """
    real = bot.dispatch.screen
    verdicts: dict[str, Finding] = {
        GRABBED: Finding(Tier.ACUTE, Kind.ABUSE),
        THREAT: Finding(Tier.ACUTE, Kind.OTHERS),
    }

    def screen(text: str, *, heightened: bool = False) -> Finding:
        return verdicts.get(text) or real(text, heightened=heightened)

    monkeypatch.setattr(bot.dispatch, "screen", screen)
    return verdicts


@pytest.fixture
def chat_in(db, clock):
    """A chat on an engine whose REBOUND_REGION is `region`."""
    engines: list[Engine] = []

    def make(region: str) -> Chat:
        engines.append(Engine(db, clock=clock, region=region))
        return Chat(engines[-1])

    yield make
    for engine in engines:
        engine.close()


def venting(chat: Chat) -> Chat:
    chat.say("hi")
    chat.say(STORY)
    assert "Reflect on what happened" in chat.labels
    return chat


# -- suicide and self-harm ---------------------------------------------------------------


def test_suicide_gets_the_lines_for_the_region_and_are_you_safe(chat_in):
    chat = venting(chat_in("GB"))
    chat.say("I want to kill myself")
    assert "glad you told me" in chat.text
    assert "Samaritans" in chat.text and "116 123" in chat.text and "999" in chat.text
    assert "988" not in chat.text
    assert chat.text.rstrip().endswith("Are you safe right now?")
    assert chat.labels == ["I'm safe for now", "I'm not safe", "Talk about something else"]


def test_not_safe_puts_the_emergency_number_first_and_stays(chat_in):
    chat = venting(chat_in("GB"))
    chat.say("I want to kill myself")
    chat.pick("I'm not safe")
    assert chat.text.index("999") < chat.text.index("116 123")
    assert chat.text.startswith("Please call 999 now")
    assert "staying right here" in chat.text
    chat.say("I don't know what to do")
    assert "999" in chat.text and "Reflect" not in " ".join(chat.labels)  # still with them
    assert chat.labels == ["I'm safe now", "Show the numbers again"]
    chat.pick("I'm safe now")
    assert "glad you're safe" in chat.text and "Make a safety plan" in chat.labels


def test_not_safe_with_no_region_still_leads_with_the_emergency_number(chat: Chat):
    venting(chat)
    chat.say("I want to kill myself")
    chat.pick("I'm not safe")
    assert chat.text.index("your local emergency number") < chat.text.index("988")


def test_talk_about_something_else_returns_to_where_they_were(chat: Chat):
    venting(chat)
    chat.say("I want to kill myself")
    chat.pick("Talk about something else")
    assert "Reflect on what happened" in chat.labels
    chat.say("helplines")
    assert "988" in chat.text and "Reflect on what happened" in chat.labels


def test_pause_keeps_the_place_they_were_for_when_they_come_back(chat: Chat):
    venting(chat)
    chat.say("I want to kill myself")
    chat.pick("I'm safe for now")
    chat.pick("Pause for now")
    assert "pause here" in chat.text and "988" in chat.text
    chat.say("hello again")
    assert "Welcome back" in chat.text and "Reflect on what happened" in chat.labels


# -- the direct question ----------------------------------------------------------------


def test_concern_asks_directly_and_yes_brings_the_full_response(chat: Chat):
    venting(chat)
    chat.say("I feel hopeless")
    assert "Are you having thoughts of ending your life?" in chat.text
    assert "988" not in chat.text
    assert chat.labels == ["Yes, I am", "No, I'm safe", "I'd rather not say"]
    chat.pick("Yes, I am")
    assert "988" in chat.text and "Are you safe right now?" in chat.text


def test_concern_no_is_heard_and_the_conversation_carries_on(chat: Chat):
    venting(chat)
    chat.say("I feel hopeless")
    chat.pick("No, I'm safe")
    assert "Thank you for telling me" in chat.text and "988" not in chat.text
    assert "Reflect on what happened" in chat.labels


def test_concern_rather_not_say_gets_the_lines_gently_then_carries_on(chat: Chat):
    venting(chat)
    chat.say("I feel hopeless")
    chat.pick("rather not say")
    assert "you don't have to say" in chat.text and "988" in chat.text
    assert "Reflect on what happened" in chat.labels


# -- abuse at home ---------------------------------------------------------------------


@pytest.mark.parametrize(("region", "line", "emergency"), [
    ("US", "1-800-799-7233", "911"),
    ("GB", "0808 2000 247", "999"),
    ("IE", "1800 341 900", "112 or 999"),
    ("AU", "1800 737 732", "000"),
    ("NZ", "0800 733 843", "111"),
    ("IN", "181", "112"),
    ("CA", "sheltersafe.ca", "911"),
])
def test_abuse_gets_not_your_fault_and_the_abuse_lines(chat_in, planted, region, line,
                                                       emergency):
    chat = venting(chat_in(region))
    chat.say(GRABBED)
    assert "That's not okay, and it isn't your fault" in chat.text
    assert line in chat.text and f"call {emergency}" in chat.text
    assert "Are you safe right now?" in chat.text
    assert "confront" not in chat.text.lower()


def test_abuse_in_the_us_offers_the_text_line_too(chat_in, planted):
    chat = venting(chat_in("US"))
    chat.say(GRABBED)
    assert "text START to 88788" in chat.text
    assert "988 Suicide" not in chat.text  # the abuse lines, not the suicide ones


def test_abuse_not_safe_leads_with_the_emergency_number_and_never_says_confront(chat_in,
                                                                                 planted):
    chat = venting(chat_in("GB"))
    chat.say(GRABBED)
    chat.pick("I'm not safe")
    assert chat.text.index("999") < chat.text.index("0808 2000 247")
    seen = chat.text
    chat.pick("I'm safe now")
    seen += chat.text
    assert "forget me" in chat.text  # if someone else might read the chat
    assert "Make a safety plan" not in chat.labels
    assert "confront" not in seen.lower()


# -- harm to others -----------------------------------------------------------------------


def test_harm_to_others_gets_calm_words_the_emergency_number_and_988(chat_in, planted):
    chat = venting(chat_in("US"))
    chat.say(THREAT)
    assert "not judging" in chat.text
    assert "call 911" in chat.text and "988" in chat.text
    assert chat.labels == ["Keep talking with Rebound", "Pause for now",
                           "Show those contacts again"]
    chat.pick("Keep talking")
    assert "Reflect on what happened" in chat.labels


def test_harm_to_others_elsewhere_shows_that_regions_line(chat_in, planted):
    chat = venting(chat_in("AU"))
    chat.say(THREAT)
    assert "call 000" in chat.text and "13 11 14" in chat.text and "988" not in chat.text


# -- a risky turn carries nothing else ---------------------------------------------------


@pytest.mark.parametrize("text", [
    "I want to kill myself, should I sue them for discrimination?",
    "I want to kill myself, I've been saving up my medication",
    "I feel hopeless, my debt keeps growing",
])
def test_a_risky_turn_has_no_disclaimer_tip_or_perspective(chat: Chat, text):
    venting(chat)
    chat.say(text)
    assert "can't give" not in chat.text  # no legal/medical/financial disclaimer
    assert "normal reaction" not in chat.text and "one job" not in chat.text
    assert not any(label in chat.labels for label in
                   ("Reflect on what happened", "Draft a reply to them", "Make a plan"))
    assert len(chat.last) == 1  # the response, alone


def test_an_abuse_turn_has_no_disclaimer_either(chat: Chat, planted):
    venting(chat)
    planted["he hit me and I should sue"] = Finding(Tier.ACUTE, Kind.ABUSE)
    chat.say("he hit me and I should sue")
    assert "can't give legal advice" not in chat.text and len(chat.last) == 1


def test_the_first_message_in_crisis_gets_only_the_response(chat: Chat):
    chat.say("I want to kill myself, can I sue them")
    assert "988" in chat.text and "legal advice" not in chat.text
    chat.pick("Talk about something else")
    assert "what happened" in chat.text.lower()


# -- inside a response: heard, not looped; escalation still counts ------------------------


def test_the_same_kind_again_is_heard_without_starting_over(chat: Chat):
    venting(chat)
    chat.say("I want to kill myself")
    chat.say("I want to die")
    assert "I hear you" in chat.text and "findahelpline.com" not in chat.text
    assert "your local emergency number" in chat.text
    assert chat.labels == ["I'm safe for now", "I'm not safe", "Talk about something else"]


def test_a_worse_signal_after_safe_for_now_gets_the_full_response(chat: Chat):
    venting(chat)
    chat.say("I feel hopeless")
    chat.pick("No, I'm safe")
    chat.say("I want to kill myself")
    assert "988" in chat.text and "Are you safe right now?" in chat.text
    chat.pick("I'm safe for now")
    chat.say("I want to end my life")  # after "safe for now": escalation, full response
    assert "findahelpline.com" in chat.text and "Are you safe right now?" in chat.text


def test_acute_words_at_the_direct_question_escalate(chat: Chat):
    venting(chat)
    chat.say("I feel hopeless")
    chat.say("I want to kill myself")
    assert "988" in chat.text and "Are you safe right now?" in chat.text


def test_a_different_kind_inside_a_response_gets_its_own_response(chat: Chat, planted):
    venting(chat)
    chat.say("I want to kill myself")
    chat.say(GRABBED)
    assert "isn't your fault" in chat.text
    chat.pick("Talk about something else")
    assert "Reflect on what happened" in chat.labels  # still back to where they were


# -- the person's region -------------------------------------------------------------------


def test_region_comes_from_the_locale_and_is_kept(chat: Chat):
    chat.say("hi", locale="en-GB")
    chat.say("I want to kill myself")  # this event has no locale; the stored one stands
    assert "116 123" in chat.text and "999" in chat.text and "988" not in chat.text
    chat.say("export my data")
    [export] = [a for r in chat.last for a in r.attachments]
    assert json.loads(export.data)["conversations"][0]["data"]["locale"] == "en-GB"


def test_a_locale_with_no_lines_shows_the_directory_and_the_local_emergency_number(chat_in):
    chat = chat_in("US")
    chat.say("I want to kill myself", locale="fr-FR")
    assert "findahelpline.com" in chat.text and "your local emergency number" in chat.text
    assert "988" not in chat.text and "911" not in chat.text


def test_a_locale_without_a_region_falls_back_to_rebound_region(chat_in):
    chat = chat_in("AU")
    chat.say("I want to kill myself", locale="fr")
    assert "13 11 14" in chat.text and "call 000" in chat.text


def test_region_command_sets_confirms_and_beats_the_locale(chat: Chat):
    chat.say("hi", locale="en-US")
    chat.say("They said no again")
    chat.say("region AU")
    assert "lines for Australia" in chat.text and "13 11 14" in chat.text
    assert "Reflect on what happened" in chat.labels  # then back to the question
    chat.say("I want to kill myself", locale="en-US")
    assert "13 11 14" in chat.text and "call 000" in chat.text and "988" not in chat.text
    chat.say("export my data")
    [export] = [a for r in chat.last for a in r.attachments]
    assert json.loads(export.data)["conversations"][0]["data"]["region"] == "AU"


def test_region_accepts_common_names(chat: Chat):
    chat.say("hi")
    chat.say("region uk")
    assert "lines for the UK" in chat.text and "Samaritans" in chat.text


@pytest.mark.parametrize("said", ["region", "region FR", "region narnia"])
def test_region_alone_or_unknown_explains_the_codes(chat: Chat, said):
    chat.say("hi")
    chat.say(said)
    for code in ("US", "CA", "GB", "IE", "AU", "NZ", "IN"):
        assert f"{code} for" in chat.text
    assert "findahelpline.com" in chat.text and "your local emergency number" in chat.text
    chat.say("I want to kill myself")
    assert "988" in chat.text  # nothing was saved: still the default set


@pytest.mark.parametrize(("region", "emergency", "line"), [
    ("US", "911", "988"), ("CA", "911", "988.ca"), ("GB", "999", "116 123"),
    ("IE", "112 or 999", "116 123"), ("AU", "000", "13 11 14"), ("NZ", "111", "1737"),
    ("IN", "112", "14416"),
])
def test_each_region_has_its_emergency_number_and_crisis_line(chat_in, region, emergency, line):
    chat = chat_in(region)
    chat.say("I want to kill myself")
    chat.pick("I'm not safe")
    assert chat.text.startswith(f"Please call {emergency} now")
    assert line in chat.text


def test_an_unknown_rebound_region_shows_the_directory_only(chat_in):
    chat = chat_in("ZZ")
    chat.say("I want to kill myself")
    assert "findahelpline.com" in chat.text and "your local emergency number" in chat.text
    assert "988" not in chat.text and "116 123" not in chat.text


# -- forms are screened like typing ------------------------------------------------------------


def test_a_form_answer_is_screened_and_nothing_in_it_is_kept(chat: Chat):
    venting(chat)
    chat.pick("Reflect on what happened")
    chat.event(values={"company": "Acme", "role": "I want to kill myself"})
    assert "988" in chat.text and "Are you safe right now?" in chat.text
    chat.pick("Talk about something else")
    assert "Everything is optional" in chat.text  # the facts are asked for again
    assert "Acme" not in chat.text
    assert "Acme" not in json.dumps(exported_data(chat))


def exported_data(chat: Chat) -> dict:
    chat.say("export my data")
    [export] = [a for r in chat.last for a in r.attachments]
    return json.loads(export.data)

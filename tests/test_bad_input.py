"""Whatever a person sends, the turn completes, nothing is interpreted, nothing is lost."""

from __future__ import annotations

import pytest

from adapters.markup import parse
from bot.text import MAX_TEXT
from tests.conftest import Chat


def errored(chat: Chat) -> bool:
    return "Something went wrong on my side" in chat.text


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n", "\x00\x01\x1b[31m", "\ud800", "\udfff x"])
def test_empty_or_odd_messages_get_a_kind_answer(chat: Chat, text):
    chat.say("hi")
    chat.say(text)
    assert chat.last and not errored(chat)


def test_very_long_message_is_kept_in_part_and_says_so(chat: Chat, engine, db):
    chat.say("hi")
    chat.say("a" * 100_000)
    assert f"I kept the first {MAX_TEXT:,} characters" in chat.text
    assert not errored(chat)
    [exported] = chat.say("export my data")[0].attachments
    text = exported.data.decode("utf-8")
    assert ("a" * 900) in text and ("a" * 1100) not in text


def test_template_syntax_is_never_run(chat: Chat):
    chat.say("hi")
    chat.say("rejected")
    chat.pick("Draft a reply")
    chat.say("{{ 7*7 }} {% raw %}")  # company
    chat.pick("Skip the rest")
    assert "{{ 7*7 }} {% raw %}" in chat.text
    assert "49" not in chat.text


def test_markdown_and_mentions_from_a_person_stay_literal(chat: Chat):
    chat.say("hi")
    chat.say("rejected")
    chat.pick("Draft a reply")
    chat.say("**Acme** <!channel> @everyone [click](https://evil.example) `x`")
    chat.pick("Skip the rest")
    draft = next(r for r in chat.last if "Subject" in r.text)
    spans = [s for b in parse(draft.text) for s in b.spans]
    literal = [s for s in spans if "Acme" in s.text and "<!channel>" in s.text]
    assert literal, "the company name should come through as one literal run"
    assert not any(s.link for s in spans), "a person's text never becomes a link"
    assert all(not s.code for s in literal)
    assert "[click](https://evil.example)" in literal[0].text


def test_choice_ids_that_do_not_exist_are_handled(chat: Chat):
    chat.say("hi")
    for bogus in ("", "nonsense", "go:", "plan:done:abc", "plan:snooze:1:99", "plan:zzz:1",
                  "recovery.vent:", "care.after:resume", ":::"):
        chat.click(bogus)
        assert chat.last and not errored(chat), bogus


def test_form_values_that_are_not_strings_or_are_huge(chat: Chat):
    chat.say("hi")
    chat.say("rejected")
    chat.pick("Draft a reply")
    chat.event(values={"company": "x" * 5000, "stage": "astronaut", "unknown": "y"})
    errors = dict(e for r in chat.last for e in r.errors)
    assert set(errors) == {"company", "stage"}
    chat.event(values={"company": None, "stage": "Final round"})  # label instead of id
    assert not any(r.errors for r in chat.last)

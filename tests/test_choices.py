"""Button ids: one codec builds and reads them, within every platform's limit."""

from __future__ import annotations

import pytest

from bot import choices
from tests.conftest import Chat
from tests.replay import load, names


def test_ids_keep_their_shape_on_the_wire():
    assert choices.answer("recovery.vent", "reflect") == "recovery.vent:reflect"
    assert choices.answer("recovery.facts", choices.field_value("stage", "final")) \
        == "recovery.facts:stage=final"
    assert choices.value_option("Europe/London") == "Europe~London"
    assert choices.value_option("09:00") == "09h00"
    assert choices.plan("snooze", 12, 7) == "plan:snooze:12:7"
    assert choices.group("cheer", "c3") == "group:cheer:c3"
    assert choices.mood("before", "skip") == "mood:before:skip"
    assert choices.go("plan") == "go:plan"


def test_a_value_comes_back_only_from_what_was_offered():
    zones = ("America/Chicago", "Asia/Kolkata")
    assert choices.option_value("America~Chicago", zones) == "America/Chicago"
    assert choices.option_value("thu", ("09:00", "12:00")) is None  # not "t:u"


def test_an_id_too_long_for_a_platform_is_refused_when_built():
    with pytest.raises(ValueError):
        choices.answer("recovery.facts", "x" * choices.MAX_LENGTH)


def test_every_recorded_button_reads_back():
    for name in names():
        for turn in load(name)["turns"]:
            outs = turn["out"] if isinstance(turn["out"], list) else []
            replies = [r for out in outs for r in out.get("replies", [out])]
            for reply in replies:
                for ident, _ in reply.get("choices", []):
                    assert len(ident) <= choices.MAX_LENGTH
                    assert choices.anywhere(ident) or choices.answered(ident), ident


def test_thursday_can_be_picked_for_a_group(chat: Chat):
    chat.event(command="rejected", text="group", channel="C1", admin=True)
    chat.say("Owls")
    chat.pick("Thursday")
    assert "At what time" in chat.text
    chat.say("thursday")  # a stale click typed: a time, not a day, is wanted now
    assert "couldn't read that time" in chat.text

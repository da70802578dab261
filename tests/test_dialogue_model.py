"""Detours come back to where they were called from, forms fill in parts, old places upgrade."""

from __future__ import annotations

from bot.flows import legacy
from bot.store import Conversation
from tests.conftest import Chat
from tests.test_groups import CHANNEL, join, set_up


def test_a_crisis_inside_a_check_in_returns_to_it_and_the_check_in_returns_home(engine):
    set_up(engine, buddies="no")
    bob = join(engine, "bob")
    bob.say("hi")
    bob.say("Rejected by Globex after the final round")
    assert "Reflect on what happened" in bob.labels
    bob.event(choice="group:checkin:1", channel=CHANNEL)
    bob.pick("4 Good")
    assert "One win from this week" in bob.text
    bob.say("honestly I want to kill myself")
    assert "988" in bob.text
    bob.pick("Talk about something else")
    assert "One win from this week" in bob.text  # back to the question they were asked
    bob.say("Finished a course")
    bob.pick("Skip")
    bob.pick("Skip")
    bob.pick("Keep it all private")
    assert "stays between us" in bob.text
    bob.say("and I still feel flat about it")
    assert "Reflect on what happened" in bob.labels  # still venting, as before the check-in


def test_back_out_of_a_detour_leaves_it(engine):
    alice = set_up(engine)
    alice.say("hi")
    alice.say("Another no, from Initech this time")
    alice.event(choice="group:settings:1", channel=CHANNEL, admin=True)
    assert "update the group's settings" in alice.text
    alice.say("back")
    assert "update the group's settings" not in alice.text
    alice.pick("Reflect on what happened")
    alice.pick("That's right")
    alice.pick("Skip the rest")
    assert "What went well" in alice.text  # the facts' way on, not the abandoned set-up's


def test_a_check_in_started_again_starts_over_and_still_returns_home(engine):
    set_up(engine, buddies="no")
    bob = join(engine, "bob")
    bob.say("hi")
    bob.say("They never wrote back after the interview")
    bob.event(choice="group:checkin:1", channel=CHANNEL)
    bob.pick("3 Okay")
    bob.event(choice="group:checkin:1", channel=CHANNEL)
    assert "How has your week felt" in bob.text
    bob.pick("Skip")
    for _ in range(3):
        bob.pick("Skip")
    bob.say("still annoyed though")
    assert "Reflect on what happened" in bob.labels


def test_the_facts_as_a_modal_in_parts_then_the_way_on(chat: Chat):
    chat.say("hi")
    chat.say("They said no after the phone screen")
    chat.pick("Draft a reply")
    chat.pick("Change something")
    chat.event(values={"company": "Umbrella", "role": "Data Engineer", "stage": "screen",
                       "met_manager": "no", "news": "An email"})
    rest = next(r.form for r in chat.last if r.form)
    assert [f.id for f in rest.fields] == ["interviewer", "enjoyed"]
    chat.event(values={"interviewer": "", "enjoyed": ""})
    assert "Subject: Thank you – Data Engineer at Umbrella" in chat.text


def test_a_check_in_modal_is_taken_after_the_first_answer_too(engine):
    set_up(engine, buddies="no")
    bob = join(engine, "bob")
    bob.event(choice="group:checkin:1", channel=CHANNEL)
    bob.pick("4 Good")
    bob.event(values={"mood": "4", "win": "Two interviews booked", "next": "", "hand": "",
                      "share_mood": "yes", "share_win": "no"})
    assert "include what you chose to share" in bob.text


def test_a_place_saved_by_release_0_1_becomes_frames():
    conv = Conversation("k", "console", "local", "amy", step="care.check",
                        history=["recovery.vent"],
                        data={"care_return": "recovery.facts", "after_facts": "draft",
                              "fact_at": 2, "form_got": ["company"]})
    legacy.upgrade(conv)
    assert conv.data["stack"] == [
        {"entry": "recovery.facts", "caller": "recovery.vent", "then": "recovery.draft",
         "base": 0, "kept": True},
        {"entry": "care.check", "caller": "recovery.facts", "then": "recovery.facts",
         "base": 1, "kept": False},
    ]
    assert conv.data["forms"] == {"recovery.facts": {"at": 2, "got": ["company"]}}
    assert not {"care_return", "after_facts", "fact_at", "form_got"} & set(conv.data)

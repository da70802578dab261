"""Admin controls: who may set up a group, and what a workspace's admins switch on or off."""

from __future__ import annotations

from datetime import UTC, datetime

from bot import Engine
from tests.conftest import Chat
from tests.test_groups import CHANNEL, check_in, deliver, dms, join, posts, set_up
from tests.test_retention import VENTED, exported

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def settings(engine: Engine, user: str = "root") -> Chat:
    """An admin's `/rejected settings`, opened from a channel."""
    admin = Chat(engine, user=user)
    admin.event(command="rejected", text="settings", channel=CHANNEL, admin=True)
    assert "Here's how Rebound works in this workspace" in admin.text
    return admin


def test_a_member_cannot_turn_a_channel_into_a_group_by_default(engine: Engine):
    bob = Chat(engine, user="bob")
    bob.event(command="rejected", text="group", channel=CHANNEL)
    assert "peer groups are set up by workspace admins" in bob.text
    assert all(r.private and r.channel == CHANNEL for r in bob.last)
    assert "set up your peer group" not in bob.text
    assert posts(deliver(engine, MONDAY)) == []


def test_an_admin_can_and_then_may_let_members(engine: Engine):
    admin = settings(engine)
    assert "only admins set groups up" in admin.text
    admin.pick("Let members set up groups")
    assert "Saved." in admin.text and "any member can turn a channel into a group" in admin.text
    admin.pick("Done")
    bob = Chat(engine, user="bob")
    bob.event(command="rejected", text="group", channel=CHANNEL)
    assert "set up your peer group" in bob.text


def test_someone_who_isnt_an_admin_gets_a_kind_no(engine: Engine):
    bob = Chat(engine, user="bob")
    bob.event(command="rejected", text="settings", channel=CHANNEL)
    assert "for the people who run this workspace" in bob.text
    assert bob.labels == []


def test_only_the_creator_or_an_admin_removes_a_group(engine: Engine):
    set_up(engine)
    bob = join(engine, "bob")
    bob.event(choice="group:remove:1", channel=CHANNEL)
    assert "Only the person who set up Job Hunters (Alice)" in bob.text
    assert "Remove this group" not in bob.labels
    alice = Chat(engine, user="alice")
    alice.event(command="rejected", text="group", channel=CHANNEL)
    alice.event(choice=alice.choice("Remove this group"), channel=CHANNEL)
    alice.event(choice=alice.choice("Yes, remove it"), channel=CHANNEL)
    assert "Job Hunters is removed" in alice.text
    assert posts(deliver(engine, MONDAY)) == []  # not even the announcement


def test_the_default_region_picks_the_crisis_lines_but_a_persons_own_choice_wins(engine: Engine):
    admin = settings(engine)
    admin.pick("Choose the crisis lines")
    admin.say("Narnia")
    assert "I don't have lines saved" in admin.text
    admin.say("au")
    assert "Saved." in admin.text and "Australia" in admin.text
    amy, ian = Chat(engine, user="amy"), Chat(engine, user="ian")
    for person in (amy, ian):
        person.say("hi")
    ian.say("region IE")
    for person in (amy, ian):
        person.say("I think I want to kill myself")
    assert "13 11 14" in amy.text and "988" not in amy.text
    assert "13 11 14" not in ian.text and "116 123" in ian.text


def test_retention_days_are_capped_by_the_operator_and_honoured_by_purge(engine: Engine, clock):
    admin = settings(engine)
    admin.pick("Choose how long words are kept")
    admin.say("90")
    assert "from 1 to 30" in admin.text
    admin.say("7 days")
    assert "kept for 7 days" in admin.text
    amy = Chat(engine, user="amy")
    amy.say("hi")
    amy.say(VENTED)
    elsewhere = Chat(engine, user="amy", workspace="other")
    elsewhere.say("hi")
    elsewhere.say(VENTED)
    clock.advance(days=8)
    assert engine.purge() == 2  # this workspace's two (the admin, amy), not the other one
    assert "Zanzibar" not in exported(amy)
    assert "Zanzibar" in exported(elsewhere)


def test_buddy_pairs_off_means_no_pairs(engine: Engine):
    set_up(engine, buddies="yes")
    join(engine, "bob")
    admin = settings(engine)
    admin.pick("Turn buddy pairs off")
    assert "Buddy pairs each week: off" in admin.text
    week = deliver(engine, MONDAY)
    assert [d for d in week if d.channel]  # the prompt still comes
    assert not any("your buddy is" in m for u in ("alice", "bob") for m in dms(week, u))


def test_with_buddy_pairs_off_set_up_does_not_ask_about_them(engine: Engine):
    admin = settings(engine)
    admin.pick("Turn buddy pairs off")
    alice = Chat(engine, user="alice")
    alice.event(command="rejected", text="group", channel=CHANNEL, name="Alice", admin=True)
    assert all(f.id != "buddies" for r in alice.last if r.form for f in r.form.fields)
    alice.say("Job Hunters", name="Alice")
    alice.pick("Monday")
    alice.say("9am")
    alice.say("London")
    assert "Job Hunters is set up" in alice.text  # no buddy question on the way


def test_notes_off_hides_the_button_and_refuses_kindly(engine: Engine, clock):
    set_up(engine)
    bob = join(engine, "bob")
    deliver(engine, MONDAY)
    check_in(bob, "4 Good", "Sent three applications", "", "", share=["win"])
    admin = settings(engine)
    admin.pick("Turn notes off")
    clock.now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    [digest] = [d for d in deliver(engine, clock.now) if d.channel]
    assert "Sent three applications" in digest.replies[0].text
    assert digest.replies[0].choices == ()
    alice = Chat(engine, user="alice")
    alice.event(choice="group:cheer:c1", channel=CHANNEL)
    assert "switched off notes" in alice.text and "write your note" not in alice.text


def test_settings_persist_and_a_later_admin_sees_them(db, clock):
    first = Engine(db, clock=clock)
    settings(first).pick("Turn notes off")
    again = settings(Engine(db, clock=clock), user="other-admin")
    assert "Encouragement notes between group members: off" in again.text
    assert "Turn notes on" in again.labels


def test_on_discord_each_server_has_its_own_settings(engine: Engine):
    def person(user: str) -> Chat:
        return Chat(engine, user=user, platform="discord", workspace="discord")

    admin = person("root")
    admin.event(command="rejected", text="settings", channel="c-a", admin=True, server="A")
    assert "Here's how Rebound works in this server" in admin.text
    admin.pick("Let members set up groups")
    bob = person("bob")
    bob.event(command="rejected", text="group", channel="c-b", server="B")
    assert "set up by people who can manage channels" in bob.text
    bob.event(command="rejected", text="group", channel="c-a", server="A")
    assert "set up your peer group" in bob.text


def test_an_admin_check_is_held_for_an_hour_only(engine: Engine, clock):
    admin = settings(engine)
    clock.advance(hours=2)
    admin.pick("Turn notes off")
    assert "Run /rejected settings again" in admin.text
    again = settings(engine)
    assert "Encouragement notes between group members: on" in again.text


def test_help_mentions_the_settings_to_admins_only(engine: Engine):
    admin, bob = Chat(engine, user="root"), Chat(engine, user="bob")
    admin.event(command="rejected", text="help", admin=True)
    bob.event(command="rejected", text="help")
    assert "/rejected settings lets you choose" in admin.text
    assert "/rejected settings" not in bob.text

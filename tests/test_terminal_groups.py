"""Peer groups and reminders as a new user meets them: separate `rebound chat` and
`rebound tick` processes on one database, each with its own `--now` (issue 15)."""

from __future__ import annotations

import pytest

from tests.test_terminal import chat, rebound

WED = "2026-11-18T10:00:00+00:00"
MONDAY = "2026-11-23T09:00:00+00:00"  # the group's check-in: Mondays 9:00 in London (GMT)
SATURDAY = "2026-11-28T10:00:00+00:00"


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "chat.db")


def group(db: str) -> None:
    """Alice sets up Demo Hunters (Mondays 9:00 London, buddies); Bob joins."""
    out = chat(db, ["/rejected group", "Demo Hunters", "1", "9am", "London", "yes"], "alice",
               "--group", "demo", "--now", WED)
    assert "Demo Hunters is set up" in out
    out = chat(db, ["/rejected group", "1"], "bob", "--group", "demo", "--now", WED)
    assert "Welcome to Demo Hunters" in out


def plan(db: str, *edits: str) -> str:
    """Sam makes a plan on Saturday 28 November (London), with typed edits, and saves it."""
    return chat(db, ["hi", "my plan", "1", "2", "London", "b", *edits, "a"], "sam",
                "--now", SATURDAY)


def test_a_reminder_printed_by_tick_is_answered_in_the_next_chat(db):
    plan(db, "add Phone my mentor Priya tomorrow")
    ticked = rebound(db, ["tick", "--now", "2026-11-29T09:00:00+00:00"])
    assert "@sam" in ticked and "Phone my mentor Priya (due today)" in ticked
    out = chat(db, ["Done"], "sam", "--now", "2026-11-29T09:30:00+00:00")
    start = out.split('Done: "')[0]
    assert "While you were away" in start and "Phone my mentor Priya (due today)" in start
    assert "] Done" in start and "] Carry on where we were" in start
    assert 'Done: "Phone my mentor Priya"' in out


def test_the_check_in_button_of_a_channel_post_is_answered_by_its_label(db):
    group(db)
    ticked = rebound(db, ["tick", "--now", MONDAY])
    assert "#demo" in ticked and "[1] Check in" in ticked
    out = chat(db, ["Check in"], "bob", "--group", "demo", "--now", MONDAY)
    start, _, then = out.partition("How has your week felt")
    assert "While you were away" in start and "#demo" in start and "check-in time" in start
    assert then  # "Check in", typed, began the check-in


def test_labels_still_work_after_carry_on_where_we_left_off(db):
    group(db)
    rebound(db, ["tick", "--now", MONDAY])
    chat(db, ["/rejected checkin", "4", "Finished a portfolio piece", "skip", "skip"], "bob",
         "--group", "demo", "--now", MONDAY)
    out = chat(db, ["Share all of it"], "bob", "--group", "demo", "--now", MONDAY)
    assert "carry on where we left off" in out
    assert "include what you chose to share" in out.split("carry on where we left off")[1]


def test_someone_new_joins_by_typing_the_buttons_label(db):
    group(db)
    out = chat(db, ["/rejected group", "Join this group"], "carol", "--group", "demo",
               "--now", WED)
    then = out.split("[2] Check in")[-1]
    assert "Welcome to Demo Hunters" in then and "So, what happened?" not in then


def test_a_date_anywhere_in_an_added_or_reworded_step_is_read_and_taken_out(db):
    out = plan(db, "add Phone my mentor Priya tomorrow", "1 = Email Sam on Dec 3")
    assert "Phone my mentor Priya (tomorrow)" in out  # Sunday 29 November
    assert "Email Sam (Thu 3 Dec)" in out
    out = chat(db, ["my plan"], "sam", "--now", SATURDAY)
    assert "Phone my mentor Priya (tomorrow)" in out and "Priya tomorrow" not in out


def test_a_check_in_by_someone_not_in_the_group_asks_them_to_join_first(db):
    group(db)
    out = chat(db, ["/rejected checkin"], "carol", "--group", "demo", "--now", WED)
    assert "you haven't joined yet" in out and "] Join this group" in out
    assert "How has your week felt" not in out
    out = chat(db, ["/rejected group"], "dan", "--group", "demo", "--now", WED)
    assert "has 2 members" in out  # Carol was not counted in
    out = chat(db, ["Join this group", "Check in"], "carol", "--group", "demo", "--now", WED)
    assert "Welcome to Demo Hunters" in out and "How has your week felt" in out


def test_one_tick_delivers_the_prompt_and_the_buddy_introductions(db):
    group(db)
    out = rebound(db, ["tick", "--now", MONDAY])
    assert "it's check-in time" in out
    assert "@alice" in out and "your buddy is bob" in out
    assert "@bob" in out and "your buddy is alice" in out
    assert "your buddy is" not in rebound(db, ["tick", "--now", "2026-11-23T09:00:30+00:00"])


def test_a_missed_week_is_skipped_and_close_ticks_never_prompt_twice(db):
    group(db)
    late = rebound(db, ["tick", "--now", "2026-12-08T12:00:00+00:00"])  # two Mondays missed
    assert "check-in time" not in late
    assert "check-in time" not in rebound(db, ["tick", "--now", "2026-12-08T12:01:00+00:00"])
    on_time = rebound(db, ["tick", "--now", "2026-12-14T09:00:30+00:00"])
    assert on_time.count("check-in time") == 1
    assert "check-in time" not in rebound(db, ["tick", "--now", "2026-12-14T09:01:30+00:00"])


def test_a_prompt_just_missed_this_week_still_comes_once(db):
    group(db)
    # Nothing ran on 23 Nov; ticking the next Monday a little late still gives that week's.
    out = rebound(db, ["tick", "--now", "2026-11-30T09:20:00+00:00"])
    assert out.count("check-in time") == 1
    assert "check-in time" not in rebound(db, ["tick", "--now", "2026-11-30T09:21:00+00:00"])


def test_every_open_step_of_a_long_plan_can_be_marked_done(db):
    plan(db, "add Phone my mentor Priya tomorrow")
    out = chat(db, ["my plan"], "sam", "--now", SATURDAY)
    assert out.count("] Done: ") == 6
    assert "done 2" in out
    out = chat(db, ["done 6"], "sam", "--now", SATURDAY)
    assert "Well done" in out and "5 to go" in out

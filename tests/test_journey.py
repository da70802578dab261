"""`my journey`: counts in the person's own time zone, a weekly streak, progress not a score."""

from __future__ import annotations

from datetime import date

import pytest

from adapters.markup import plain
from bot.journey import REPLY_KINDS, Entry, journey, streak, template
from bot.render import messages
from bot.rows import Action, of

TODAY = date(2026, 11, 18)  # a Wednesday


def done(at: str, kind: str = "practise") -> Action:
    return of(Action, {"kind": kind, "status": "done", "done_at": at, "due": at[:10]})


ENTRIES = [
    Entry("Acme", "Analyst", "applied", date(2026, 10, 2), "automated", automated=True),
    Entry("Globex", "Designer", "screen", date(2026, 10, 20), "email"),
    Entry("Initech", "Engineer", "interview", date(2026, 11, 3), "call"),
    Entry("Umbrella", "Analyst", "final", date(2026, 11, 10), "email"),
    Entry("Hooli", "PM", "screen", date(2026, 11, 16), "automated", automated=True),
    Entry("Stark", "Analyst", "applied", date(2026, 11, 17), rejected=False),
]
ACTIONS = [
    done("2026-10-28T15:00:00+00:00", "reply"),
    done("2026-11-04T09:00:00+00:00", "note"),
    done("2026-11-09T01:30:00+00:00"),  # Sunday 8 Nov, evening, in New York
    done("2026-11-12T12:00:00+00:00"),
    of(Action, {"kind": "reply", "status": "open", "done_at": None, "due": "2026-11-19"}),
]


def test_the_counts_come_from_entries_and_steps_done():
    summary = journey(ENTRIES, ACTIONS, TODAY, "America/New_York")
    assert (summary.applications, summary.interviews, summary.rejections) == (6, 4, 5)
    assert summary.automated == 2
    assert (summary.replies, summary.steps_done) == (2, 4)
    assert summary.this_month.interviews == 3 and summary.last_month.interviews == 1
    assert summary.last_month.name == "October"
    assert summary.grew[0] == "interviews"


def test_the_streak_counts_weeks_in_their_time_zone():
    # In New York the 9 Nov 01:30 UTC step was done on Sunday 8 Nov: the week of 2 Nov.
    assert journey(ENTRIES, ACTIONS, TODAY, "America/New_York").streak_weeks == 3
    # In London it was Monday 9 Nov: the weeks of 26 Oct and 2 Nov have one step each,
    # 9 Nov has two, and this week has none yet, which doesn't break the run.
    assert journey(ENTRIES, ACTIONS, TODAY, "Europe/London").streak_weeks == 3
    assert journey(ENTRIES, ACTIONS[:2], TODAY, "Europe/London").streak_weeks == 0
    late_sunday = [ACTIONS[0], ACTIONS[2]]
    assert journey(ENTRIES, late_sunday, TODAY, "America/New_York").streak_weeks == 0
    assert journey(ENTRIES, late_sunday, TODAY, "Europe/London").streak_weeks == 1


@pytest.mark.parametrize(("days", "count"), [
    ([], 0),
    ([date(2026, 11, 16)], 1),  # this week
    ([date(2026, 11, 9)], 1),  # last week, nothing yet this week
    ([date(2026, 11, 2)], 0),  # a gap: last week had nothing
    ([date(2026, 11, 17), date(2026, 11, 13), date(2026, 10, 26), date(2026, 10, 19)], 2),
])
def test_streak(days, count):
    assert streak(days, TODAY) == count


def test_the_summary_names_what_grew_and_never_grades():
    summary = journey(ENTRIES, ACTIONS, TODAY, "America/New_York")
    text = plain(messages().say(template(summary), j=summary))
    assert "Applications logged: 6" in text and "Interviews reached: 4" in text
    assert "2 of them automated" in text
    assert "Replies you sent: 2" in text and "Plan steps done: 4" in text
    assert "3 interviews this month: more than in October" in text
    assert "every week for 3 weeks in a row" in text
    for grade in ("score", "rank", "%", "/10", "better than", "worse", "fewer", "behind"):
        assert grade not in text.replace("not a score", "")


def test_a_quieter_month_is_not_set_against_the_last():
    entries = [Entry("Acme", "Analyst", "interview", date(2026, 10, 5), "email")] * 3
    summary = journey(entries, [], TODAY, "UTC")
    assert summary.grew == ()
    text = plain(messages().say(template(summary), j=summary))
    assert "quieter" in text and "October" not in text and "0" not in text.split("\n\n", 2)[2]


def test_nothing_yet_gets_a_first_steps_note():
    summary = journey([], [], TODAY, "UTC")
    assert template(summary) == "journey/empty"
    assert "nothing to show yet" in plain(messages().say(template(summary), j=summary))


def test_replies_are_the_plan_steps_that_write_to_the_employer():
    from bot.flows.plan import EMPLOYER_STEPS

    assert REPLY_KINDS <= EMPLOYER_STEPS and "linkedin" not in REPLY_KINDS

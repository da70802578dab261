"""What `my journey` shows: the whole search so far, as progress, never as a score.

Pure: it takes the entries a person logged (each job and how far it got)
and their plan's steps, and counts what they did in their own time zone:
applications, interviews reached, rejections, replies sent, steps done, and
the run of weeks in a row with at least one step done. The comparison with
last month only ever names something that grew ("more interviews than in
October"); a quieter month is met without numbers set against it, because
a search is not a leaderboard and a slow month is not a failure.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.rows import Action

LIVE_STAGES = ("screen", "interview", "final")
"""Stages that mean they talked to someone (as in `bot.flows.facts`)."""
REPLY_KINDS = frozenset({"reply", "note", "nudge", "follow_up"})
"""Plan steps that are a message to the employer (as in `bot.flows.plan`)."""
MEASURES = ("interviews", "applications", "steps")
"""What a month can be compared on, most worth celebrating first."""


@dataclass(frozen=True)
class Entry:
    """One job in the search: where, what, how far it got and on which day (their date).

    `news` is how the answer came, as the facts step names it (``email``,
    ``call``, ``automated``, ``silence``); `automated` is True for a form
    letter or an ATS message, False for one a person wrote; `rejected` is
    False while they are still waiting to hear.
    """

    company: str
    role: str
    stage: str
    day: date
    news: str = ""
    automated: bool = False
    rejected: bool = True

    @property
    def interviewed(self) -> bool:
        return self.stage in LIVE_STAGES


@dataclass(frozen=True)
class Month:
    """Counts for one calendar month; `name` is the month's English name."""

    name: str
    applications: int
    interviews: int
    steps: int


@dataclass(frozen=True)
class Journey:
    """Everything the summary says, counted and ready for the template."""

    applications: int
    interviews: int
    rejections: int
    automated: int
    replies: int
    steps_done: int
    streak_weeks: int
    this_month: Month
    last_month: Month
    grew: tuple[str, ...]
    """The measures (of MEASURES) where this month already passes last month, best first."""


def done_day(row: Action, zone: ZoneInfo) -> date | None:
    """The day in `zone` a stored step was marked done, or None if it is not done."""
    if row.status != "done" or not row.done_at:
        return None
    moment = datetime.fromisoformat(row.done_at)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone).date()


def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def streak(days_done: Iterable[date], today: date) -> int:
    """Weeks in a row, back from this one, with at least one step done.

    A week still under way doesn't break the run: if nothing is done yet
    this week, the count starts from last week.
    """
    weeks = {week_start(day) for day in days_done}
    week = week_start(today)
    if week not in weeks:
        week -= timedelta(days=7)
    count = 0
    while week in weeks:
        count += 1
        week -= timedelta(days=7)
    return count


def journey(entries: Sequence[Entry], actions: Iterable[Action], today: date,
            zone: str) -> Journey:
    """The summary for someone whose `today` is in `zone`, from their entries and steps."""
    where = ZoneInfo(zone)
    done = [(row, day) for row in actions if (day := done_day(row, where)) is not None]
    first_of_month = today.replace(day=1)
    previous = (first_of_month - timedelta(days=1)).replace(day=1)
    this = _month(first_of_month, entries, [day for _, day in done])
    last = _month(previous, entries, [day for _, day in done])
    return Journey(
        applications=len(entries),
        interviews=sum(entry.interviewed for entry in entries),
        rejections=sum(entry.rejected for entry in entries),
        automated=sum(entry.rejected and entry.automated for entry in entries),
        replies=sum(row.kind in REPLY_KINDS for row, _ in done),
        steps_done=len(done),
        streak_weeks=streak((day for _, day in done), today),
        this_month=this,
        last_month=last,
        grew=tuple(m for m in MEASURES if getattr(this, m) > getattr(last, m)),
    )


def template(summary: Journey) -> str:
    """Which message shows it: a first-steps note while there is nothing to count yet."""
    return "journey/summary" if summary.applications or summary.steps_done else "journey/empty"


def _month(first: date, entries: Sequence[Entry], days_done: Sequence[date]) -> Month:
    def within(day: date) -> bool:
        return (day.year, day.month) == (first.year, first.month)

    return Month(
        name=f"{first:%B}",
        applications=sum(within(entry.day) for entry in entries),
        interviews=sum(within(entry.day) and entry.interviewed for entry in entries),
        steps=sum(within(day) for day in days_done),
    )

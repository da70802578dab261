"""`rebound-plan.ics`: the plan's steps as all-day events a calendar app can import.

Each step is one all-day event on its due date with a reminder at the time
the bot itself would remind (9:00 in the person's zone, `bot.dates.REMIND_AT`),
given as a UTC moment so every calendar app rings at the same instant. The
event's UID is derived from a hash of the conversation key and the step's
id, never from the person's words or platform ids in the clear, so
importing the file again updates the same events instead of adding copies,
and two people's files can never collide.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

from bot.dates import REMIND_AT
from bot.model import Attachment
from bot.rows import Action

FILENAME = "rebound-plan.ics"
MEDIA_TYPE = "text/calendar"
PRODUCT = "-//Rebound//Rebound plan//EN"
UID_DOMAIN = "rebound.invalid"


@dataclass(frozen=True)
class PlanStep:
    """One step of a plan as the calendar needs it: a stable id, a title, a due day."""

    id: int | str
    title: str
    due: date


def open_steps(actions: Iterable[Action]) -> list[PlanStep]:
    """The steps still to do, from stored action rows (`Store.actions`), in due order."""
    steps = [PlanStep(row.id, row.title, date.fromisoformat(row.due))
             for row in actions if row.status != "done" and row.due]
    return sorted(steps, key=lambda step: (step.due, str(step.id)))


def uid(key: str, step_id: int | str) -> str:
    """The event's UID: the same for the same person and step, revealing neither."""
    person = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
    return f"{person}-{step_id}@{UID_DOMAIN}"


def calendar_file(steps: Sequence[PlanStep], *, key: str, zone: str, now: datetime,
                  name: str) -> Attachment:
    """The plan as an .ics attachment; `name` (from labels.toml) titles the calendar."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", zone)
    stamp = now.astimezone(UTC)
    where = ZoneInfo(zone)
    for step in steps:
        event = Event()
        event.add("uid", uid(key, step.id))
        event.add("dtstamp", stamp)
        event.add("summary", step.title)
        event.add("dtstart", step.due)
        event.add("dtend", step.due + timedelta(days=1))
        event.add("transp", "TRANSPARENT")  # a reminder to act, not time that is taken
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", step.title)
        moment = datetime.combine(step.due, REMIND_AT, tzinfo=where).astimezone(UTC)
        alarm.add("trigger", moment, parameters={"VALUE": "DATE-TIME"})
        event.add_component(alarm)
        calendar.add_component(event)
    return Attachment(FILENAME, MEDIA_TYPE, calendar.to_ical())

"""Dates people type ("tomorrow", "next Friday", "Dec 3") and dates the bot shows.

dateparser does the understanding; this module only pins it to the person's
own "today" (their time zone, the injected clock) and to the future.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import dateparser

REMIND_AT = time(9, 0)
LATEST_SAME_DAY = time(20, 0)


def parse_day(text: str, today: date) -> date | None:
    """The day `text` names, counted from `today`; None if it names no day."""
    text = text.strip()
    if not text or len(text) > 60:
        return None
    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": datetime.combine(today, time(12, 0)),
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    if parsed is None:
        return None
    day = parsed.date()
    return day if day >= today else None


def end_of_week(today: date) -> date:
    """The coming Friday (today if it is Friday; next week's at the weekend)."""
    return today + timedelta(days=(4 - today.weekday()) % 7)


def remind_at(day: date, zone: ZoneInfo, now: datetime) -> datetime:
    """When to remind about something due on `day`: 9:00 local, or soon if that has passed."""
    moment = datetime.combine(day, REMIND_AT, tzinfo=zone)
    if moment > now:
        return moment
    soon = now + timedelta(hours=2)
    evening = datetime.combine(day, LATEST_SAME_DAY, tzinfo=zone)
    return soon if soon <= evening else datetime.combine(day + timedelta(days=1), REMIND_AT,
                                                         tzinfo=zone)


def show_day(day: date, today: date, words: dict[str, str]) -> str:
    """"today", "tomorrow" or a short date like "Fri 27 Nov"; `words` are from labels.toml."""
    if day == today:
        return words["today"]
    if day == today + timedelta(days=1):
        return words["tomorrow"]
    return f"{day:%a} {day.day} {day:%b}" + (f" {day.year}" if day.year != today.year else "")

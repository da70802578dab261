"""Dates people type ("tomorrow", "next Friday", "Dec 3") and dates the bot shows.

dateparser does the understanding; this module only pins it to the person's
own "today" (their time zone, the injected clock) and to the future.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

import dateparser
from dateparser.search import search_dates

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


_DAY_WORDS = re.compile(
    r"\d|\b(?:today|tonight|tomorrow|tmrw|next|this|week|weekend|month|fortnight|days?|"
    r"mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)(?:day|nesday|urday|sday)?\b", re.I)
_LEAD = re.compile(r"\s*\b(?:on|by|for|due|before|at|in)\s*$", re.I)


def find_day(text: str, today: date) -> tuple[date | None, str]:
    """A day named anywhere in `text` ("Phone Priya tomorrow"), and the text without it.

    A bare month name ("Practise may questions", "March on") is a word, not a
    date: a match counts only when it has a number or a day word in it. Days
    before `today` don't count either.
    """
    found = search_dates(text, languages=["en"], settings={
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": datetime.combine(today, time(12, 0)),
        "RETURN_AS_TIMEZONE_AWARE": False,
    }) if 0 < len(text) <= 200 else None
    for phrase, moment in found or ():
        if not _DAY_WORDS.search(phrase) or moment.date() < today:
            continue
        words = phrase.split()
        while len(words) > 1 and parse_day(" ".join(words[1:]), today) == moment.date():
            words.pop(0)  # "step 1 tomorrow": the 1 belongs to the title, not the date
        phrase = " ".join(words) if " ".join(words) in text else phrase
        before, _, after = text.partition(phrase)
        rest = " ".join(f"{_LEAD.sub('', before)} {after}".split()).strip(" ,;:-")
        if rest:
            return moment.date(), rest
    return None, text


def end_of_week(today: date) -> date:
    """The coming Friday (today if it is Friday; next week's at the weekend)."""
    return today + timedelta(days=(4 - today.weekday()) % 7)


def on_weekday(day: date) -> date:
    """`day`, or the Monday after when it falls on a weekend (when nobody reads work email)."""
    return day + timedelta(days=7 - day.weekday()) if day.weekday() >= 5 else day


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


_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?\s*$", re.I)


def parse_time(text: str) -> time | None:
    """A time of day from "9", "9am", "5:30pm", "17:30" or "17h30"."""
    match = _TIME.match(text)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    half = (match.group(3) or "").lower().replace(".", "")
    if half and not 1 <= hour <= 12:
        return None
    if half == "pm" and hour != 12:
        hour += 12
    elif half == "am" and hour == 12:
        hour = 0
    return time(hour, minute) if hour < 24 and minute < 60 else None


ZONE_WORDS = {
    "utc": "UTC", "gmt": "Europe/London", "bst": "Europe/London", "uk": "Europe/London",
    "ireland": "Europe/Dublin", "est": "America/New_York", "edt": "America/New_York",
    "eastern": "America/New_York", "et": "America/New_York", "cst": "America/Chicago",
    "cdt": "America/Chicago", "central": "America/Chicago", "mst": "America/Denver",
    "mdt": "America/Denver", "mountain": "America/Denver", "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles", "pacific": "America/Los_Angeles", "cet": "Europe/Berlin",
    "cest": "Europe/Berlin", "ist": "Asia/Kolkata", "india": "Asia/Kolkata",
    "aest": "Australia/Sydney", "sf": "America/Los_Angeles", "nyc": "America/New_York",
}


@cache
def _zones_by_city() -> dict[str, str]:
    cities: dict[str, str] = {}
    for name in sorted(available_timezones()):
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/")):
            cities.setdefault(name.rsplit("/", 1)[-1].replace("_", " ").lower(), name)
    return cities


def parse_zone(text: str) -> str | None:
    """An IANA zone from "Europe/London", "london", "New York" or "PST"."""
    said = " ".join(text.strip().lower().replace("_", " ").split())
    if not said:
        return None
    for name in available_timezones():
        if name.lower().replace("_", " ") == said:
            return name
    return ZONE_WORDS.get(said) or _zones_by_city().get(said)


def next_weekly(weekday: int, at: time, zone: ZoneInfo, after: datetime) -> datetime:
    """The next `weekday` (0 = Monday) at `at` local time strictly after `after`.

    Built from the local date each time, so the hour holds across daylight-saving changes.
    """
    local = after.astimezone(zone)
    for days in range(8):
        day = local.date() + timedelta(days=days)
        if day.weekday() == weekday:
            moment = datetime.combine(day, at, tzinfo=zone)
            if moment > after:
                return moment
    return datetime.combine(local.date() + timedelta(days=7), at, tzinfo=zone)


def week_of(moment: datetime, zone: ZoneInfo) -> str:
    """ISO week name, like 2026-W47, of `moment` in `zone`."""
    year, week, _ = moment.astimezone(zone).isocalendar()
    return f"{year}-W{week:02d}"

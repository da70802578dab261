"""The journey log: each rejection an entry, and what `my journey` and `my progress` show.

An entry is made when the facts about a job are confirmed (or read from a
pasted email) and updated when they change; `start over` or another pasted
email begins the next one, and the old ones stay. The summary and the
picture are counted from the entries and the plan's steps in the person's
own time zone (`bot.journey`, `bot.progress_chart`). Mood ratings are drawn
only for someone who said yes to that, asked once, the first time there are
any to draw.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot import choices
from bot.flows.base import Turn
from bot.journey import Entry, Journey, done_day, journey, template
from bot.model import Attachment, Choice
from bot.progress_chart import WeeklyProgress, mood_changes, progress_picture, weekly_progress
from bot.rows import JourneyEntry


def zone(t: Turn) -> str:
    return t.conv.timezone or t.default_zone


def _columns(t: Turn) -> dict[str, Any]:
    known = t.data.facts
    news = known.get("news")
    return {"company": known.get("company"), "role": known.get("role"),
            "stage": known.get("stage"), "news": news, "automated": int(news == "automated")}


def record(t: Turn) -> None:
    """The facts as they stand now become the current entry (a new one if there is none)."""
    columns = _columns(t)
    if t.data.entry and t.store.update_entry(t.conv.key, t.data.entry, columns, t.now):
        return
    t.data.entry = t.store.add_entry(t.conv.key, {**columns, "day": t.today.isoformat()}, t.now)


def replied(t: Turn) -> None:
    """They sent their reply to this job: counted in `my journey`."""
    if not (t.data.entry and t.store.update_entry(t.conv.key, t.data.entry,
                                                  {"replied_at": t.now.isoformat()}, t.now)):
        record(t)
        t.store.update_entry(t.conv.key, t.data.entry or 0, {"replied_at": t.now.isoformat()},
                             t.now)


def entries(t: Turn) -> list[Entry]:
    return [_entry(row) for row in t.store.entries(t.conv.key)]


def _entry(row: JourneyEntry) -> Entry:
    return Entry(company=row.company or "", role=row.role or "", stage=row.stage or "",
                 day=date.fromisoformat(row.day), news=row.news or "",
                 automated=bool(row.automated))


def summary(t: Turn) -> Journey:
    """`bot.journey.journey`, with the replies they told us they sent."""
    rows = t.store.entries(t.conv.key)
    counted = journey([_entry(row) for row in rows], t.store.actions(t.conv.key), t.today,
                      zone(t))
    return replace(counted, replies=counted.replies + sum(bool(r.replied_at) for r in rows))


def picture_button(t: Turn) -> Choice:
    return Choice(choices.go("progress"), t.label("journey.progress"))


def show(t: Turn) -> None:
    """`my journey`: the whole search so far, as progress."""
    found = summary(t)
    empty = template(found) == "journey/empty"
    t.say(template(found), j=found, choices=[] if empty else [picture_button(t)])


def home(t: Turn) -> None:
    """The summary for a home screen, once there is something in it; the picture is a
    button, drawn by the turn its click starts, never while the screen is shown."""
    found = summary(t)
    if template(found) == "journey/summary":
        t.say("journey/summary", j=found, choices=[picture_button(t)])


def weekly(t: Turn) -> WeeklyProgress:
    """What the picture plots; moods only for someone who said yes to that."""
    moods = t.data.mood.answers if t.data.mood_chart else []
    return weekly_progress(t.store.actions(t.conv.key), entries(t), moods, t.today, zone(t))


def picture(t: Turn) -> Attachment:
    return progress_picture(weekly(t), t.msgs)


def progress(t: Turn) -> None:
    """`my progress`: the picture, after asking once whether moods may be on it."""
    if t.data.mood_chart is None and mood_changes(t.data.mood.answers):
        t.say("progress/ask_moods", choices=[
            Choice(choices.go("progress_moods"), t.label("progress.with_moods")),
            Choice(choices.go("progress_plain"), t.label("progress.without_moods"))])
        return
    drawing = weekly(t)
    if not any((*drawing.steps_done, *drawing.applications, *drawing.interviews,
                drawing.moods)):
        t.say("progress/nothing_yet")
        return
    drawn = progress_picture(drawing, t.msgs)
    t.say("progress/picture", alt=drawn.alt_text, attachments=[drawn])


def moods_shown(shown: bool) -> Callable[[Turn], None]:
    """The answer to whether moods may be drawn: remembered, then the picture."""
    def command(t: Turn) -> None:
        t.data.mood_chart = shown
        progress(t)
    return command


def lately(t: Turn, days: int) -> bool:
    """Whether the last `days` days hold an entry or a step done: a picture worth sending."""
    since = t.today - timedelta(days=days)
    where = ZoneInfo(zone(t))
    done = (done_day(row, where) for row in t.store.actions(t.conv.key))
    return any(day and day > since for day in done) or any(e.day > since for e in entries(t))

"""The plan as it is kept: its actions, their reminders, and what can be done to them
from anywhere ("my plan", Done / Snooze / Drop, "done 2").

Action buttons carry the action's id (``plan:done:12``), so a Done clicked
twice or after a restart is checked against the stored row.
"""

from __future__ import annotations

from datetime import UTC, date, timedelta

from bot import choices, routes
from bot.calendar_file import calendar_file, open_steps
from bot.dates import remind_at, show_day
from bot.flows import journey_log
from bot.flows.base import Turn
from bot.model import Attachment, Choice
from bot.rows import Action
from bot.text import row_id, shorten

RECAP_DAYS = 7
BUTTON_TITLE = 40
DONE_BUTTONS = 5
SNOOZES = (1, 7)


def _words(t: Turn) -> dict[str, str]:
    return {"today": t.label("dates.today"), "tomorrow": t.label("dates.tomorrow")}


def day_text(t: Turn, iso: str) -> str:
    return show_day(date.fromisoformat(iso), t.today, _words(t))


def save(t: Turn, items: list[dict[str, str]]) -> None:
    for item in items:
        action_id = t.store.add_action(t.conv.key, item["title"], item["kind"], item["due"], t.now,
                                       entry_id=t.data.entry)
        remind(t, action_id, date.fromisoformat(item["due"]))
    t.data.planned = len(items)
    t.data.plan_draft, t.data.plan_picked = [], []
    if not t.store.pending("recap", key=t.conv.key):
        schedule_recap(t)


def remind(t: Turn, action_id: int, day: date) -> None:
    t.store.cancel("reminder", key=t.conv.key, ref=action_id)
    t.store.schedule("reminder", remind_at(day, t.zone, t.now), platform=t.conv.platform,
                     workspace=t.conv.workspace, key=t.conv.key, user=t.conv.user,
                     ref=action_id)


def schedule_recap(t: Turn) -> None:
    t.store.schedule("recap", remind_at(t.today + timedelta(days=RECAP_DAYS), t.zone, t.now),
                     platform=t.conv.platform, workspace=t.conv.workspace, key=t.conv.key,
                     user=t.conv.user)


def open_actions(t: Turn) -> list[Action]:
    return [a for a in t.store.actions(t.conv.key) if a.status == "open"]


def calendar(t: Turn, actions: list[Action] | None = None) -> list[Attachment]:
    """The open steps as `rebound-plan.ics`, in their zone; none when nothing is open."""
    steps = open_steps(t.store.actions(t.conv.key) if actions is None else actions)
    if not steps:
        return []
    return [calendar_file(steps, key=t.conv.key, zone=t.conv.timezone or t.default_zone,
                          now=t.now, name=t.label("calendar.name"))]


def saved_now(t: Turn) -> list[Attachment]:
    """The calendar file, if this turn saved steps (a question asked again sends none)."""
    actions = t.store.actions(t.conv.key)
    now = t.now.astimezone(UTC).isoformat()
    return calendar(t, actions) if any(a.created_at == now for a in actions) else []


def show(t: Turn) -> None:
    actions = t.store.actions(t.conv.key)
    if not actions:
        t.say("plan/empty", choices=[Choice(choices.plan("new"), t.label("recovery.way_on.plan"))])
        return
    open_ = [a for a in actions if a.status == "open"]
    done = [a for a in actions if a.status == "done"]
    marks = [Choice(choices.plan("done", a.id),
                    t.label("plan.done_button", title=shorten(a.title, BUTTON_TITLE)))
             for a in open_]
    # The first few as buttons, the rest in a menu: every open step can be ticked off.
    t.say(
        "plan/mine",
        open=[{"title": a.title, "day": day_text(t, a.due),
               "late": a.due < t.today.isoformat()} for a in open_],
        done=[a.title for a in done], more=len(marks) > DONE_BUTTONS,
        choices=marks[:DONE_BUTTONS], menu=marks[DONE_BUTTONS:],
        menu_label=t.label("plan.done_menu") if len(marks) > DONE_BUTTONS else "",
    )
    if open_:
        t.say("plan/calendar_offer",
              choices=[Choice(choices.plan("calendar"), t.label("plan.calendar"))])


def home(t: Turn) -> None:
    """The plan plus a way in: start, or carry on / start over when mid-conversation."""
    t.say("plan/home", keep_days=t.retain_days, privacy_url=t.privacy_url)
    show(t)
    journey_log.home(t)
    if t.conv.step:
        buttons = [Choice(choices.go("resume"), t.label("global.resume")),
                   Choice(choices.go("restart"), t.label("global.restart"))]
    else:
        buttons = [Choice(choices.go("start"), t.label("global.start"))]
    t.say("plan/home_next", started=bool(t.conv.step), choices=buttons)


def done_by_number(t: Turn, number: int) -> None:
    open_ = open_actions(t)
    if not 1 <= number <= len(open_):
        t.say("plan/no_such_number", count=len(open_))
        return
    _done(t, open_[number - 1])


def click(t: Turn, button: choices.Parsed) -> None:
    """``plan:done:<id>``, ``plan:snooze:<id>:<days>``, ``plan:drop:<id>`` or ``plan:new``."""
    verb = button.part(0)
    if verb == "new":
        routes.take(t, "plan")
        return
    if verb == "calendar":
        files = calendar(t)
        t.say("plan/calendar" if files else "plan/calendar_empty", attachments=files)
        return
    if verb == "recap_off":
        t.data.recaps_off = True
        t.store.cancel("recap", key=t.conv.key)
        t.say("plan/recap_off")
        return
    ident, days = button.part(1), button.part(2)
    number = row_id(ident)
    action = t.store.action(t.conv.key, number) if number else None
    if action is None:
        t.say("plan/gone")
    elif action.status != "open":
        t.say("plan/already", status=action.status, title=action.title)
    elif verb == "done":
        _done(t, action)
    elif verb == "snooze" and days.isdecimal() and int(days) in SNOOZES:
        day = t.today + timedelta(days=int(days))
        t.store.update_action(action.id, due=day.isoformat())
        remind(t, action.id, day)
        t.say("plan/snoozed", title=action.title, day=day_text(t, day.isoformat()))
    elif verb == "drop":
        t.store.update_action(action.id, status="dropped")
        t.store.cancel("reminder", key=t.conv.key, ref=action.id)
        t.say("plan/dropped", title=action.title)
    else:
        t.say("global/stale_click")


def _done(t: Turn, action: Action) -> None:
    done_at = t.now.astimezone(UTC).isoformat()
    t.store.update_action(action.id, status="done", done_at=done_at)
    t.store.cancel("reminder", key=t.conv.key, ref=action.id)
    t.say("plan/done", title=action.title, left=len(open_actions(t)))

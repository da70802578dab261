"""Plan next steps: the dialogue that turns the conversation into dated actions.

Suggestions come from what the person said (a feedback ask means a
follow-up, a tricky question means practice, a skills gap means a course);
the few that fit best are suggested, the rest offered as optional. The time
zone is settled before any date is shown (`bot.flows.zone`), and steps that
involve the employer fall on weekdays. They pick, re-date, rename, drop or
add in plain words; the saved plan (`bot.flows.actions`) gets a reminder per
action (`bot.flows.reminders`).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from bot import choices, routes
from bot.dates import end_of_week, find_day, on_weekday, parse_day
from bot.flows import mood_check, nav
from bot.flows.actions import day_text, save, saved_now
from bot.flows.base import Step, Turn, step
from bot.flows.names import EDIT, PICK, SAVED, ZONE
from bot.model import Choice
from bot.phrases import addressee
from bot.situation import AUTOMATED, GHOSTED, LET_GO, asks_feedback, situation
from bot.text import shorten

TITLE_MAX = 120
SNIPPET = 60
SUGGEST_MIN, SUGGEST_MAX, SUGGEST_WEIGHT = 3, 5, 5
EMPLOYER_STEPS = frozenset({"reply", "nudge", "note", "follow_up", "linkedin"})
MAX_ACTIONS = 12

_NUMBERS = re.compile(r"^\s*\d+(?:\s*(?:,|&|\band\b|\s)\s*\d+)*\s*$", re.I)
_RENAME = re.compile(r"^#?(\d+)\s*[=:]\s*(.+)$", re.S)
_DROP = re.compile(r"^(?:drop|remove|delete|cut)\s+#?(\d+)$", re.I)
_ADD = re.compile(r"^(?:add|plus|\+)\s+(.+)$", re.I | re.S)
_REDATE = re.compile(r"^#?(\d+)\s+(?:on\s+|by\s+|to\s+)?(.*[a-z].*)$", re.I)


def suggestions(t: Turn) -> list[dict[str, Any]]:
    """Actions that fit what this person told the bot, each with a sensible date.

    Each carries a weight (how closely it follows from what they said); the
    heaviest few come first and are marked `suggested`, the rest are optional.
    """
    known = t.data.facts
    today = t.today
    now = situation(known, followed_up=t.data.followed_up)
    out: list[dict[str, Any]] = []

    def add(kind: str, days: int | date, weight: int, label: str | None = None,
            **values: Any) -> None:
        due = days if isinstance(days, date) else today + timedelta(days=days)
        if kind in EMPLOYER_STEPS:
            due = on_weekday(due)
        title = shorten(t.label(f"actions.{label or kind}", **values), TITLE_MAX)
        out.append({"kind": kind, "title": title, "due": due.isoformat(), "weight": weight})

    company = known.get("company")
    soon = 0 if t.local_now.hour < 17 else 1
    employer = {GHOSTED: ("nudge", 10), AUTOMATED: ("note", 3)}.get(now, ("reply", 10))
    if now != LET_GO:
        kind, weight = employer
        add(kind, soon, weight, None if company else f"{kind}_any", company=company)
    if asks_feedback(known):
        add("follow_up", 7, 6)
    for question in t.data.practice[:2]:
        add("practise", 3, 8, question=shorten(question, SNIPPET))
    for skill in t.data.skills[:2]:
        add("course", 7, 7, skill=shorten(skill, SNIPPET))
    if t.data.resume != "done":
        add("resume", 2, 8 if known.get("stage") == "applied" else 4)
    friday = end_of_week(today)
    add("applications", friday if (friday - today).days >= 2 else friday + timedelta(days=7), 7,
        count=3)
    if known.get("stage") in ("interview", "final") or t.data.practice:
        add("mock", 10, 5)
    who = addressee(known.get("interviewer"))
    if who and known.get("met_manager") != "no" and now not in (GHOSTED, LET_GO):
        add("linkedin", 1, 4, interviewer=shorten(who.full, SNIPPET))
    add("network", 4, 3)
    add("kind", 0, 9)
    return _ranked(out)


def _ranked(items: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The suggested few first (in the order they were added), then the optional rest."""
    by_weight = sorted(range(len(items)), key=lambda i: -items[i]["weight"])
    chosen = {i for n, i in enumerate(by_weight[:SUGGEST_MAX])
              if n < SUGGEST_MIN or items[i]["weight"] >= SUGGEST_WEIGHT}
    ordered = [i for i in range(len(items)) if i in chosen] + \
              [i for i in range(len(items)) if i not in chosen]
    return [{"kind": items[i]["kind"], "title": items[i]["title"], "due": items[i]["due"],
             **({"suggested": "yes"} if i in chosen else {})} for i in ordered]


def _numbers(text: str, count: int) -> list[int] | None:
    """1-based picks like "1 3 5" or "1, 2 and 4"; None if that isn't what was typed."""
    if not _NUMBERS.match(text):
        return None
    picks = [int(n) for n in re.findall(r"\d+", text)]
    if not picks or any(not 1 <= n <= count for n in picks):
        return None
    return sorted(set(picks))


@step
class Pick(Step):
    name = PICK
    own_numbers = True

    def ask(self, t: Turn) -> None:
        if not t.zone_settled:
            # "Today" depends on where they are: settle it before showing a single date.
            nav.call(t, ZONE, remember=False)
            return
        t.data.plan_draft = offered = suggestions(t)
        t.say("recovery/plan/pick", items=self._shown(t, offered),
              suggested=sum(1 for i in offered if i.get("suggested")),
              choices=[self.opt(t, "suggested"), self.opt(t, "all")])

    @staticmethod
    def _shown(t: Turn, items: list[dict[str, str]]) -> list[dict[str, str]]:
        return [{"title": i["title"], "day": day_text(t, i["due"])} for i in items]

    def answer(self, t: Turn) -> None:
        offered = t.data.plan_draft or suggestions(t)
        if t.choice == "suggested":
            t.data.plan_picked = [i for i in offered if i.get("suggested")]
            _save(t)
            return
        picks = _numbers(t.text, len(offered)) if t.text and t.choice != "all" else None
        if picks is None and t.choice != "all":
            t.say("recovery/plan/pick_numbers", count=len(offered))
            return
        t.data.plan_picked = offered if picks is None else [offered[n - 1] for n in picks]
        nav.go(t, EDIT)


def _save(t: Turn) -> None:
    """Save what was picked, once the time zone is known: reminders should come at 9:00
    their time, so it is asked once (`Saved.resumed` saves after it), then remembered."""
    if t.zone_settled:
        save(t, t.data.plan_picked)
        nav.go(t, SAVED)
    else:
        nav.call(t, ZONE, then=SAVED)


@step
class Edit(Step):
    name = EDIT
    own_numbers = True

    def ask(self, t: Turn) -> None:
        items = t.data.plan_picked
        t.say("recovery/plan/edit", items=Pick._shown(t, items),
              choices=[self.opt(t, "save"), self.opt(t, "again")])

    def answer(self, t: Turn) -> None:
        items: list[dict[str, str]] = t.data.plan_picked
        if t.choice == "save" and items:
            _save(t)
        elif t.choice in ("save", "again"):
            if t.choice == "save":
                t.say("recovery/plan/nothing_to_save")
            nav.go(t, PICK)
        elif not t.text:
            super().answer(t)
        elif problem := self._change(t, items):
            # Just what went wrong: the plan and its buttons are still on screen.
            t.say(f"recovery/plan/{problem}", count=len(items))
        else:
            self.ask(t)

    @staticmethod
    def _change(t: Turn, items: list[dict[str, str]]) -> str | None:
        """Apply one typed edit; the template naming what went wrong, if anything."""
        text = t.text.strip()
        if (m := _DROP.match(text)):
            index = int(m.group(1)) - 1
            if not 0 <= index < len(items):
                return "no_such_item"
            items.pop(index)
            return None
        if (m := _ADD.match(text)):
            if len(items) >= MAX_ACTIONS:
                return "too_many"
            day, title = find_day(m.group(1), t.today)
            items.append({"kind": "own", "title": shorten(title, TITLE_MAX),
                          "due": (day or t.today + timedelta(days=3)).isoformat()})
            return None
        if (m := _RENAME.match(text)):
            index = int(m.group(1)) - 1
            if not 0 <= index < len(items):
                return "no_such_item"
            day, title = find_day(m.group(2), t.today)
            items[index]["title"] = shorten(title, TITLE_MAX)
            if day:
                items[index]["due"] = day.isoformat()
            return None
        if (m := _REDATE.match(text)):
            index = int(m.group(1)) - 1
            if not 0 <= index < len(items):
                return "no_such_item"
            day = parse_day(m.group(2), t.today)
            if day is None:
                return "bad_date"
            items[index]["due"] = day.isoformat()
            return None
        return "edit_help"


@step
class Saved(Step):
    name = SAVED

    def resumed(self, t: Turn) -> None:
        """Here after the time-zone question that saving waited for: save, then say so."""
        if t.data.plan_picked:
            save(t, t.data.plan_picked)
        self.ask(t)

    def ask(self, t: Turn) -> None:
        buttons = [Choice(choices.go("plan"), t.label("global.plan")),
                   *routes.buttons(t, self.name, leave_out=("draft",) if t.data.drafted else ())]
        files = saved_now(t)
        t.say("recovery/plan/saved", count=t.data.planned, choices=buttons, calendar=bool(files),
              attachments=files)
        mood_check.after(t)

    def answer(self, t: Turn) -> None:
        if not routes.follow(t):
            super().answer(t)

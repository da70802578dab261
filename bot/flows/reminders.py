"""The plan's scheduled messages: a reminder per action on its day, a weekly recap."""

from __future__ import annotations

from datetime import UTC, timedelta

from bot import choices
from bot.flows import journey_log
from bot.flows.actions import RECAP_DAYS, SNOOZES, day_text, schedule_recap
from bot.flows.base import Turn, scheduled
from bot.model import Attachment, Choice
from bot.rows import Scheduled


@scheduled("reminder")
def reminder(t: Turn, row: Scheduled) -> bool:
    """A plan action's reminder, unless it was done, dropped, or reminders are off."""
    if t.data.reminders_off:
        return False
    action = t.store.action(t.conv.key, row.ref)
    if action is None or action.status != "open":
        return False
    ident = action.id
    t.say("plan/reminder", title=action.title, day=day_text(t, action.due), choices=[
        Choice(choices.plan("done", ident), t.label("plan.reminder.done")),
        *(Choice(choices.plan("snooze", ident, d), t.label(f"plan.reminder.snooze_{d}"))
          for d in SNOOZES),
        Choice(choices.plan("drop", ident), t.label("plan.reminder.drop")),
    ])
    return True


@scheduled("recap")
def recap(t: Turn, row: Scheduled) -> bool:
    """A gentle weekly look at the plan: what's done, what's next. Reschedules itself."""
    if t.data.recaps_off or t.data.reminders_off or not t.conv.step:
        return False
    actions = t.store.actions(t.conv.key)
    open_ = [a for a in actions if a.status == "open"]
    week_ago = (t.now - timedelta(days=RECAP_DAYS)).astimezone(UTC).isoformat()
    done = [a for a in actions if a.status == "done" and (a.done_at or "") >= week_ago]
    if open_:
        schedule_recap(t)
    if not open_ and not done:
        return False
    pictures = _pictures(t)
    t.say("plan/recap", done=[a.title for a in done], attachments=pictures,
          picture=bool(pictures),
          next=[{"title": a.title, "day": day_text(t, a.due)} for a in open_[:5]],
          choices=[Choice(choices.plan("recap_off"), t.label("plan.recap_off"))])
    return True


def _pictures(t: Turn) -> list[Attachment]:
    """The progress picture, for a week with a step done or an entry logged."""
    return [journey_log.picture(t)] if journey_log.lately(t, RECAP_DAYS) else []

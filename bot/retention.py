"""Keeping what people typed only while it helps them.

Someone who vented to the bot months ago should not have those words sitting
in a database. `REBOUND_RETAIN_DAYS` (default 30) after a conversation's last
turn, everything the person wrote goes: the conversation's data (venting,
facts, drafts, notes, form answers), their safety plan, the words of their
check-ins, notes and replies still waiting. What stays is what they would
miss and what holds no words of theirs: the plan they chose (step titles and
dates, with its reminders), their settings (reminders off, a crisis-line
region, a time zone), group memberships and anonymous tallies.

Purging runs with the scheduled work (`Engine.queue_due` / `Engine.due`, at
most once per PURGE_EVERY) and by hand with `rebound purge`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot import state
from bot.state import State

if TYPE_CHECKING:
    from bot.store import Conversation, Store

DEFAULT_DAYS = 30
ENV = "REBOUND_RETAIN_DAYS"
PURGE_EVERY = timedelta(hours=1)
BATCH = 200
"""Conversations purged per transaction, so turns are never held up for long."""


def days(environ: Mapping[str, str]) -> int:
    """The retention period the operator set; `adapters.settings` has refused a bad one."""
    raw = (environ.get(ENV) or "").strip()
    return int(raw) if raw.isdecimal() and int(raw) > 0 else DEFAULT_DAYS


def emptied(conv: Conversation) -> Conversation:
    """The conversation as it is kept after purging: no step, no history, and only the
    choices a person made that hold none of their words and that they'd notice losing.
    It is marked `purged`, so the bot can say so when they come back."""
    was = state.load(conv.data)
    kept = State(reminders_off=was.reminders_off, recaps_off=was.recaps_off, region=was.region,
                 server=was.server, purged=True)
    return replace(conv, step="", history=[], data=state.dump(kept))


def purge_batch(store: Store, now: datetime, keep_days: int,
                place: tuple[str, str] | None = None) -> int:
    """Purge up to BATCH conversations idle for `keep_days` at `now`; how many were.

    `place` (platform, workspace or server): only that place's people, whose
    admins chose a shorter period than the operator's.
    """
    idle = store.idle(now - timedelta(days=keep_days), BATCH, place)
    for conv in idle:
        store.purge_words(emptied(conv), now)
    return len(idle)

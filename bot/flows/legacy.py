"""Conversations saved by release 0.1, before detours were calls on a stack.

Back then a detour kept its way home by hand: `care_return` (where a crisis
response returns), `after_facts` (where the facts form leads), `after_zone`
(what the time-zone question was for), and group set-up, check-ins, notes
and admin settings went home by stripping their steps off the history. A
conversation parked inside one of them is given the `Frame`s that say the
same, the first time it is loaded, so it carries on as it would have.
"""

from __future__ import annotations

from bot.flows.names import (
    CHECKIN,
    DRAFT,
    FACTS,
    NOTE,
    PICK,
    REFLECT_FIRST,
    SAVED,
    SETTINGS,
    SETUP,
    START,
    ZONE,
    in_care,
)
from bot.state import Frame, State
from bot.store import Conversation

AFTER_FACTS = {"reflect": REFLECT_FIRST, "draft": DRAFT, "plan": PICK}
QUIET = {"groups.": SETUP, "checkin.": CHECKIN, "peers.": NOTE, "admin.": SETTINGS}
"""Detours that went home by stripping their steps (by prefix) off the history."""


def upgrade(conv: Conversation, data: State) -> None:
    """Give a conversation saved by 0.1 the frames its hand-made addresses stood for."""
    care_return = data.extra.pop("care_return", None)
    after_facts = data.extra.pop("after_facts", None)
    after_zone = data.extra.pop("after_zone", None)
    if data.stack or not conv.step:
        return
    in_response = in_care(conv.step)
    below = (care_return or START) if in_response else conv.step
    frame = _detour(below, conv.history, after_facts, after_zone)
    data.stack = [frame] if frame else []
    if in_response:
        data.stack.append(Frame(conv.step, below, below, len(conv.history)))


def _detour(step: str, history: list[str], after_facts: str | None,
            after_zone: str | None) -> Frame | None:
    """The frame of the detour `step` is in, if it is in one."""
    if step == FACTS and after_facts in AFTER_FACTS:
        return _called(FACTS, history, then=AFTER_FACTS[after_facts])
    if step == ZONE and after_zone == "pick":
        return Frame(ZONE, PICK, PICK, len(history))
    if step == ZONE and after_zone == "plan":
        return _called(ZONE, history, then=SAVED)
    for prefix, entry in QUIET.items():
        if step.startswith(prefix):
            outside = [i for i, s in enumerate(history) if not s.startswith(prefix)]
            if not outside:
                return Frame(entry, "", "", 0)
            return Frame(entry, history[outside[-1]], history[outside[-1]], outside[-1], True)
    return None


def _called(entry: str, history: list[str], *, then: str) -> Frame:
    """A detour entered by going there from the step now last on the history."""
    caller = history[-1] if history else ""
    return Frame(entry, caller, then, len(history) - bool(history), bool(history))

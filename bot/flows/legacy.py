"""Conversations saved by release 0.1, before detours were calls and forms had one loop.

Back then a detour kept its way home by hand: `care_return` (where a crisis
response returns), `after_facts` (where the facts form leads), `after_zone`
(what the time-zone question was for), and group set-up, check-ins, notes
and admin settings went home by stripping their steps off the history. Each
form kept its own place (`fact_at`, `form_got`, a set-up's or check-in's
`at`). `upgrade` rewrites such a conversation's stored JSON into today's
shape (`stack`, `forms`) before it is read, so it carries on as it would have.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from bot.flows.names import (
    CHECKIN,
    CHECKIN_ASK,
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
from bot.state import Frame

if TYPE_CHECKING:
    from bot.store import Conversation

AFTER_FACTS = {"reflect": REFLECT_FIRST, "draft": DRAFT, "plan": PICK}
QUIET = {"groups.": SETUP, "checkin.": CHECKIN, "peers.": NOTE, "admin.": SETTINGS}
"""Detours that went home by stripping their steps (by prefix) off the history."""


def upgrade(conv: Conversation) -> None:
    """Rewrite a conversation saved by 0.1 into today's shape (a no-op for any other)."""
    data = conv.data
    forms = _forms(conv.step, data)
    if forms:
        data["forms"] = {**forms, **data.get("forms", {})}
    care_return = data.pop("care_return", None)
    after_facts = data.pop("after_facts", None)
    after_zone = data.pop("after_zone", None)
    if data.get("stack") or not conv.step:
        return
    in_response = in_care(conv.step)
    below = (care_return or START) if in_response else conv.step
    frames = [frame] if (frame := _detour(below, conv.history, after_facts, after_zone)) else []
    if in_response:
        frames.append(Frame(conv.step, below, below, len(conv.history)))
    if frames:
        data["stack"] = [asdict(frame) for frame in frames]


def _forms(step: str, data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Where each form was, from the places they kept themselves."""
    forms: dict[str, dict[str, Any]] = {}
    fact_at, fact_got = data.pop("fact_at", 0), data.pop("form_got", [])
    if fact_at or fact_got:
        forms[FACTS] = {"at": fact_at, "got": fact_got}
    setup = data.get("group_setup")
    if isinstance(setup, dict) and "at" in setup:
        forms[SETUP] = {"at": setup.pop("at")}
    checkin = data.get("checkin")
    if isinstance(checkin, dict) and {"at", "form_got", "votes"} & set(checkin):
        at = checkin.pop("at", 0)
        answers = checkin.setdefault("answers", {})
        for part, vote in checkin.pop("votes", {}).items():
            answers[f"share_{part}"] = "yes" if vote else "no"
        forms[CHECKIN] = {"at": 1 + at if step == CHECKIN_ASK else 0,
                          "got": checkin.pop("form_got", [])}
    return forms


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

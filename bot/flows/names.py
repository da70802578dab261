"""Every step's name, declared once.

A name is what the conversation stores as its place (`Conversation.step`), the
first half of each button id that answers the step (``recovery.vent:reflect``)
and the prefix of the step's button labels in `messages/labels.toml`. Stored
conversations and buttons already posted hold these strings, so a name never
changes once released. Modules refer to each other's steps by these
constants, never by importing each other.
"""

from __future__ import annotations

# recovery: vent -> reflect -> draft -> plan (routes between them: `bot.routes`)
VENT = "recovery.vent"
REST = "recovery.rest"
FACTS = "recovery.facts"
REFLECT = "recovery.reflect."
"""Prefix of the reflection's questions (`bot.flows.reflect.QUESTIONS`)."""
REFLECT_FIRST = REFLECT + "went_well"
SUMMARY = REFLECT + "summary"
DRAFT = "recovery.draft"
FIX = "recovery.draft.fix"
FIX_VALUE = "recovery.draft.fix_value"
REVIEW = "recovery.draft.review"
REVIEWED = "recovery.draft.reviewed"
PICK = "recovery.plan.pick"
EDIT = "recovery.plan.edit"
SAVED = "recovery.plan.saved"
START = VENT
"""Where a conversation begins, and where one with no place left resumes."""

# settings and privacy
ZONE = "settings.timezone"
FORGET = "privacy.forget"

# safety: a response to a risky message, and the safety plan
AFTER = "care.after"
CHECK = "care.check"
ABUSE = "care.abuse"
OTHERS = "care.others"
UNSAFE = "care.unsafe"
SAFE = "care.safe"
CARE = frozenset({AFTER, CHECK, ABUSE, OTHERS, UNSAFE, SAFE})
SAFETY_PLAN = "safety_plan."
"""Prefix of the safety plan's sections (`bot.flows.safety_plan.SECTIONS`)."""
SAFETY_PLAN_FIRST = SAFETY_PLAN + "signs"

# peers
SETUP = "groups.setup"
CHECKIN = "checkin.mood"
CHECKIN_ASK = "checkin.ask"
SHARE = "checkin.share"
SHARE_EACH = "checkin.share_each"
NOTE = "peers.note"
SETTINGS = "admin.settings"


def in_care(step: str) -> bool:
    """Whether `step` is part of a safety response or the safety plan."""
    return step in CARE or step.startswith(SAFETY_PLAN)

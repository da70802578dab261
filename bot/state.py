"""What a conversation remembers between turns, every key declared once.

The store keeps it as one JSON object per conversation (the `data` column);
`load` reads that object into a `State` and `dump` writes it back, leaving
out what is still at its default, so the JSON holds only what was said or
chosen. The JSON keys are the field names (three screen fields keep a leading
underscore, as they always had), so `export my data` reads the same.

A key this release does not know (written by an older or a newer one) is
kept in `extra` untouched, so a conversation is never damaged by being
looked at; `bot.flows.legacy` turns an older release's keys into today's.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from functools import cache
from typing import Any

Record = dict[str, Any]
"""Something the person told or was shown (a plan item, a waiting delivery), stored as is."""


@dataclass(frozen=True)
class Frame:
    """A detour under way (`bot.flows.nav.call`): what finishing it returns to.

    `entry` is the step called, `caller` the step it was called from ("" for a
    conversation that began with the detour), `then` where finishing goes
    (the caller unless the call said otherwise), `base` how long the history
    was at the call, and `kept` whether the caller went onto it, so `back`
    knows when it has stepped out of the detour.
    """

    entry: str
    caller: str
    then: str
    base: int
    kept: bool = False


@dataclass
class FormProgress:
    """Where a form step is: the field asked now (`at`), the fields a modal already sent."""

    at: int = 0
    got: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class MoodQuestion:
    """The mood question on screen: before or after, on which step, the rating to compare."""

    moment: str
    step: str
    since: int | None


@dataclass
class Mood:
    open: MoodQuestion | None = None
    asked_before: bool = False
    asked_after: str | None = None
    """When the last 'after' was asked (ISO time): at most once per visit."""
    answers: list[Record] = field(default_factory=list)
    """Ratings given: moment, rating, day."""


@dataclass
class GroupSetup:
    """A group being set up (`group` None) or changed, with its answers so far."""

    channel: str
    group: int | None = None
    server: str | None = None
    values: dict[str, str] = field(default_factory=dict)


@dataclass
class Checkin:
    """A check-in under way: answers by part (and, from a modal, ``share_<part>``: yes or
    no), the parts to share, and those still to ask about sharing."""

    group: int
    name: str
    answers: dict[str, str] = field(default_factory=dict)
    shared: list[str] = field(default_factory=list)
    asking: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class NoteFor:
    """Who the note being written is for."""

    user: str
    key: str
    name: str


@dataclass
class AdminOf:
    """The place whose settings an admin is changing, until when, and what is being typed."""

    place: str
    until: str
    asking: str | None = None


@dataclass
class State:
    # who they are, as their platform last said
    name: str | None = None
    locale: str | None = None
    server: str | None = None
    origin_group: int | None = None
    """The group whose channel they started from: they may tell it about a rough day."""
    # their settings
    reminders_off: bool = False
    recaps_off: bool = False
    region: str | None = None
    paused: bool = False
    mood_chart: bool | None = None
    """Whether `my progress` may plot their mood ratings; None until they are asked."""
    restarted: bool = False
    purged: bool = False
    # safety
    risk: str | None = None
    care_response: str | None = None
    # listening
    vents: list[str] = field(default_factory=list)
    vent_turns: int = 0
    heard: list[str] = field(default_factory=list)
    serious: str | None = None
    reframed: list[str] = field(default_factory=list)
    # the facts about the job
    facts: dict[str, str | None] = field(default_factory=dict)
    facts_done: bool = False
    understood: list[str] = field(default_factory=list)
    confirmed: list[str] = field(default_factory=list)
    entry: int | None = None
    """The journey entry (`bot.flows.journey_log`) these facts are about."""
    pasted: bool = False
    """The facts came from a pasted email, not from venting."""
    # reflecting
    reflect: dict[str, str] = field(default_factory=dict)
    practice: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    resume: str | None = None
    # the draft
    tone: str = "warm"
    drafted: bool = False
    followed_up: bool = False
    last_note: bool = False
    fixing: str | None = None
    reviews: int = 0
    # the plan
    plan_draft: list[Record] = field(default_factory=list)
    plan_picked: list[Record] = field(default_factory=list)
    planned: int = 0
    mood: Mood = field(default_factory=Mood)
    # peers
    group_setup: GroupSetup | None = None
    checkin: Checkin | None = None
    note_for: NoteFor | None = None
    admin_of: AdminOf | None = None
    rough_shared: bool = False
    # what is on their screen (`bot.on_screen`)
    offered: list[list[str]] = field(default_factory=list, metadata={"key": "_offered"})
    earlier: list[list[str]] = field(default_factory=list, metadata={"key": "_earlier"})
    waiting: list[Record] = field(default_factory=list, metadata={"key": "_waiting"})
    # where they are in the dialogue (`bot.flows.nav`, `bot.flows.form`)
    stack: list[Frame] = field(default_factory=list)
    forms: dict[str, FormProgress] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict, metadata={"key": None})
    """Keys this release does not know, kept as they were."""


def _key(f: dataclasses.Field) -> str:
    return f.metadata.get("key", f.name)


def load(data: dict[str, Any]) -> State:
    """The stored JSON object as a `State`."""
    return _load(State, data)


def dump(state: State) -> dict[str, Any]:
    """The `State` as the JSON object to store: defaults left out, unknown keys put back."""
    return {**state.extra, **_dump(state)}


@dataclass(frozen=True)
class _Stored:
    """How one field is stored: its JSON key, the dataclass it is or holds (`nested`, as
    ``one``, a ``list`` or a ``dict`` of them; None for plain JSON), and its default."""

    name: str
    key: str
    nested: type | None
    shape: str
    default: Any


@cache
def _shape(cls: type) -> tuple[_Stored, ...]:
    """The stored fields of `cls` (worked out once per class)."""
    hints = typing.get_type_hints(cls)
    return tuple(_Stored(f.name, key, *_nesting(hints[f.name]), _default(f))
                 for f in dataclasses.fields(cls) if (key := _key(f)) is not None)


def _nesting(hint: Any) -> tuple[type | None, str]:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        return _nesting(next(a for a in args if a is not type(None)))
    if dataclasses.is_dataclass(hint):
        return hint, "one"  # type: ignore[return-value]
    if origin is list and args and dataclasses.is_dataclass(args[0]):
        return args[0], "list"
    if origin is dict and len(args) == 2 and dataclasses.is_dataclass(args[1]):
        return args[1], "dict"
    return None, ""


def _load(cls: type, data: dict[str, Any]) -> Any:
    stored = _shape(cls)
    made = cls(**{s.name: _read(s, data[s.key]) for s in stored if s.key in data})
    if isinstance(made, State):
        known = {s.key for s in stored}
        made.extra = {k: v for k, v in data.items() if k not in known}
    return made


def _read(stored: _Stored, raw: Any) -> Any:
    if raw is None or stored.nested is None:
        return raw
    if stored.shape == "one":
        return _load(stored.nested, raw)
    if stored.shape == "list":
        return [_load(stored.nested, item) for item in raw]
    return {k: _load(stored.nested, v) for k, v in raw.items()}


def _dump(obj: Any) -> dict[str, Any]:
    out = {}
    for stored in _shape(type(obj)):
        value = getattr(obj, stored.name)
        if value != stored.default:
            out[stored.key] = _write(stored, value)
    return out


def _write(stored: _Stored, value: Any) -> Any:
    if value is None or stored.nested is None:
        return value
    if stored.shape == "one":
        return _dump(value)
    if stored.shape == "list":
        return [_dump(item) for item in value]
    return {k: _dump(v) for k, v in value.items()}


def _default(f: dataclasses.Field) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return dataclasses.MISSING

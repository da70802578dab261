"""What `bot.store` hands back: one small frozen dataclass per kind of row.

Fields are named as the columns are, so `group.name` reads as the table does;
a misspelt field fails where it is written (and in a type checker), not as a
KeyError deep in a turn. Rows are snapshots: to change one, call the store
(`update_group`, `update_action`, ...), never the object. JSON columns come
decoded (`Scheduled.payload`, `Checkin.shared`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import cache
from typing import Any, TypeVar

R = TypeVar("R")


def of(kind: type[R], row: Mapping[str, Any], **decoded: Any) -> R:
    """A row as `kind`, from the columns it names (a column it does not name is left out)."""
    return kind(**{name: decoded[name] if name in decoded else row.get(name)
                   for name in _names(kind)})


@cache
def _names(kind: type) -> tuple[str, ...]:
    """Worked out once per class: rows are built on every turn."""
    return tuple(f.name for f in fields(kind))


@dataclass(frozen=True)
class Action:
    """A step of someone's plan."""

    id: int
    key: str
    title: str
    kind: str
    due: str
    status: str
    created_at: str
    done_at: str | None


@dataclass(frozen=True)
class JourneyEntry:
    """One rejection in someone's journey; company and role are emptied by retention."""

    id: int
    key: str
    day: str
    company: str | None
    role: str | None
    stage: str | None
    automated: int
    news: str | None
    replied_at: str | None
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class Scheduled:
    """A message due at a moment: for a person's DMs (`user`) or a group's `channel`."""

    id: int
    key: str | None
    kind: str
    ref: int | None
    due_at: str
    payload: dict[str, Any]
    lease_until: str | None
    sent_at: str | None
    platform: str
    workspace: str
    user: str | None
    channel: str | None
    posted_ref: str | None
    group_id: int | None


@dataclass(frozen=True)
class Group:
    """A peer group: a channel with a weekly check-in."""

    id: int
    platform: str
    workspace: str
    channel: str
    name: str
    day: int
    time: str
    timezone: str
    buddies: int
    created_by: str
    created_at: str
    last_digest_at: str | None
    server: str | None


@dataclass(frozen=True)
class Member:
    """Someone in a group, by the name the group knows them by; `no_pairing` 1: no buddies."""

    group_id: int
    user: str
    key: str
    name: str
    joined_at: str
    no_pairing: int


@dataclass(frozen=True)
class Checkin:
    """One person's weekly check-in; `shared` names the parts they chose to share."""

    id: int
    group_id: int
    key: str
    user: str
    name: str
    mood: str | None
    win: str | None
    next: str | None
    hand: str | None
    shared: list[str]
    created_at: str
    digested: int


@dataclass(frozen=True)
class Rough:
    """"Having a rough day", told to a group: nothing else of what was said."""

    id: int
    group_id: int
    key: str
    user: str
    name: str
    created_at: str


@dataclass(frozen=True)
class Tally:
    """How many times `value` of `metric` was counted on `day`: never who."""

    day: str
    metric: str
    value: str
    count: int


@dataclass(frozen=True)
class PlaceSettings:
    """What a workspace's or server's admins chose (see `bot.server_settings`)."""

    platform: str
    place: str
    member_groups: int | None
    region: str | None
    retain_days: int | None
    notes: int | None
    buddies: int | None
    updated_at: str | None


@dataclass(frozen=True)
class Claimed:
    """An inbox row leased to a worker: the event, as stored, and the adapter's notes."""

    id: int
    key: str
    event: str
    meta: str


@dataclass(frozen=True)
class Queued:
    """An outbox row leased to a sender: one reply, as stored, and where it goes."""

    id: int
    lane: str
    key: str | None
    platform: str
    workspace: str
    user: str | None
    channel: str | None
    reply: str
    meta: str | None
    scheduled_id: int | None
    created_at: str
    attempts: int

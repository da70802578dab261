"""A peer group as every group flow sees it: who is in it, who may act on it, when it meets.

Set-up (`groups`), notes and buddies (`peers`), check-ins (`checkin`) and the
weekly posts (`weekly`) share these instead of importing each other.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.dates import next_weekly
from bot.flows.base import Turn
from bot.rows import Group

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DIGEST_AFTER = timedelta(hours=24)


def group_here(t: Turn) -> Group | None:
    if not t.event.channel:
        return None
    return t.store.group_in(t.conv.platform, t.conv.workspace, t.event.channel)


def reachable(t: Turn, group_id: int | None) -> Group | None:
    """The group a button names (``group:join:<id>``, a note on its post), if this person
    may act on it: it is in their own platform and workspace, and they are a member or
    clicked in its channel, where its posts are, or typed the label of a button it was shown.

    Ids travel in buttons; a forged or stale one must find nothing rather than
    reach another workspace's group, or show or join one in a channel they can't see.
    """
    group = t.store.group(group_id) if group_id else None
    if group is None or (group.platform, group.workspace) != (
            t.conv.platform, t.conv.workspace):
        return None
    if t.shown or t.event.channel == group.channel or t.store.member(group.id,
                                                                           t.conv.user):
        return group
    return None


def who(t: Turn) -> str:
    """How peers will see this person: their display name (as last seen), else their id."""
    return t.data.name or t.conv.user


def when(t: Turn, group: Group) -> str:
    return t.label("groups.when", day=t.label(f"groups.days.{DAYS[group.day]}"),
                   time=group.time, zone=group.timezone)


def admin_here(t: Turn, group: Group | None = None) -> bool:
    """The platform says this person administers the place (for a group: the group's own
    server; on Discord an admin flag speaks only for the server the event came from)."""
    if not (t.event.admin or t.event.channel_admin):
        return False
    return group is None or t.event.server in (None, group.server)


def may_change(t: Turn, group: Group) -> bool:
    return admin_here(t, group) or group.created_by == t.conv.user


def may_set_up(t: Turn) -> bool:
    return admin_here(t) or t.settings.member_groups


def creator_name(t: Turn, group: Group) -> str | None:
    """Who to ask about a group: its creator, by the name the group knows them by."""
    member = t.store.member(group.id, group.created_by)
    return member.name if member else None


def schedule_prompt(t: Turn, group: Group, *, replace: bool = True) -> None:
    """Plan the next weekly prompt; `replace` drops one planned under older settings."""
    if replace:
        t.store.cancel("group_prompt", group_id=group.id)
    t.store.schedule("group_prompt", next_slot(group, t.now), platform=group.platform,
                     workspace=group.workspace, channel=group.channel,
                     group_id=group.id)


def next_slot(group: Group, after: datetime) -> datetime:
    """The group's next weekly check-in time strictly after `after`."""
    hour, minute = (int(part) for part in group.time.split(":"))
    return next_weekly(group.day, time(hour, minute), ZoneInfo(group.timezone), after)



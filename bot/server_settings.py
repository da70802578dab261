"""What a workspace's or server's admins decided about Rebound there.

A "place" is a Slack workspace (its team id) or a Discord server (its guild
id): Discord conversations span servers, so the server an event came from is
carried separately (`Event.server`) and remembered in the conversation, so a
DM follows the server the person last used the bot from. No row means the
defaults below: groups set up by admins only, the operator's region and
retention, notes and buddy pairs allowed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.rows import Group
    from bot.store import Store


@dataclass(frozen=True)
class ServerSettings:
    member_groups: bool = False
    """Anyone may turn a channel into a peer group (else admins only)."""
    region: str | None = None
    """Whose crisis lines to show when a person's own choice and locale don't say."""
    retain_days: int | None = None
    """Fewer days than the operator's REBOUND_RETAIN_DAYS to keep words; None: theirs."""
    notes: bool = True
    buddies: bool = True

    def changed(self, **changes: Any) -> ServerSettings:
        return replace(self, **changes)


def place_of(workspace: str, server: str | None) -> str:
    return server or workspace


def group_place(group: Group) -> str:
    return place_of(group.workspace, group.server)


def load(store: Store, platform: str, place: str) -> ServerSettings:
    row = store.place_settings(platform, place)
    if row is None:
        return ServerSettings()
    return ServerSettings(member_groups=bool(row.member_groups), region=row.region,
                          retain_days=row.retain_days, notes=bool(row.notes),
                          buddies=bool(row.buddies))


def for_group(store: Store, group: Group) -> ServerSettings:
    return load(store, group.platform, group_place(group))


def save(store: Store, platform: str, place: str, settings: ServerSettings,
         now: datetime) -> None:
    values = asdict(settings)
    store.save_place_settings(platform, place, {
        **values, **{k: int(v) for k, v in values.items() if isinstance(v, bool)}}, now)

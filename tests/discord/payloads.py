"""Recorded Discord payloads (tests/payloads/discord/), varied per test.

Each helper starts from a recorded gateway payload and changes only what the
test is about (text, custom_id, submitted values), with fresh snowflakes so
the engine's dedupe sees a new event unless a test repeats one on purpose.
"""

from __future__ import annotations

import copy
import itertools
import json
from functools import cache
from pathlib import Path
from typing import Any

PAYLOADS = Path(__file__).resolve().parent.parent / "payloads" / "discord"
USER = "1187231209311297546"
GUILD_CHANNEL = "1101456789990001111"

_ids = itertools.count(1320000000000000000)


def _id() -> str:
    return str(next(_ids))


@cache
def _recorded(name: str) -> str:
    return (PAYLOADS / f"{name}.json").read_text()


def load(name: str) -> dict[str, Any]:
    return json.loads(_recorded(name))


MANAGE_CHANNELS, MANAGE_GUILD = 1 << 4, 1 << 5


def _as_user(payload: dict[str, Any], user: str, name: str | None = None,
             admin: bool = False) -> None:
    """Who acts; `name` is their display name (Discord's global_name; "Amy" if not given);
    `admin`: they may manage the server and its channels (a member's default may not)."""
    if admin and "member" in payload:
        member = payload["member"]
        member["permissions"] = str(int(member["permissions"]) | MANAGE_CHANNELS | MANAGE_GUILD)
    person = payload["member"]["user"] if "member" in payload else payload.get("user") \
        or payload["author"]
    person["id"] = user
    person["username"] = f"person{user[-4:]}"
    if name is not None:
        person["global_name"] = name


def dm(content: str, *, user: str = USER, name: str | None = None, channel: str | None = None,
       bot: bool = False) -> dict[str, Any]:
    """MESSAGE_CREATE for a direct message (in the recorded DM channel unless `channel`)."""
    payload = load("message_create_dm")
    payload.update(id=_id(), content=content)
    if channel is not None:
        payload["channel_id"] = channel
    _as_user(payload, user, name)
    if bot:
        payload["author"]["bot"] = True
    return payload


def slash(*, action: str | None = None, what_happened: str | None = None,
          server: bool = True, user: str = USER, name: str | None = None,
          admin: bool = False, command: str = "rejected") -> dict[str, Any]:
    """INTERACTION_CREATE type 2: `/rejected` (or `command`) in a server channel or in the
    bot's DM."""
    payload = load("interaction_slash_guild" if server else "interaction_slash_dm")
    payload["data"]["name"] = command
    options = [{"name": "action", "type": 3, "value": action}] if action else []
    if what_happened:
        options.append({"name": "what_happened", "type": 3, "value": what_happened})
    payload["data"]["options"] = options
    payload.update(id=_id(), token=f"token-{_id()}")
    _as_user(payload, user, name, admin)
    return payload


def click(custom_id: str, message: dict[str, Any], *, server: bool = False,
          user: str = USER, name: str | None = None, admin: bool = False) -> dict[str, Any]:
    """INTERACTION_CREATE type 3: a button on `message` (as the fake recorded it)."""
    payload = load("interaction_button_guild" if server else "interaction_button_dm")
    payload["message"] = copy.deepcopy(message)
    if not server and message.get("channel_id", "0") != "0":
        payload["channel_id"] = payload["channel"]["id"] = message["channel_id"]
    payload["message"]["channel_id"] = payload["channel_id"]
    payload["data"]["custom_id"] = custom_id
    payload.update(id=_id(), token=f"token-{_id()}")
    _as_user(payload, user, name, admin)
    return payload


def submit(custom_id: str, values: dict[str, str | list[str]], message: dict[str, Any], *,
           server: bool = False, user: str = USER, name: str | None = None) -> dict[str, Any]:
    """INTERACTION_CREATE type 5: a modal submitted, text inputs and selects in labels."""
    payload = load("interaction_modal_submit_dm")
    if server:
        payload.update({k: v for k, v in load("interaction_slash_guild").items()
                        if k in ("member", "guild", "guild_id", "channel", "channel_id")})
        payload.pop("user", None)
    elif message.get("channel_id", "0") != "0":
        payload["channel_id"] = payload["channel"]["id"] = message["channel_id"]
    payload["message"] = copy.deepcopy(message)
    payload["data"] = {"custom_id": custom_id, "components": [
        {"type": 18, "id": n, "component":
            {"type": 3, "custom_id": field, "values": value, "component_type": 3}
            if isinstance(value, list) else {"type": 4, "custom_id": field, "value": value}}
        for n, (field, value) in enumerate(values.items(), start=1)
    ]}
    payload.update(id=_id(), token=f"token-{_id()}")
    _as_user(payload, user, name)
    return payload

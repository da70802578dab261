"""The Discord adapter: the whole engine as a Discord app (discord.py), run by `rebound discord`.

A conversation is keyed by the Discord user id alone (workspace "discord"):
user ids are global, so a person's DMs and their `/rejected` in any server
are one conversation.
"""

from __future__ import annotations

import aiohttp
import discord

PLATFORM = "discord"
WORKSPACE = "discord"

# What sending can raise: Discord's answer, or the network (a reset, a timeout).
SEND_ERRORS = (discord.HTTPException, aiohttp.ClientError, TimeoutError)


def why(exc: BaseException) -> str:
    """An error for the logs: the HTTP status and Discord's code, never the request or its body."""
    if isinstance(exc, discord.HTTPException):
        return f"status={exc.status} code={exc.code}"
    return type(exc).__name__

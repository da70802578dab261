"""Scheduled messages (plan reminders, recaps, notes, group posts) sent by the running bot.

The engine leases each due delivery to this process (only Discord's, by
platform); it is marked sent once Discord accepted it, with the first
message's id so later posts can be threaded under it. A crash or an outage
means a late message, never a lost or doubled one; a person who closed their
DMs, or a channel the bot can no longer post in, is not retried forever.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import TYPE_CHECKING

import discord

from adapters.discord import PLATFORM, SEND_ERRORS, why
from bot.engine import where as failure

if TYPE_CHECKING:
    from adapters.discord.bot import ReboundBot
    from bot import Delivery

log = logging.getLogger("rebound.discord.reminders")


def _snowflake(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


async def _send(bot: ReboundBot, delivery: Delivery) -> str | None:
    """Every reply of one delivery; the id of the first message posted."""
    posted: list[discord.Message] = []
    for reply in delivery.replies:
        channel = _snowflake(reply.channel or delivery.channel)
        user = _snowflake(reply.user or delivery.user)
        if channel is not None:
            posted += await bot.post(reply, channel, _snowflake(reply.thread))
        elif user is not None:
            posted += await bot.send_dm(reply, user)
    return str(posted[0].id) if posted else None


async def deliver_due(bot: ReboundBot, now: datetime | None = None) -> int:
    """One pass: send what is due at `now` (default: the engine's clock); the number sent."""
    sent = 0
    for delivery in await asyncio.to_thread(bot.engine.due, now, platform=PLATFORM):
        try:
            ref = await _send(bot, delivery)
        except (discord.Forbidden, discord.NotFound) as exc:
            log.info("delivery %s undeliverable (%s); dropping it", delivery.id, why(exc))
            ref = None
        except SEND_ERRORS as exc:
            log.warning("delivery %s failed (%s); retried after its lease", delivery.id, why(exc))
            continue
        else:
            sent += 1
        await asyncio.to_thread(bot.engine.mark_sent, delivery.id, ref)
    return sent


async def remind_forever(bot: ReboundBot, every: float) -> None:
    """The bot's background loop: a pass every `every` seconds until it closes."""
    while not bot.is_closed():
        try:
            await deliver_due(bot)
        except Exception as exc:
            # Not log.exception: an exception's message can quote what someone wrote.
            log.error("scheduled delivery pass failed: %s", failure(exc))
        await asyncio.sleep(every)

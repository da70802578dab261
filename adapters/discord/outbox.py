"""The outbox to Discord: turns' replies and scheduled messages (reminders, recaps,
notes, group posts).

The process's one `adapters.sender.Sender` queues what is due and posts each
reply with the transport below, which runs discord.py's coroutines on the
bot's event loop from the sender's threads: a turn's reply where
`ReboundBot.answer` says, a scheduled one to its channel or the person's
DMs. A reply is marked sent once Discord accepted it, with the first
message's id so later posts can be threaded under it. An outage or a
restart means a late message, never a lost one; a person who closed their
DMs, or a channel the bot can no longer post in, is recorded as
undeliverable and not retried.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

import discord

from adapters.discord import SEND_ERRORS, why
from adapters.sender import PermanentError, TransientError

if TYPE_CHECKING:
    from adapters.discord.bot import ReboundBot
    from bot.model import Outbound

SEND_TIMEOUT = 60.0

log = logging.getLogger("rebound.discord.outbox")


def _snowflake(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


async def _send(bot: ReboundBot, out: Outbound) -> str | None:
    """One queued reply: a turn's where the bot says; else to its channel (a group's
    post) or the person's DMs."""
    if not out.scheduled:
        return await bot.answer(out)
    reply = out.reply
    channel = _snowflake(reply.channel or out.channel)
    user = _snowflake(reply.user or out.user)
    if channel is not None:
        posted = await bot.post(reply, channel, _snowflake(reply.thread))
    elif user is not None:
        posted = await bot.send_dm(reply, user)
    else:
        raise PermanentError("no_destination")
    return str(posted[0].id) if posted else None


def transport(bot: ReboundBot) -> Callable[[Outbound], str | None]:
    """The sender's transport: called on a sender thread, sends on the bot's loop."""
    def send(out: Outbound) -> str | None:
        future = asyncio.run_coroutine_threadsafe(_send(bot, out), bot.loop)
        try:
            return future.result(SEND_TIMEOUT)
        except (discord.Forbidden, discord.NotFound) as exc:
            raise PermanentError(why(exc)) from None
        except discord.HTTPException as exc:
            if exc.status == 429 or exc.status >= 500:
                log.warning("send failed (%s); trying again", why(exc))
                raise TransientError(why(exc)) from None
            raise PermanentError(why(exc)) from None
        except (*SEND_ERRORS, concurrent.futures.TimeoutError) as exc:
            future.cancel()
            log.warning("send failed (%s); trying again", why(exc))
            raise TransientError(why(exc)) from None
    return send

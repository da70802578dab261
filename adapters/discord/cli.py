"""`rebound discord`: run the bot until it is stopped.

Environment: DISCORD_TOKEN (required), DISCORD_API_BASE (a REST proxy or a
test server; the gateway URL then comes from it too), REBOUND_DB.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
from pathlib import Path

import discord

from adapters.cli import db_path
from adapters.discord.bot import ReboundBot, build, use_api_base
from bot import Engine

log = logging.getLogger("rebound.discord")


def command_state(db: str) -> Path:
    """Where the digest of the last synced slash commands is kept: beside the database."""
    return Path(f"{db}.discord-commands.sha256")


async def _serve(bot: ReboundBot, token: str) -> None:
    # SIGTERM (a deploy, a Procfile restart) stops the bot gracefully, as Ctrl-C does.
    stop = asyncio.current_task()
    if stop is not None:
        with contextlib.suppress(NotImplementedError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.cancel)
    async with bot:
        await bot.start(token)


def run(args: argparse.Namespace) -> int:
    """Run the bot until stopped (Ctrl-C or SIGTERM); 0, or 1-2 with the reason logged."""
    token = os.environ.get("DISCORD_TOKEN", "").strip()
    if not token:
        log.error("DISCORD_TOKEN is not set; see 'Run it on Discord' in README.md")
        return 2
    shards = getattr(args, "shards", None)
    if shards not in (None, "auto") and not str(shards).isdigit():
        log.error("--shards takes 'auto' or a number")
        return 2
    use_api_base(os.environ.get("DISCORD_API_BASE"))
    db = db_path(args)
    engine = Engine(db)
    bot = build(engine, shards=shards, command_state=command_state(db),
                force_sync=bool(getattr(args, "sync", False)))
    try:
        asyncio.run(_serve(bot, token))
    except discord.LoginFailure:
        log.error("Discord refused the token in DISCORD_TOKEN")
        return 1
    except (KeyboardInterrupt, asyncio.CancelledError):
        log.info("stopped")
    finally:
        engine.close()
    return 0

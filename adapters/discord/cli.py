"""`rebound discord`: run the bot until it is stopped.

Environment: DISCORD_TOKEN (required), DISCORD_API_BASE (a REST proxy or a
test server; the gateway URL then comes from it too), REBOUND_DB.
`--metrics-port` serves `/metrics` and `/healthz` beside the bot.

A DISCORD_API_BASE that isn't a web address, or where nothing answers, or
where something other than Discord answers, and a token Discord refuses,
stop the process at start-up with one line naming the variable and exit
code 2; once connected, discord.py reconnects through outages on its own.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import discord

from adapters.cli import db_path
from adapters.discord.bot import ReboundBot, build, use_api_base
from adapters.metrics import Metrics, Server
from bot import Engine, metrics
from bot.sql import sqlite_path

EXAMPLE_BASE = "https://discord.com/api/v10"

log = logging.getLogger("rebound.discord")


def command_state(db: str) -> Path:
    """Where the digest of the last synced slash commands is kept: beside a SQLite file,
    or in the working directory when the database is PostgreSQL's."""
    return Path(f"{sqlite_path(db) or 'rebound'}.discord-commands.sha256")


async def _serve(bot: ReboundBot, token: str) -> None:
    # SIGTERM (a deploy, a Procfile restart) stops the bot gracefully, as Ctrl-C does.
    stop = asyncio.current_task()
    if stop is not None:
        with contextlib.suppress(NotImplementedError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.cancel)
    async with bot:
        await bot.start(token)


def _fail(line: str) -> int:
    print(f"rebound discord: {line}", file=sys.stderr)
    return 2


def _wrong_setting(token: str, shards: str | None, base: str) -> str | None:
    """The first setting the bot could never start with, as one line; None if all look right."""
    if not token:
        return "DISCORD_TOKEN is not set; see 'Run it on Discord' in README.md"
    if shards not in (None, "auto") and not str(shards).isdigit():
        return "--shards takes 'auto' or a number"
    parts = urlsplit(base)
    if base and (parts.scheme not in ("http", "https") or not parts.netloc):
        return f"DISCORD_API_BASE: use a web address such as {EXAMPLE_BASE}"
    return None


def _shard_split(args: argparse.Namespace) -> tuple[list[int] | None, int | None] | str:
    """This process's share of the shards (`--shard-ids` of `--shard-count`), or why not.

    Several processes, each running some shards, can serve one bot when they share
    one database (PostgreSQL): turns and deliveries are claimed row by row there.
    """
    ids, count = getattr(args, "shard_ids", None), getattr(args, "shard_count", None)
    if ids is None and count is None:
        return None, None
    if count is None or not str(count).isdigit() or int(count) < 1:
        return "--shard-count takes the number of shards in all (with --shard-ids)"
    if getattr(args, "shards", None) not in (None, "auto", str(count)):
        return "--shards and --shard-count disagree; give one of them"
    if ids is None:
        return None, int(count)
    parts = [part.strip() for part in str(ids).split(",")]
    if not all(part.isdigit() and int(part) < int(count) for part in parts):
        return f"--shard-ids takes shard numbers below --shard-count ({count}), e.g. 0,1"
    return sorted({int(part) for part in parts}), int(count)


def _not_started(err: Exception, base: str) -> str:
    """Why logging in failed, as one line naming the setting to look at."""
    if isinstance(err, discord.LoginFailure):
        return "DISCORD_TOKEN: Discord refused this token"
    if isinstance(err, discord.HTTPException):  # str(err) quotes the answer's body: status only
        if not base:
            return f"Discord answered HTTP {err.status} while starting"
        return (f"DISCORD_API_BASE: {base} answered HTTP {err.status}, not as Discord's "
                f"API does; use {EXAMPLE_BASE} or a proxy for it")
    if not base:
        return f"could not reach Discord ({type(err).__name__})"
    return f"DISCORD_API_BASE: could not reach Discord at {base} ({type(err).__name__})"


def run(args: argparse.Namespace) -> int:
    """Run the bot until stopped (Ctrl-C or SIGTERM); 0, or 2 with the reason said in one line."""
    token = os.environ.get("DISCORD_TOKEN", "").strip()
    shards = getattr(args, "shards", None)
    base = os.environ.get("DISCORD_API_BASE", "").strip()
    wrong = _wrong_setting(token, shards, base)
    if wrong is not None:
        return _fail(wrong)
    split = _shard_split(args)
    if isinstance(split, str):
        return _fail(split)
    use_api_base(base or None)
    db = db_path(args)
    engine = Engine(db)
    watched = Metrics(engine)
    before = metrics.use(watched)
    side: Server | None = None
    try:
        port = getattr(args, "metrics_port", None)
        if port is not None:
            host = getattr(args, "metrics_host", "0.0.0.0")
            try:
                side = Server(watched, host, port).start()
            except OSError as err:
                return _fail(f"--metrics-port: can't listen on {host}:{port} ({err.strerror})")
            log.info("metrics: http://%s:%s/metrics", host, side.port)
        bot = build(engine, shards=shards, shard_ids=split[0], shard_count=split[1],
                    command_state=command_state(db),
                    force_sync=bool(getattr(args, "sync", False)))
        asyncio.run(_serve(bot, token))
    except (discord.LoginFailure, discord.HTTPException, aiohttp.ClientError, OSError) as err:
        return _fail(_not_started(err, base))
    except (KeyboardInterrupt, asyncio.CancelledError):
        log.info("stopped")
    finally:
        if side is not None:
            side.close()
        metrics.use(before)
        engine.close()
    return 0

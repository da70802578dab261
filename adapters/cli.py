"""`rebound`: one command, one sub-command per adapter.

Each adapter lives in `adapters/<name>/` and exposes `run(args) -> int` from
its `cli` module; it is imported only when chosen, so `rebound chat` never
needs Slack or Discord installed or configured.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from datetime import date
from importlib import metadata

from dotenv import load_dotenv

from adapters import logs, settings
from bot.sql import sqlite_path

ENVIRONMENT = """\
environment variables (a .env file in the current directory is read too):
  REBOUND_DB            where all state is kept: a SQLite file (default ./rebound.db), or a
                        PostgreSQL database, postgresql://user:password@host/dbname, which
                        processes on several hosts can share (needs the postgres extra)
  REBOUND_REGION        crisis lines when a person's platform doesn't say: US, CA, GB, IE, AU,
                        NZ, IN, or OTHER for the directory only (default: US, UK & IE, directory)
  REBOUND_TZ            time zone for people whose platform doesn't say (default UTC)
  REBOUND_RETAIN_DAYS   days after a conversation's last message that what the person wrote is
                        kept; then only their plan's steps and dates stay (default 30)
  REBOUND_PRIVACY_URL   where your copy of PRIVACY.md is published; linked from help and the
                        Slack Home tab (default: none, people can type "privacy")
  REBOUND_LOG_LEVEL     DEBUG, INFO, WARNING, ERROR (default INFO); never logs message text
  REBOUND_LOG_FORMAT    text or json (one JSON object per line) (default text)
  SLACK_BOT_TOKEN       Slack bot token (xoxb-...)
  SLACK_APP_TOKEN       Slack app-level token for Socket Mode (xapp-...)
  SLACK_SIGNING_SECRET  Slack signing secret, for --http
  SLACK_CLIENT_ID       with SLACK_CLIENT_SECRET and no SLACK_BOT_TOKEN, `rebound slack --http`
  SLACK_CLIENT_SECRET   serves every workspace that installs it from its front page (/)
  SLACK_OAUTH_REDIRECT_URL  where Slack sends an install back (default: --public-url's
                        /slack/oauth_redirect, else the app's first Redirect URL)
  SLACK_API_URL         Slack Web API base URL (tests, GovSlack); installs use its host too
  PORT                  HTTP port for `rebound slack --http` (default 3000); also serves
                        /healthz and /metrics (or give --metrics-port in any mode)
  DISCORD_TOKEN         Discord bot token
  DISCORD_API_BASE      Discord REST base URL (a rate-limit proxy, tests)
"""


DB_HELP = "SQLite file or postgresql:// address (overrides REBOUND_DB)"


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="rebound",
        description="Rebound: a support bot for people who just lost out on a job.",
        epilog=ENVIRONMENT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    top.add_argument("--version", action="version", version=f"rebound {_version()}")
    top.add_argument("--db", default=None, help=DB_HELP)
    subs = top.add_subparsers(dest="adapter", required=True, metavar="COMMAND")

    chat = subs.add_parser("chat", help="talk to Rebound in this terminal (no account needed)")
    chat.add_argument("--db", default=argparse.SUPPRESS, help=DB_HELP)
    chat.add_argument("--user", "--as", dest="user", default=None,
                      help="who you are (default: your login name)")
    chat.add_argument("--group", default=None,
                      help="simulate a group channel of this name: /rejected group, checkin…")
    chat.add_argument("--now", default=None,
                      help="pretend it is this moment, ISO 8601 (to try reminders and groups)")
    chat.add_argument("--files-dir", default=".",
                      help="folder for files the bot sends, e.g. your data export "
                      "(default: the current directory)")

    tick = subs.add_parser("tick", help="deliver what is due for terminal users and groups")
    tick.add_argument("--db", default=argparse.SUPPRESS, help=DB_HELP)
    tick.add_argument("--now", default=None,
                      help="the moment to deliver for, ISO 8601 (default: now)")

    stats = subs.add_parser("stats", help="print anonymous counts: conversations, moods, referrals")
    stats.add_argument("--db", default=argparse.SUPPRESS, help=DB_HELP)
    stats.add_argument("--json", action="store_true", help="print JSON for machines")
    stats.add_argument("--until", default=None, type=date.fromisoformat,
                       help="last day of the per-day figures, YYYY-MM-DD (default: today)")

    purge = subs.add_parser("purge", help="delete what people wrote in conversations idle for "
                            "REBOUND_RETAIN_DAYS (the running bot does this hourly)")
    purge.add_argument("--db", default=argparse.SUPPRESS, help=DB_HELP)
    purge.add_argument("--now", default=None,
                       help="purge as at this moment, ISO 8601 (default: now)")

    move = subs.add_parser("migrate", help="copy every row of one database into another, empty "
                           "one: a SQLite install onto PostgreSQL")
    move.add_argument("--from", dest="source", required=True, metavar="DB",
                      help="where the data is now: a SQLite file (or a postgresql:// address)")
    move.add_argument("--to", dest="target", required=True, metavar="DB",
                      help="an empty database to copy it to: postgresql://user:password@host/db")

    slack = subs.add_parser("slack", help="run the Slack app (Socket Mode, or --http)")
    slack.add_argument("--http", action="store_true", help="serve /slack/events over HTTP")
    slack.add_argument("--host", default="0.0.0.0", help="HTTP host (default 0.0.0.0)")
    slack.add_argument("--port", type=int, default=None, help="HTTP port (default $PORT or 3000)")
    slack.add_argument("--public-url", default=None,
                       help="the https:// address Slack and browsers reach this server at "
                       "(sets the OAuth redirect when many workspaces install it)")
    _metrics_options(slack, "(with --http, /metrics then leaves --port)")

    discord = subs.add_parser("discord", help="run the Discord bot")
    discord.add_argument("--sync", action="store_true",
                         help="sync the slash commands now, even if unchanged")
    discord.add_argument("--shards", default=None,
                         help="'auto' runs an AutoShardedBot for large installs")
    discord.add_argument("--shard-count", default=None,
                         help="how many shards the bot has in all, across processes")
    discord.add_argument("--shard-ids", default=None,
                         help="the shards this process runs, e.g. 0,1 (with --shard-count; "
                         "processes sharing one database need REBOUND_DB=postgresql://...)")
    _metrics_options(discord)
    return top


def _metrics_options(command: argparse.ArgumentParser, note: str = "") -> None:
    command.add_argument("--metrics-port", type=int, default=None,
                         help=f"serve /metrics (Prometheus) and /healthz on this port {note}"
                         .strip())
    command.add_argument("--metrics-host", default="0.0.0.0",
                         help="address for --metrics-port (default 0.0.0.0)")


# Platform libraries come with extras, so the terminal needs none of them.
EXTRAS = {"slack": ("Slack", ("slack_bolt", "slack_sdk", "waitress", "prometheus_client")),
          "discord": ("Discord", ("discord", "aiohttp", "prometheus_client"))}


def _version() -> str:
    try:
        return metadata.version("rebound-bot")
    except metadata.PackageNotFoundError:  # running from a source tree that isn't installed
        return "unknown"


def db_path(args: argparse.Namespace) -> str:
    return args.db or os.environ.get("REBOUND_DB") or "rebound.db"


def db_exists(location: str) -> bool:
    """Whether there is a database to open: a SQLite file that exists, or any PostgreSQL
    address (a wrong one fails when connecting, with the server's own reason)."""
    path = sqlite_path(location)
    return path is None or os.path.exists(path)


def main(argv: list[str] | None = None) -> int:
    load_dotenv(os.path.join(os.getcwd(), ".env"))
    args = parser().parse_args(argv)
    wrong = settings.problems(os.environ)
    if wrong:
        for line in wrong:
            print(f"rebound: {line}", file=sys.stderr)
        return 2
    logs.configure(os.environ.get("REBOUND_LOG_LEVEL", "INFO").strip().upper(),
                   os.environ.get("REBOUND_LOG_FORMAT", "text").strip().lower())
    module = {"chat": "console", "tick": "console", "stats": "console",
              "purge": "console", "migrate": "console"}.get(args.adapter, args.adapter)
    try:
        adapter = importlib.import_module(f"adapters.{module}.cli")
    except ModuleNotFoundError as missing:
        if module not in EXTRAS or missing.name is None or \
                missing.name.split(".")[0] not in EXTRAS[module][1]:
            raise
        print(f"rebound: `rebound {module}` needs the {EXTRAS[module][0]} extra: "
              f"pip install 'rebound-bot[{module}]'", file=sys.stderr)
        return 2
    return int(adapter.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())

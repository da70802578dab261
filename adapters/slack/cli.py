"""`rebound slack`: Socket Mode by default, `--http` to serve the Events API.

Socket Mode needs no public URL (SLACK_BOT_TOKEN, SLACK_APP_TOKEN); HTTP mode
(SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET) serves `/slack/events` and `/healthz`
with waitress on --host/--port (port also from PORT). Either way the same
process runs the turns and sends every reply and reminder from the outbox,
and SIGTERM (what platforms send to stop a dyno or container) lets the turns
under way finish and closes the database cleanly.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from types import FrameType

from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.error import BoltError
from slack_sdk.errors import SlackApiError, SlackClientError

from adapters.cli import db_path
from adapters.slack.app import SlackBot, web_client
from adapters.slack.server import EVENTS_PATH, server
from bot import Engine

DEFAULT_PORT = 3000

log = logging.getLogger("rebound.slack")


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _missing(http: bool) -> list[str]:
    needed = ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET" if http else "SLACK_APP_TOKEN"]
    return [name for name in needed if not os.environ.get(name)]


def run(args: argparse.Namespace) -> int:
    """Run until stopped; 2 for missing settings, 1 if Slack refuses the tokens."""
    missing = _missing(args.http)
    if missing:
        print(f"rebound slack: please set {' and '.join(missing)} (see `rebound --help`).",
              file=sys.stderr)
        return 2
    engine = Engine(db_path(args))
    try:
        client = web_client(os.environ["SLACK_BOT_TOKEN"], os.environ.get("SLACK_API_URL"))
        secret = os.environ.get("SLACK_SIGNING_SECRET", "")
        try:
            bot = SlackBot(engine, client, signing_secret=secret)
        except BoltError:
            print("rebound slack: Slack did not accept SLACK_BOT_TOKEN (auth.test failed).",
                  file=sys.stderr)
            return 1
        except (SlackClientError, OSError) as err:
            print(f"rebound slack: could not reach Slack at {client.base_url} "
                  f"({type(err).__name__}).", file=sys.stderr)
            return 1
        signal.signal(signal.SIGTERM, _interrupt)
        bot.start()
        try:
            return _serve_http(bot, args) if args.http else _serve_socket(bot)
        except KeyboardInterrupt:
            log.info("stopping")
            return 0
        finally:
            bot.stop()
    finally:
        engine.close()


def _serve_http(bot: SlackBot, args: argparse.Namespace) -> int:
    port = args.port
    if port is None:
        try:
            port = int(os.environ.get("PORT") or DEFAULT_PORT)
        except ValueError:
            print("rebound slack: PORT must be a number.", file=sys.stderr)
            return 2
    http = server(bot.app, args.host, port, os.environ.get("SLACK_SIGNING_SECRET", ""))
    log.info("Rebound on Slack over HTTP: http://%s:%s%s", args.host, port, EVENTS_PATH)
    try:
        http.run()
    finally:
        http.close()
    return 0


def _serve_socket(bot: SlackBot) -> int:
    handler = SocketModeHandler(bot.app, os.environ["SLACK_APP_TOKEN"])
    try:
        handler.connect()
    except SlackApiError as err:
        print(f"rebound slack: Slack refused a Socket Mode connection for SLACK_APP_TOKEN "
              f"({err.response.get('error')}).", file=sys.stderr)
        return 1
    except (SlackClientError, OSError) as err:
        print(f"rebound slack: could not open a Socket Mode connection ({type(err).__name__}).",
              file=sys.stderr)
        return 1
    log.info("Rebound on Slack over Socket Mode")
    try:
        while True:
            signal.pause()
    finally:
        handler.close()
    return 0

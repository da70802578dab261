"""`rebound slack`: Socket Mode by default, `--http` to serve the Events API.

Socket Mode needs no public URL (SLACK_BOT_TOKEN, SLACK_APP_TOKEN); HTTP mode
(SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET) serves `/slack/events`, `/healthz` and
`/metrics` with waitress on --host/--port (port also from PORT). With
--metrics-port, `/healthz` and `/metrics` are served on that port too (and
`/metrics` then only there). Either way the same process runs the turns and
sends every reply and reminder from the outbox, and SIGTERM (what platforms
send to stop a dyno or container) lets the turns under way finish and closes
the database cleanly.

Settings Slack would refuse stop the process before it starts, with one line
naming the variable and exit code 2: a SLACK_API_URL that isn't a web address
or that nothing answers at, a token of the wrong kind, one Slack refuses.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from types import FrameType
from urllib.parse import urlsplit

from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from adapters.cli import db_path
from adapters.metrics import Metrics, Server
from adapters.slack.app import DEFAULT_API_URL, SlackBot, web_client
from adapters.slack.server import EVENTS_PATH, server
from bot import Engine, metrics

DEFAULT_PORT = 3000
PREFIXES = {"SLACK_BOT_TOKEN": "xoxb-", "SLACK_APP_TOKEN": "xapp-"}
TOKEN_REFUSALS = frozenset({"invalid_auth", "not_authed", "account_inactive", "token_revoked",
                            "token_expired", "not_allowed_token_type"})
"""auth.test's answers that mean the token, not the address, is wrong."""

log = logging.getLogger("rebound.slack")


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _missing(http: bool) -> list[str]:
    needed = ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET" if http else "SLACK_APP_TOKEN"]
    return [name for name in needed if not os.environ.get(name)]


def _wrong_setting(http: bool) -> str | None:
    """The first setting Slack could never work with, as one line; None if all look right."""
    url = os.environ.get("SLACK_API_URL") or DEFAULT_API_URL
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"SLACK_API_URL: use the Web API's web address, such as {DEFAULT_API_URL}"
    for name, prefix in PREFIXES.items():
        if (name == "SLACK_BOT_TOKEN" or not http) and \
                not os.environ.get(name, "").startswith(prefix):
            return f"{name}: use the token that starts with {prefix} (see `rebound --help`)"
    return None


def _refused(client: WebClient) -> str | None:
    """Ask Slack (auth.test) before anything starts: None, or one line naming the setting."""
    try:
        client.auth_test()
    except SlackApiError as err:
        code = err.response.get("error") if isinstance(err.response.data, dict) else None
        status = err.response.status_code
        if status == 200 and code in TOKEN_REFUSALS:
            return f"SLACK_BOT_TOKEN: Slack refused it ({code})"
        return (f"SLACK_API_URL: {client.base_url} answered HTTP {status}, not as Slack's "
                f"Web API does; use {DEFAULT_API_URL} or your Slack's own")
    except (SlackClientError, OSError) as err:
        reason = getattr(err, "reason", None)  # urllib's URLError wraps the socket's error
        why = type(reason if isinstance(reason, BaseException) else err).__name__
        return f"SLACK_API_URL: could not reach Slack at {client.base_url} ({why})"
    return None


def run(args: argparse.Namespace) -> int:
    """Run until stopped; 2 for missing or wrong settings (one line, naming the variable)."""
    missing = _missing(args.http)
    if missing:
        print(f"rebound slack: please set {' and '.join(missing)} (see `rebound --help`).",
              file=sys.stderr)
        return 2
    wrong = _wrong_setting(args.http)
    if wrong is None:
        client = web_client(os.environ["SLACK_BOT_TOKEN"], os.environ.get("SLACK_API_URL"))
        wrong = _refused(client)
    if wrong is not None:
        print(f"rebound slack: {wrong}", file=sys.stderr)
        return 2
    engine = Engine(db_path(args))
    watched = Metrics(engine)
    before = metrics.use(watched)
    try:
        secret = os.environ.get("SLACK_SIGNING_SECRET", "")
        try:
            bot = SlackBot(engine, client, signing_secret=secret)
        except (BoltError, SlackClientError, OSError) as err:  # Slack changed its mind since
            print(f"rebound slack: Slack did not accept SLACK_BOT_TOKEN at {client.base_url} "
                  f"({type(err).__name__})", file=sys.stderr)
            return 2
        signal.signal(signal.SIGTERM, _interrupt)
        side: Server | int | None = None
        try:
            bot.start()
            side = _metrics_server(watched, args)  # after the warm-up: healthy means ready
            if isinstance(side, int):
                return side
            return _serve_http(bot, args, watched, separate=side is not None) if args.http \
                else _serve_socket(bot)
        except KeyboardInterrupt:
            log.info("stopping")
            return 0
        finally:
            bot.stop()
            if isinstance(side, Server):
                side.close()
    finally:
        metrics.use(before)
        engine.close()


def _metrics_server(watched: Metrics, args: argparse.Namespace) -> Server | int | None:
    """`/metrics` and `/healthz` on --metrics-port, started; 2 if the port can't be had."""
    port = getattr(args, "metrics_port", None)
    if port is None:
        return None
    host = getattr(args, "metrics_host", "0.0.0.0")
    try:
        side = Server(watched, host, port).start()
    except OSError as err:
        print(f"rebound slack: --metrics-port: can't listen on {host}:{port} ({err.strerror})",
              file=sys.stderr)
        return 2
    log.info("metrics: http://%s:%s/metrics", host, side.port)
    return side


def _serve_http(bot: SlackBot, args: argparse.Namespace, watched: Metrics, *,
                separate: bool) -> int:
    port = args.port
    if port is None:
        try:
            port = int(os.environ.get("PORT") or DEFAULT_PORT)
        except ValueError:
            print("rebound slack: PORT must be a number.", file=sys.stderr)
            return 2
    http = server(bot.app, args.host, port, os.environ.get("SLACK_SIGNING_SECRET", ""),
                  watched, metrics=not separate)
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
        print(f"rebound slack: SLACK_APP_TOKEN: Slack refused a Socket Mode connection "
              f"({err.response.get('error')})", file=sys.stderr)
        return 2
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

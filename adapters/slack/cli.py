"""`rebound slack`: Socket Mode by default, `--http` to serve the Events API.

Socket Mode needs no public URL (SLACK_BOT_TOKEN, SLACK_APP_TOKEN); HTTP mode
(SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET) serves `/slack/events`, `/healthz` and
`/metrics` with waitress on --host/--port (port also from PORT). With
SLACK_CLIENT_ID and SLACK_CLIENT_SECRET instead of a bot token, HTTP mode
serves any number of workspaces: each installs Rebound from the front page
(`/`, then `/slack/install`) and is answered with its own token. With
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
from adapters.slack.oauth import INSTALL_PATH, OAuth, oauth, redirect_url
from adapters.slack.pages import page
from adapters.slack.server import EVENTS_PATH, server
from bot import Engine, metrics

DEFAULT_PORT = 3000
PREFIXES = {"SLACK_BOT_TOKEN": "xoxb-", "SLACK_APP_TOKEN": "xapp-"}
MANY = ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET")
TOKEN_REFUSALS = frozenset({"invalid_auth", "not_authed", "account_inactive", "token_revoked",
                            "token_expired", "not_allowed_token_type"})
"""auth.test's answers that mean the token, not the address, is wrong."""

log = logging.getLogger("rebound.slack")


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _many() -> bool:
    """Installed by many workspaces (OAuth), rather than run with one workspace's token."""
    return not os.environ.get("SLACK_BOT_TOKEN") and any(
        os.environ.get(name) for name in MANY)


def _missing(http: bool) -> list[str]:
    if _many():
        needed = [*MANY, "SLACK_SIGNING_SECRET"]
    else:
        needed = ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET" if http else "SLACK_APP_TOKEN"]
    return [name for name in needed if not os.environ.get(name)]


def _web_address(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _wrong_setting(args: argparse.Namespace) -> str | None:
    """The first setting Slack could never work with, as one line; None if all look right."""
    if not _web_address(os.environ.get("SLACK_API_URL") or DEFAULT_API_URL):
        return f"SLACK_API_URL: use the Web API's web address, such as {DEFAULT_API_URL}"
    if os.environ.get("SLACK_BOT_TOKEN") and any(os.environ.get(name) for name in MANY):
        return ("SLACK_BOT_TOKEN: set it for one workspace, or SLACK_CLIENT_ID and "
                "SLACK_CLIENT_SECRET for many, not both")
    if _many():
        return _wrong_for_many(args)
    for name, prefix in PREFIXES.items():
        if (name == "SLACK_BOT_TOKEN" or not args.http) and \
                not os.environ.get(name, "").startswith(prefix):
            return f"{name}: use the token that starts with {prefix} (see `rebound --help`)"
    return None


def _wrong_for_many(args: argparse.Namespace) -> str | None:
    if not args.http:
        return ("SLACK_CLIENT_ID: installing in many workspaces needs `--http`, where Slack "
                "sends each install back")
    public = getattr(args, "public_url", None)
    if public and not _web_address(public):
        return "--public-url: use the web address people reach Rebound at, such as " \
               "https://rebound.example.org"
    redirect = os.environ.get("SLACK_OAUTH_REDIRECT_URL")
    if redirect and not _web_address(redirect):
        return "SLACK_OAUTH_REDIRECT_URL: use a full web address ending in /slack/oauth_redirect"
    return None


def _refused(client: WebClient) -> str | None:
    """Ask Slack before anything starts: None, or one line naming the setting.

    With a token, auth.test checks the token too; without one (many
    workspaces), api.test checks only that Slack's Web API answers there.
    """
    try:
        if client.token:
            client.auth_test()
        else:
            client.api_test()
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
    wrong = _wrong_setting(args)
    if wrong is None:
        client = web_client(os.environ.get("SLACK_BOT_TOKEN"), os.environ.get("SLACK_API_URL"))
        wrong = _refused(client)
    if wrong is not None:
        print(f"rebound slack: {wrong}", file=sys.stderr)
        return 2
    engine = Engine(db_path(args))
    watched = Metrics(engine)
    before = metrics.use(watched)
    try:
        secret = os.environ.get("SLACK_SIGNING_SECRET", "")
        many = _oauth(engine, client, args) if _many() else None
        try:
            bot = SlackBot(engine, client, signing_secret=secret, oauth=many)
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


def _oauth(engine: Engine, client: WebClient, args: argparse.Namespace) -> OAuth:
    """Installs kept in Rebound's own database, exchanged at the same Slack as the Web API."""
    return oauth(engine.store, client_id=os.environ["SLACK_CLIENT_ID"],
                 client_secret=os.environ["SLACK_CLIENT_SECRET"], api_url=client.base_url,
                 redirect=redirect_url(os.environ.get("SLACK_OAUTH_REDIRECT_URL"),
                                       getattr(args, "public_url", None)))


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
    home = None
    if bot.app.oauth_flow is not None:
        home = page("home", install_path=INSTALL_PATH, keep_days=bot.engine.retain_days,
                    privacy_url=bot.engine.privacy_url)
        log.info("Rebound for many workspaces: install at http://%s:%s%s", args.host, port,
                 INSTALL_PATH)
    http = server(bot.app, args.host, port, os.environ.get("SLACK_SIGNING_SECRET", ""),
                  watched, metrics=not separate, home=home)
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

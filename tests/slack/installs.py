"""Rebound installed by many workspaces, driven the way a browser and Slack drive it.

`Installer` plays the admin's browser: it keeps cookies, follows the app's
redirect to the fake Slack's authorize page (which approves at once for the
fake's `install_team`) and back to the app's redirect URL. The app is called
in-process through its WSGI application; only the fake is over HTTP.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urlsplit
from wsgiref.util import setup_testing_defaults

from adapters.slack.app import SlackBot, web_client
from adapters.slack.fake import FakeSlack
from adapters.slack.oauth import INSTALL_PATH, oauth
from adapters.slack.pages import page
from adapters.slack.server import wsgi_app
from bot import Engine
from tests.slack.conftest import SECRET, Slack, TrackingExecutor, payload

CLIENT_ID = "1111111111.2222222222"
CLIENT_SECRET = "client-secret-never-logged"
PUBLIC = "https://rebound.example"
REDIRECT = PUBLIC + "/slack/oauth_redirect"


@dataclass
class Page:
    status: int
    headers: list[tuple[str, str]]
    body: str

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


class _Stay(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class Installer:
    """One browser: the app in-process, the fake Slack over HTTP, cookies kept."""

    app: Any
    fake: FakeSlack
    cookies: dict[str, str] = field(default_factory=dict)

    def get(self, url: str) -> Page:
        parts = urlsplit(url)
        if url.startswith(self.fake.url.removesuffix("/api/")):
            return self._slack(url)
        environ: dict[str, Any] = {}
        setup_testing_defaults(environ)
        environ.update(REQUEST_METHOD="GET", PATH_INFO=parts.path, QUERY_STRING=parts.query)
        if self.cookies:
            environ["HTTP_COOKIE"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        seen: dict[str, Any] = {}

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
            seen.update(status=int(status.split()[0]), headers=headers)

        body = b"".join(self.app(environ, start))
        for name, value in seen["headers"]:
            if name.lower() == "set-cookie":
                for morsel in SimpleCookie(value).values():
                    self.cookies[morsel.key] = morsel.value
        return Page(seen["status"], seen["headers"], body.decode())

    def _slack(self, url: str) -> Page:
        try:
            with urllib.request.build_opener(_Stay).open(url, timeout=5) as answer:
                return Page(answer.status, list(answer.headers.items()), answer.read().decode())
        except urllib.error.HTTPError as err:
            return Page(err.code, list(err.headers.items()), err.read().decode())

    def start(self) -> Page:
        """Click Add to Slack: the app's answer (a redirect to Slack's authorize page)."""
        return self.get(INSTALL_PATH)

    def approve(self, authorize: Page) -> str:
        """Approve on Slack's page; the app's redirect URL Slack sends the browser back to."""
        assert authorize.status == 302, authorize
        back = self.get(str(authorize.header("Location")))
        assert back.status == 302, back
        return str(back.header("Location"))

    def finish(self, redirect: str) -> Page:
        return self.get(redirect)

    def install(self, team: str) -> Page:
        """The whole install, approved by an admin of `team`; the page it ends on."""
        self.fake.install_team = team
        return self.finish(self.approve(self.start()))


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


class Many:
    """Rebound for many workspaces on one engine: the bot, its web app, a browser, Slack."""

    def __init__(self, engine: Engine, fake: FakeSlack, clock: Any) -> None:
        self.engine, self.fake = engine, fake
        self.executor = TrackingExecutor()
        self.oauth = oauth(engine.store, client_id=CLIENT_ID, client_secret=CLIENT_SECRET,
                           api_url=fake.url, redirect=REDIRECT, clock=clock)
        self.bot = SlackBot(engine, web_client(None, fake.url), signing_secret=SECRET,
                            executor=self.executor, sleep=lambda _: None, oauth=self.oauth)
        self.web = wsgi_app(self.bot.app, SECRET, home=page(
            "home", install_path=INSTALL_PATH, keep_days=engine.retain_days, privacy_url=None))
        self.slack = Slack(self.bot, fake, self.executor)

    def browser(self) -> Installer:
        return Installer(self.web, self.fake)

    def dm(self, team: str, user: str, text: str, event_id: str) -> None:
        """A direct message to the bot from `user` in workspace `team`."""
        body = payload("message_im")
        body["team_id"] = body["context_team_id"] = body["event"]["team"] = team
        body["authorizations"][0]["team_id"] = team
        body["event_id"] = event_id
        body["event"].update(text=text, user=user, channel="D" + user[1:])
        self.slack.event(body)

    def event(self, name: str, team: str) -> None:
        body = payload(name)
        body["team_id"] = team
        body["event_id"] = f"{body['event_id']}{team}"
        self.slack.event(body)

    def close(self) -> None:
        self.executor.shutdown(wait=True)
        self.bot.stop()

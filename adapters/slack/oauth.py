"""One Rebound app in many Slack workspaces: Bolt's OAuth flow on Rebound's own database.

With SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (and no SLACK_BOT_TOKEN),
`GET /slack/install` sends the browser to Slack's authorize page with a
`state` that is good once and for STATE_SECONDS, and `GET
/slack/oauth_redirect` swaps Slack's code for that workspace's bot token and
keeps it (`Installations`). Bolt then looks the token up for every request
from that workspace, and the adapter for every reply it sends there.

The tokens live in the database as Bolt gives them: the database is the
operator's secret store. They belong to a workspace, not a person, so no
one's export holds them, and uninstalling deletes them with everything else
from the workspace (`Store.drop_workspace`). No log line holds a token or
an install's code: Bolt's own lines are redacted before they are written.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk.oauth import OAuthStateUtils
from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore

from adapters.slack.pages import page
from bot.store import Store

PLATFORM = "slack"
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
AUTHORIZE_PATH = "/oauth/v2/authorize"
STATE_SECONDS = 600
SCOPES = ("commands", "chat:write", "im:history", "im:write", "users:read", "chat:write.public",
          "files:write")
"""The manifest's bot scopes: what each workspace is asked for. No user scopes, so Rebound
never holds a person's token."""
HTML = "text/html; charset=utf-8"
_REASON = re.compile(r"[a-z_]{1,40}")
_SECRETS = (re.compile(r"xox[a-z]-[\w-]+"), re.compile(r"(code[:=]\s*)[^\s&,)]+"))

Clock = Callable[[], datetime]
log = logging.getLogger("rebound.slack")


def _utc_now() -> datetime:
    return datetime.now(UTC)


def redact(record: logging.LogRecord) -> bool:
    """A logging filter: tokens and install codes in Bolt's own lines become `[redacted]`.

    Bolt logs the code of an install that failed, and Slack's error answers
    can quote a token; the line itself is still worth having.
    """
    text = record.getMessage()
    for pattern in _SECRETS:
        text = pattern.sub(lambda m: (m.group(1) if m.groups() else "") + "[redacted]", text)
    record.msg, record.args = text, None
    return True


class Installations(InstallationStore):
    """Bolt's InstallationStore on Rebound's database: one installation per workspace.

    Nothing here deletes: an installation goes with the rest of its workspace's
    rows when Slack says the app was uninstalled (see `SlackBot.on_uninstalled`).
    """

    def __init__(self, store: Store, clock: Clock = _utc_now) -> None:
        self._store, self._clock = store, clock

    @property
    def logger(self) -> logging.Logger:
        return log

    @staticmethod
    def _workspace(enterprise_id: str | None, team_id: str | None,
                   is_enterprise_install: bool | None) -> str:
        """Team ids are unique across Slack; an org-wide install is keyed by its org."""
        return (enterprise_id if is_enterprise_install else team_id) or enterprise_id or ""

    def save(self, installation: Installation) -> None:
        where = self._workspace(installation.enterprise_id, installation.team_id,
                                installation.is_enterprise_install)
        data = json.dumps(installation.to_dict_for_copying(), default=_iso)
        with self._store.transaction():
            self._store.save_installation(PLATFORM, where, data, self._clock())
        log.info("installed in workspace %s", where)

    def find_installation(self, *, enterprise_id: str | None, team_id: str | None,
                          user_id: str | None = None,
                          is_enterprise_install: bool | None = False) -> Installation | None:
        """The workspace's installation; None for any one person's (none are kept)."""
        found = self._store.find_installation(
            PLATFORM, self._workspace(enterprise_id, team_id, is_enterprise_install))
        if found is None:
            return None
        installation = Installation(**json.loads(found))
        if user_id is not None and user_id != installation.user_id:
            return None
        return installation

    def find_bot(self, *, enterprise_id: str | None, team_id: str | None,
                 is_enterprise_install: bool | None = False) -> Bot | None:
        installation = self.find_installation(enterprise_id=enterprise_id, team_id=team_id,
                                              is_enterprise_install=is_enterprise_install)
        return installation.to_bot() if installation and installation.bot_token else None

    def bot_token(self, workspace: str) -> str | None:
        """The token to answer `workspace` with, if Rebound is installed there."""
        bot = self.find_bot(enterprise_id=None, team_id=workspace)
        return bot.bot_token if bot else None


class States(OAuthStateStore):
    """Bolt's OAuthStateStore on Rebound's database: each state good once, for a while."""

    def __init__(self, store: Store, clock: Clock = _utc_now,
                 expiration_seconds: int = STATE_SECONDS) -> None:
        self._store, self._clock = store, clock
        self._lifetime = timedelta(seconds=expiration_seconds)

    @property
    def logger(self) -> logging.Logger:
        return log

    def issue(self, *args: Any, **kwargs: Any) -> str:
        state = secrets.token_urlsafe(24)
        now = self._clock()
        with self._store.transaction():
            self._store.issue_oauth_state(state, now, now + self._lifetime)
        return state

    def consume(self, state: str) -> bool:
        with self._store.transaction():
            return self._store.consume_oauth_state(state, self._clock())


@dataclass(frozen=True)
class OAuth:
    """Everything the Slack adapter needs to serve many workspaces."""

    settings: OAuthSettings
    installations: Installations


def authorize_url(api_url: str) -> str:
    """Slack's authorize page beside its Web API: https://slack.com/api/ gives
    https://slack.com/oauth/v2/authorize (so GovSlack, or the fake, get their own)."""
    parts = urlsplit(api_url)
    return f"{parts.scheme}://{parts.netloc}{AUTHORIZE_PATH}"


def redirect_url(explicit: str | None, public_url: str | None) -> str | None:
    """SLACK_OAUTH_REDIRECT_URL, else --public-url's /slack/oauth_redirect, else Slack's
    default (the first Redirect URL in the app's settings)."""
    if explicit:
        return explicit
    return public_url.rstrip("/") + REDIRECT_PATH if public_url else None


def _iso(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _installed(args: SuccessArgs) -> BoltResponse:
    installation = args.installation
    body = page("installed", team_name=installation.team_name or "your workspace",
                open_url=f"slack://app?team={installation.team_id}&id={installation.app_id}")
    return _html(200, body, args.settings)


def _not_installed(args: FailureArgs) -> BoltResponse:
    """Why an install did not finish, by Bolt's reason code; never the code or state."""
    reason = args.reason if _REASON.fullmatch(args.reason or "") else "unrecognised"
    log.warning("a Slack install did not finish: %s", reason)
    body = page("install_failed", install_path=INSTALL_PATH, cancelled=reason == "access_denied")
    return _html(args.suggested_status_code, body, args.settings)


def _html(status: int, body: str, settings: OAuthSettings) -> BoltResponse:
    """A page that ends an install: the browser's state cookie is spent either way."""
    cookie = settings.state_utils.build_set_cookie_for_deletion()
    return BoltResponse(status=status, body=body,
                        headers={"Content-Type": HTML, "Set-Cookie": cookie})


def oauth(store: Store, *, client_id: str, client_secret: str, api_url: str,
          redirect: str | None = None, clock: Clock = _utc_now,
          state_seconds: int = STATE_SECONDS) -> OAuth:
    """Bolt's OAuth settings over Rebound's database, for `App(oauth_settings=...)`.

    `/slack/install` redirects straight to Slack (no page of Bolt's own in
    between: Rebound's front page has the button). Each request is
    authorized from the stored installation, and auth.test is asked once per
    token, not once per request.
    """
    bolt_log = logging.getLogger("rebound.slack.bolt")
    bolt_log.addFilter(redact)
    installations = Installations(store, clock)
    settings = OAuthSettings(
        client_id=client_id, client_secret=client_secret, scopes=list(SCOPES), user_scopes=[],
        redirect_uri=redirect, install_path=INSTALL_PATH, redirect_uri_path=REDIRECT_PATH,
        install_page_rendering_enabled=False,
        callback_options=CallbackOptions(success=_installed, failure=_not_installed),
        authorization_url=authorize_url(api_url), installation_store=installations,
        state_store=States(store, clock, state_seconds),
        state_cookie_name=OAuthStateUtils.default_cookie_name,
        state_expiration_seconds=state_seconds, logger=bolt_log)
    settings.authorize = InstallationStoreAuthorize(
        logger=bolt_log, installation_store=installations, client_id=client_id,
        client_secret=client_secret, bot_only=True, cache_enabled=True)
    return OAuth(settings, installations)

"""The Bolt app: Slack payloads in as engine `Event`s, replies out through the Web API.

Acknowledge first, and never late: each listener runs on the request thread
(Bolt's `process_before_response`) and only stores the event in the engine's
inbox, one short transaction, before the ack; a modal submission, whose ack
carries any field errors, runs its turn right there (about a millisecond).
Turn workers run the turns, which put the replies in the outbox, and the
process's one `Sender` posts them (both run by `adapters.background`),
retrying what Slack refuses for now. So a backlog or a slow Web API delays
replies, never acks, and a crash loses nothing Slack was told had arrived.

What keeps a person safe here, rather than in the engine:
- nothing from a conversation is posted into a channel: `private` replies go
  back as ephemeral messages only the caller sees, everything else to their
  DM (only scheduled posts the engine writes for a peer group's channel go
  to that channel);
- one person's messages, commands and clicks are taken one at a time, in
  order, and their replies are sent in order;
- retries are harmless because each event carries Slack's own id (or one
  unique per click) and the engine stores a seen id only once;
- a failed Web API call is logged by method and error code only;
- Bolt and slack_sdk log request bodies at INFO and DEBUG, so both get
  loggers pinned above those levels.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Executor, ThreadPoolExecutor
from contextlib import suppress
from dataclasses import replace
from typing import TYPE_CHECKING, Any, NamedTuple

from cachetools import LRUCache, TTLCache
from slack_bolt import App, BoltContext, BoltResponse, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.web import SlackResponse

from adapters.background import Background
from adapters.markup import plain
from adapters.sender import PermanentError, TransientError
from adapters.slack import blocks, gate
from adapters.slack.blocks import Message
from bot import Engine, Event, Form, Reply
from bot.logs import describe_failure
from bot.model import Inbound, Outbound

if TYPE_CHECKING:
    from adapters.slack.oauth import OAuth

PLATFORM = "slack"
COMMAND = "rejected"
DEFAULT_API_URL = "https://slack.com/api/"
RATE_LIMIT_RETRIES = 3
PROFILE_TTL = 6 * 3600.0
CACHE_SIZE = 10_000

TRANSIENT = frozenset({"ratelimited", "internal_error", "fatal_error", "service_unavailable",
                       "request_timeout"})
"""Error codes Slack answers with HTTP 200 that a later try may not get; any other
refusal (channel_not_found, is_archived, account_inactive, invalid_blocks) is for good."""
SIDE_THREADS = 4

log = logging.getLogger("rebound.slack")


class SendError(Exception):
    """A Web API call that Slack refused or that never arrived (already logged).

    `status` is the HTTP status, None when no answer came (a timeout, a
    refused connection); `retry_after` is Slack's Retry-After in seconds.
    """

    def __init__(self, method: str, code: str, status: int | None = 200,
                 retry_after: float | None = None) -> None:
        super().__init__(f"{method}: {code}")
        self.method, self.code, self.status, self.retry_after = method, code, status, retry_after

    @property
    def transient(self) -> bool:
        """Worth trying again: no answer, 429, a 5xx, or an error Slack says is passing."""
        return (self.status is None or self.status == 429 or self.status >= 500
                or self.code in TRANSIENT)


class Profile(NamedTuple):
    """What users.info says about a person that the engine can use."""

    timezone: str | None = None
    name: str | None = None
    admin: bool = False
    locale: str | None = None


def web_client(token: str | None, base_url: str | None = None) -> WebClient:
    """A WebClient for `base_url` (SLACK_API_URL; tests, GovSlack) that waits out 429s.

    slack_sdk retries nothing on its own apart from connection errors; a
    RateLimitErrorRetryHandler sleeps for Retry-After and tries again.
    """
    url = base_url or DEFAULT_API_URL
    client = WebClient(token=token, base_url=url if url.endswith("/") else url + "/")
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES))
    return client


def _pinned(name: str, level: int) -> logging.Logger:
    """A library logger that stays at `level` whatever the root level is.

    slack_sdk (Web API, response_url and Socket Mode clients) logs whole
    request bodies at DEBUG, and Bolt logs the body of a badly signed request
    at INFO; either would put what people type in logs.
    """
    logger = logging.getLogger(name)
    logger.setLevel(level)
    return logger


def _token_unused(record: logging.LogRecord) -> bool:
    """Drop Bolt's start-up warning that SLACK_BOT_TOKEN "will be unused": Bolt reads it from
    the environment although the client it is given already holds that same token."""
    return "`token` will be unused" not in record.getMessage()


class SlackBot:
    """Rebound on Slack: `app` is the Bolt app; `start` runs its turn workers and sender."""

    def __init__(self, engine: Engine, client: WebClient, *, signing_secret: str = "",
                 token_verification: bool = True, executor: Executor | None = None,
                 sleep: Callable[[float], None] = time.sleep,
                 oauth: OAuth | None = None) -> None:
        """`signing_secret` is needed for HTTP only (Socket Mode requests are not signed).

        `token_verification` calls auth.test now, so a wrong token fails at
        start-up rather than on someone's first message. `executor` runs
        what follows an ack but is not a turn (opening a modal, publishing
        Home); tests pass one they can wait on. `sleep` is the sender's wait
        between retries (tests pass one that returns at once). With `oauth`
        the app serves every workspace that installs it, each with its own
        token, and `client` (which then holds none) only gives the address.
        """
        self.engine = engine
        self.client = client
        # The sender retries on its own terms (see adapters.sender), so its client does not.
        self.poster = _poster(client)
        self._oauth = oauth
        # Listeners and workers use these at once; cachetools' caches need a lock for that.
        self._by_token: LRUCache[str, tuple[WebClient, WebClient]] = LRUCache(CACHE_SIZE)
        self._profiles: TTLCache[tuple[str, str], Profile] = TTLCache(CACHE_SIZE, PROFILE_TTL)
        self._dms: LRUCache[tuple[str, str], str | None] = LRUCache(CACHE_SIZE)
        self._remembering = threading.Lock()
        self._side = executor or ThreadPoolExecutor(SIDE_THREADS,
                                                    thread_name_prefix="rebound-slack")
        self.background = Background(engine, self.send_outbound, platform=PLATFORM,
                                     prepare=self._prepare, after_turn=self._after_turn,
                                     sleep=sleep)
        self._close = plain(engine.say("chrome/slack/cancel"))
        _pinned("slack_sdk", logging.INFO)
        bolt_log = _pinned("rebound.slack.bolt", logging.WARNING)
        bolt_log.addFilter(_token_unused)
        # Listeners run on the request thread and only store and ack: the ack never
        # waits behind turns (see `receive`).
        self.app = App(client=client, signing_secret=signing_secret,
                       token_verification_enabled=token_verification,
                       process_before_response=True, logger=bolt_log,
                       oauth_settings=oauth.settings if oauth else None,
                       user_facing_authorize_error_message=plain(
                           engine.say("chrome/slack/not_installed")))
        app = self.app
        self._quiet = gate.Quiet()
        app.use(self.well_formed)
        app.event("message")(self.on_message)
        app.event("app_home_opened")(self.on_home_opened)
        app.event("app_uninstalled")(self.on_uninstalled)
        app.event("tokens_revoked")(self.on_tokens_revoked)
        app.command(f"/{COMMAND}")(self.on_command)
        app.action(re.compile("^" + re.escape(blocks.CHOICE_ACTION)))(self.on_choice)
        app.action(re.compile("^" + re.escape(blocks.MENU_ACTION)))(self.on_choice)
        app.action(re.compile("^" + re.escape(blocks.FORM_ACTION)))(self.on_form_button)
        app.action(re.compile("^" + re.escape(blocks.LINK_ACTION)))(self.on_link)
        app.view_submission(blocks.FORM_CALLBACK)(self.on_submit)
        app.error(self.on_error)

    # -- running ---------------------------------------------------------------

    def start(self) -> None:
        """Turn workers and the sender in the background; rows left by a crash go first."""
        self.background.start()

    def stop(self) -> None:
        self.background.stop()

    def drain(self) -> None:
        """Every pending turn, then their replies, in this thread (tests, one-off runs)."""
        self.background.drain()

    # -- listeners: store, then ack ----------------------------------------------

    def well_formed(self, body: dict[str, Any], next: Callable[[], None]) -> BoltResponse | None:
        """400 for a payload whose fields have the wrong types, before any listener reads it.

        Over HTTP the `gate` has already refused these (Bolt's own parsing can
        trip on some first); Socket Mode payloads only pass through here.
        """
        problem = gate.malformed(body)
        if problem:
            self._quiet.note("signed", gate.Refusal(400, problem))
            return BoltResponse(status=400, body="")
        next()
        return None

    def on_message(self, event: dict[str, Any], body: dict[str, Any],
                   context: BoltContext) -> None:
        """A direct message. Other bots, edits, joins and channels are ignored.

        Bolt acknowledges an event when this returns, after `receive` stored it.
        """
        user = event.get("user")
        if (event.get("channel_type") != "im" or event.get("subtype") not in (None, "file_share")
                or event.get("bot_id") or not user or user == context.bot_user_id):
            return
        team = _team(context)
        with self._remembering:
            self._dms[(team, user)] = event.get("channel")
        log.debug("message event %s", body.get("event_id"))
        self.receive(Event(PLATFORM, team, user, text=blocks.unescape(event.get("text") or ""),
                           event_id=body.get("event_id")))

    def on_command(self, ack: Callable[..., None], command: dict[str, Any],
                   context: BoltContext) -> None:
        """`/rejected [words]`: a note in the channel, the conversation in the DM.

        The command's channel counts as the DM only if it *is* the bot's DM
        with this person (found out by the worker); a DM with someone else
        is treated like a channel.
        """
        team, user = _team(context), command.get("user_id", "")
        log.debug("command %s", command.get("trigger_id"))
        self.receive(Event(PLATFORM, team, user, command=COMMAND,
                           channel=command.get("channel_id"),
                           text=blocks.unescape(command.get("text") or ""),
                           event_id=_id("command", command.get("trigger_id"))),
                     {"respond": command.get("response_url"), "respond_in_dm": True})
        ack()

    def on_choice(self, ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any],
                  context: BoltContext) -> None:
        """A button or a menu's option: the choice id goes to the engine, which checks it
        against stored state.

        A click on a message in a channel (a peer group's post) carries that
        channel, so the engine can answer privately there; clicks in the DM
        or on the Home tab carry none.
        """
        team, user = _team(context), body["user"]["id"]
        log.debug("click %s", action.get("action_id"))
        channel = (body.get("container") or {}).get("channel_id")
        picked = action.get("value") or (action.get("selected_option") or {}).get("value")
        self.receive(Event(PLATFORM, team, user, choice=picked or "",
                           channel=channel,
                           event_id=_id("click", user, action.get("action_ts"))),
                     {"respond": body.get("response_url"), "home": _from_home(body)})
        ack()

    @staticmethod
    def on_link(ack: Callable[..., None]) -> None:
        """A link button: Slack opened its address; the click only needs acknowledging."""
        ack()

    def on_form_button(self, ack: Callable[..., None], body: dict[str, Any],
                       action: dict[str, Any], context: BoltContext) -> None:
        """Open the form's modal straight away (a trigger_id expires in three seconds),
        on a thread of its own so no backlog of turns can hold it up.

        The form comes from the engine's stored state, so a button from before a
        restart still works and shows today's values. A form the person has moved
        past goes to the engine as a click on that step, which it answers as stale.
        """
        ack()
        team, user = _team(context), body["user"]["id"]
        form_id = str(action.get("value") or "")
        click = Event(PLATFORM, team, user, choice=f"{form_id}:form",
                      event_id=_id("click", user, action.get("action_ts")))
        self._side.submit(self._open_form, click, form_id, body.get("trigger_id"))

    def on_submit(self, ack: Callable[..., None], body: dict[str, Any], view: dict[str, Any],
                  context: BoltContext) -> None:
        """A submitted form: field errors go back into the modal, everything else to the DM.

        The ack must carry any errors, so this turn runs here (about a
        millisecond) rather than in the inbox, its replies queued in its own
        transaction; the time zone comes from memory only (no users.info).
        The event id includes the values so a corrected resubmission of the
        same view is a new event.
        """
        team, user = _team(context), body["user"]["id"]
        values = blocks.submitted(view)
        digest = hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:16]
        log.debug("form %s submitted", view.get("private_metadata"))
        replies = self.engine.handle(
            self._event(team, user, values=values,
                        event_id=_id("view", view.get("id"), view.get("hash"), digest)),
            queue=True)
        errors = {field: plain(message) for reply in replies for field, message in reply.errors
                  if field in values}
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()
        self.background.sender.notify()

    def on_home_opened(self, event: dict[str, Any], context: BoltContext) -> None:
        if event.get("tab") == "home" and event.get("user"):
            self._side.submit(self.publish_home, _team(context), event["user"])

    def on_uninstalled(self, context: BoltContext) -> None:
        """Uninstalled from a workspace: everything from there goes, people's DMs included,
        and its installation (the token) if it installed through /slack/install."""
        team = _team(context)
        self.engine.forget_workspace(PLATFORM, team)
        log.info("uninstalled from workspace %s; its data was deleted", team)

    def on_tokens_revoked(self, event: dict[str, Any], context: BoltContext) -> None:
        """The bot's token revoked is an uninstall in effect; Rebound holds no user tokens."""
        if (event.get("tokens") or {}).get("bot"):
            self.on_uninstalled(context)

    def on_error(self, error: Exception) -> None:
        """Bolt's last resort: where it failed, never the message (it may quote the payload)."""
        log.error("listener failed: %s", describe_failure(error))

    def receive(self, event: Event, meta: Mapping[str, object] | None = None) -> None:
        """Into the inbox before Slack is acknowledged, then a worker is woken.

        If storing fails the listener raises, Slack gets an error instead of
        an ack, and retries (or tells the person): nothing acknowledged is lost.
        """
        if self.engine.receive(event, {k: v for k, v in (meta or {}).items() if v}):
            self.background.workers.notify()

    # -- around a turn (on a worker) ----------------------------------------------

    def _prepare(self, inbound: Inbound) -> tuple[Event, Mapping[str, object]]:
        """What Slack says about the person, and whether the event's channel is their DM
        with the bot (then the conversation is simply there, with no response_url)."""
        event, meta = inbound.event, dict(inbound.meta)
        profile = self._profile(event.workspace, event.user, fetch=True)
        event = replace(event, timezone=profile.timezone, name=profile.name,
                        admin=profile.admin, locale=profile.locale)
        if event.channel and event.channel == self._dm(event.workspace, event.user):
            event = replace(event, channel=None)
        if event.channel is None and not meta.pop("respond_in_dm", False):
            meta.pop("respond", None)
        return event, meta

    def _after_turn(self, inbound: Inbound) -> None:
        if inbound.meta.get("home"):
            self.publish_home(inbound.event.workspace, inbound.event.user)

    def _open_form(self, click: Event, form_id: str, trigger: str | None) -> None:
        form: Form | None = self.engine.form(PLATFORM, click.workspace, click.user, form_id)
        if form is None:
            self.receive(click)
            return
        try:
            self._api(self._clients(click.workspace)[0].views_open, trigger_id=trigger,
                      view=blocks.modal(form, self._close))
        except SendError:  # they clicked and nothing opened: say so rather than stay silent
            note = blocks.messages(Reply(text=self.engine.say("chrome/send_failed")))[0]
            with suppress(SendError):
                self._post(click.workspace, self._dm(click.workspace, click.user), note)

    # -- engine to Slack ---------------------------------------------------------

    def publish_home(self, team: str, user: str) -> None:
        """The App Home tab: their plan with Done buttons, and a way to start or carry on.

        A failure is only logged: the tab keeps its last version, and a DM
        apologising for a screen the person may not be looking at would confuse.
        """
        replies = self.engine.home(PLATFORM, team, user)
        with suppress(SendError):
            self._api(self._clients(team)[0].views_publish, user_id=user,
                      view=blocks.home_view(replies))

    def send_outbound(self, out: Outbound) -> str | None:
        """The sender's transport: one queued reply to Slack; the first message's ts.

        A turn's reply goes to the person's DM, or ephemerally where it is
        private and came from a channel (never into a channel for everyone);
        a scheduled one to its group's channel if it names one, else to a DM.
        """
        try:
            return self._send(out)
        except SendError as err:
            if err.transient:
                raise TransientError(err.code, err.retry_after) from None
            raise PermanentError(err.code) from None

    def _send(self, out: Outbound) -> str | None:
        reply, user = out.reply, out.user or ""
        if out.scheduled:
            channel = reply.channel or out.channel
            if channel is None:
                person = reply.user or out.user
                if person is None:
                    raise SendError("delivery", "no_destination")
                channel = self._dm(out.workspace, person)
            return self._post_all(out.workspace, channel, reply)
        url = out.meta.get("respond")
        if reply.private and (url or reply.channel):
            for part in blocks.messages(reply):
                self._ephemeral(out.workspace, user, reply.channel, part,
                                str(url) if url else None)
            if reply.attachments:  # a file cannot be ephemeral: it goes to their DM
                self._upload(out.workspace, self._dm(out.workspace, reply.user or user), reply)
            return None
        return self._post_all(out.workspace, self._dm(out.workspace, reply.user or user), reply)

    def _post_all(self, team: str, channel: str, reply: Reply) -> str | None:
        """Post a reply's messages, then its files; the first message's ts."""
        first: str | None = None
        for part in blocks.messages(reply):
            ts = self._post(team, channel, part, reply.thread)
            first = first or ts
        self._upload(team, channel, reply)
        return first

    def _upload(self, team: str, channel: str, reply: Reply) -> None:
        """The reply's files into `channel`, in one go through Slack's upload flow
        (files.getUploadURLExternal, the upload itself, files.completeUploadExternal).

        An app installed before it asked for files:write gets `missing_scope`:
        text files (the data export) then arrive as code blocks instead.
        """
        if not reply.attachments:
            return
        uploads = [{"content": a.data, "filename": a.filename, "title": a.filename,
                    **({"alt_txt": a.alt_text} if a.alt_text else {})}
                   for a in reply.attachments]
        extra = {"thread_ts": reply.thread} if reply.thread else {}
        try:
            self._api(self._clients(team)[1].files_upload_v2, channel=channel, file_uploads=uploads,
                      **extra)
        except SendError as err:
            if err.code != "missing_scope":
                raise
            for attachment in filter(blocks.is_text, reply.attachments):
                for part in blocks.file_messages(attachment):
                    self._post(team, channel, part, reply.thread)

    def _post(self, team: str, channel: str, message: Message,
              thread: str | None = None) -> str | None:
        """chat.postMessage with nothing Slack could expand: no link_names, parse or unfurls."""
        extra = {"thread_ts": thread} if thread else {}
        sent = self._api(self._clients(team)[1].chat_postMessage, channel=channel,
                         text=message.text, blocks=message.blocks, mrkdwn=False,
                         unfurl_links=False, unfurl_media=False, **extra)
        return sent.get("ts")

    def _ephemeral(self, team: str, user: str, channel: str | None, message: Message,
                   url: str | None) -> None:
        """Only `user` sees it: through the command's response_url, which works in channels
        the bot has not joined, or else chat.postEphemeral."""
        if url is None:
            self._api(self._clients(team)[1].chat_postEphemeral, channel=channel, user=user,
                      text=message.text, blocks=message.blocks)
            return
        status: int | None = None
        try:
            status = Respond(response_url=url)(
                text=message.text, blocks=message.blocks, response_type="ephemeral",
                replace_original=False).status_code
            code = str(status)
        except (SlackClientError, OSError) as err:
            code = type(err).__name__
        if status != 200:
            log.warning("Slack response_url failed: %s", code)
            raise SendError("response_url", code, status)

    # -- Slack look-ups ------------------------------------------------------------

    def _event(self, team: str, user: str, **fields: Any) -> Event:
        """An event with what is remembered about the person (no look-up: this is the ack)."""
        who = self._profile(team, user, fetch=False)
        return Event(PLATFORM, team, user, timezone=who.timezone, name=who.name,
                     admin=who.admin, locale=who.locale, **fields)

    def _profile(self, team: str, user: str, fetch: bool) -> Profile:
        """Time zone, name, admin flag and locale from users.info, remembered for PROFILE_TTL.

        The name is the one people see in Slack: the display name the person
        chose, else their full name (peers read it in group digests and notes).
        The locale (``en-GB``, sent only when asked for) picks the crisis lines
        the person is shown. A failed look-up is remembered too, so a missing
        `users:read` scope costs one call per person per PROFILE_TTL, not one
        per message.
        """
        with self._remembering:
            known = self._profiles.get((team, user))
        if known is not None or not fetch:
            return known or Profile()
        try:
            person: Mapping[str, Any] = self._api(self._clients(team)[0].users_info, user=user,
                                                     include_locale=True)["user"]
        except (SendError, KeyError, TypeError):
            person = {}
        profile: Mapping[str, Any] = person.get("profile") or {}
        known = Profile(
            timezone=person.get("tz") or None,
            name=(profile.get("display_name") or profile.get("real_name")
                  or person.get("real_name") or None),
            admin=any(person.get(flag) for flag in ("is_admin", "is_owner", "is_primary_owner")),
            locale=person.get("locale") or None,
        )
        with self._remembering:
            self._profiles[(team, user)] = known
        return known

    def _dm(self, team: str, user: str) -> str:
        """The person's DM channel with the bot (conversations.open, remembered)."""
        with self._remembering:
            channel = self._dms.get((team, user))
        if channel is None:
            channel = (self._api(self._clients(team)[0].conversations_open, users=user)
                       .get("channel") or {}).get("id")
            if not channel:
                raise SendError("conversations_open", "no_channel")
            with self._remembering:
                self._dms[(team, user)] = channel
        return channel

    def _clients(self, team: str) -> tuple[WebClient, WebClient]:
        """The clients that act in `team`: for look-ups (waits out 429s), and the sender's.

        One workspace has one pair. Installed in many, each workspace's pair
        holds its own token, read from its installation, so a reply can only
        ever go out as the bot of the workspace it belongs to.
        """
        if self._oauth is None:
            return self.client, self.poster
        token = self._oauth.installations.bot_token(team)
        if token is None:
            log.warning("no installation for workspace %s", team)
            raise SendError("authorize", "not_installed")
        with self._remembering:
            pair = self._by_token.get(token)
        if pair is None:
            looker = web_client(token, self.client.base_url)
            pair = (looker, _poster(looker))
            with self._remembering:
                self._by_token[token] = pair
        return pair

    @staticmethod
    def _api(method: Callable[..., SlackResponse], **params: Any) -> SlackResponse:
        """One Web API call; a failure is logged by method and error code, never content."""
        status: int | None = None
        retry_after: float | None = None
        try:
            return method(**params)
        except SlackApiError as err:
            status = err.response.status_code
            code = str(err.response.get("error") or f"http_{status}")
            headers = {k.lower(): v for k, v in (err.response.headers or {}).items()}
            wait = headers.get("retry-after")
            wait = wait[0] if isinstance(wait, list) and wait else wait
            with suppress(TypeError, ValueError):
                retry_after = float(wait) if wait is not None else None
        except (SlackClientError, OSError) as err:
            code = type(err).__name__
        log.warning("Slack %s failed: %s", method.__name__, code)
        raise SendError(method.__name__, code, status, retry_after)


def _poster(client: WebClient) -> WebClient:
    """A client like `client` for the sender, which retries on its own terms
    (see adapters.sender), so the client does not."""
    return WebClient(token=client.token, base_url=client.base_url, timeout=client.timeout,
                     retry_handlers=[])


def _team(context: BoltContext) -> str:
    return context.team_id or context.enterprise_id or ""


def _from_home(body: Mapping[str, Any]) -> bool:
    return (body.get("view") or {}).get("type") == "home"


def _id(kind: str, *parts: object) -> str | None:
    """An event id for dedupe, or None (no dedupe) when Slack left a part out."""
    if any(part is None or part == "" for part in parts):
        return None
    return ":".join([kind, *map(str, parts)])

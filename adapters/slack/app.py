"""The Bolt app: Slack payloads in as engine `Event`s, replies out through the Web API.

Every listener acknowledges first (Slack allows three seconds), except a modal
submission, whose ack has to carry any field errors and so waits for the
engine (about a millisecond). Bolt then runs the rest on its thread pool.

What keeps a person safe here, rather than in the engine:
- nothing from a conversation is posted into a channel: `private` replies go
  back as ephemeral messages only the caller sees, everything else to their
  DM (only scheduled posts the engine writes for a peer group's channel go
  to that channel);
- one person's messages, commands and clicks are handled one at a time, so
  the replies to two quick messages arrive in order, not interleaved (a
  modal submission is not held back: its ack cannot wait);
- retries are harmless because each event carries Slack's own id (or one
  unique per click) and the engine answers a seen id with nothing;
- a failed Web API call is logged by method and error code only, and the
  person gets the friendly `chrome/send_failed` message instead of silence;
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
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from concurrent.futures import Executor
from contextlib import contextmanager, suppress
from typing import Any, NamedTuple

from slack_bolt import App, BoltContext, BoltResponse, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.web import SlackResponse

from adapters.markup import plain
from adapters.slack import blocks, gate
from adapters.slack.blocks import Message
from bot import Delivery, Engine, Event, Form, Reply
from bot.engine import where

PLATFORM = "slack"
COMMAND = "rejected"
DEFAULT_API_URL = "https://slack.com/api/"
RATE_LIMIT_RETRIES = 3
PROFILE_TTL = 6 * 3600.0
CACHE_SIZE = 10_000
TURN_LOCKS = 64

PERMANENT = frozenset({"channel_not_found", "not_in_channel", "is_archived", "user_not_found",
                       "user_disabled", "account_inactive", "cannot_dm_bot",
                       "messages_tab_disabled"})
"""Error codes that will not go away by trying again later."""

log = logging.getLogger("rebound.slack")


class SendError(Exception):
    """A Web API call that Slack refused or that never arrived (already logged)."""

    def __init__(self, method: str, code: str) -> None:
        super().__init__(f"{method}: {code}")
        self.method, self.code = method, code

    @property
    def permanent(self) -> bool:
        return self.code in PERMANENT


class Profile(NamedTuple):
    """What users.info says about a person that the engine can use."""

    timezone: str | None = None
    name: str | None = None
    admin: bool = False
    locale: str | None = None


def web_client(token: str, base_url: str | None = None) -> WebClient:
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


class _Memo:
    """A small thread-safe map that forgets the least recently used, and optionally the old."""

    def __init__(self, size: int = CACHE_SIZE, ttl: float | None = None) -> None:
        self._items: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._size, self._ttl = size, ttl
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            if self._ttl is not None and time.monotonic() - item[0] > self._ttl:
                del self._items[key]
                return None
            self._items.move_to_end(key)
            return item[1]

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._items[key] = (time.monotonic(), value)
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


class SlackBot:
    """Rebound on Slack: `app` is the Bolt app; `send_delivery` is what reminders use."""

    def __init__(self, engine: Engine, client: WebClient, *, signing_secret: str = "",
                 token_verification: bool = True, executor: Executor | None = None) -> None:
        """`signing_secret` is needed for HTTP only (Socket Mode requests are not signed).

        `token_verification` calls auth.test now, so a wrong token fails at
        start-up rather than on someone's first message. `executor` is the
        pool Bolt runs listeners on after the ack (tests pass one they can
        wait on; None is Bolt's default).
        """
        self.engine = engine
        self.client = client
        self._profiles = _Memo(ttl=PROFILE_TTL)
        self._dms = _Memo()
        self._turn_locks = [threading.Lock() for _ in range(TURN_LOCKS)]
        self._close = plain(engine.say("chrome/slack/cancel"))
        _pinned("slack_sdk", logging.INFO)
        bolt_log = _pinned("rebound.slack.bolt", logging.WARNING)
        bolt_log.addFilter(_token_unused)
        self.app = App(client=client, signing_secret=signing_secret,
                       token_verification_enabled=token_verification,
                       listener_executor=executor, logger=bolt_log)
        app = self.app
        self._quiet = gate.Quiet()
        app.use(self.well_formed)
        app.event("message")(self.on_message)
        app.event("app_home_opened")(self.on_home_opened)
        app.command(f"/{COMMAND}")(self.on_command)
        app.action(re.compile("^" + re.escape(blocks.CHOICE_ACTION)))(self.on_choice)
        app.action(re.compile("^" + re.escape(blocks.FORM_ACTION)))(self.on_form_button)
        app.view_submission(blocks.FORM_CALLBACK)(self.on_submit)
        app.error(self.on_error)

    # -- listeners -------------------------------------------------------------

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
        """A direct message: one turn. Other bots, edits, joins and channels are ignored."""
        user = event.get("user")
        if (event.get("channel_type") != "im" or event.get("subtype") not in (None, "file_share")
                or event.get("bot_id") or not user or user == context.bot_user_id):
            return
        team = _team(context)
        self._dms.put((team, user), event.get("channel"))
        log.debug("message event %s", body.get("event_id"))
        with self._guard(team, user):
            self._turn(self._event(team, user, text=blocks.unescape(event.get("text") or ""),
                                   event_id=body.get("event_id")))

    def on_command(self, ack: Callable[..., None], command: dict[str, Any], respond: Respond,
                   context: BoltContext) -> None:
        """`/rejected [words]`: ack at once; a note in the channel, the conversation in the DM.

        The command's channel counts as the DM only if it *is* the bot's DM
        with this person; a DM with someone else is treated like a channel.
        """
        ack()
        team, user = _team(context), command.get("user_id", "")
        log.debug("command %s", command.get("trigger_id"))
        with self._guard(team, user, respond):
            dm = self._dm(team, user)
            channel = command.get("channel_id")
            self._turn(self._event(team, user, command=COMMAND,
                                   channel=None if channel == dm else channel,
                                   text=blocks.unescape(command.get("text") or ""),
                                   event_id=_id("command", command.get("trigger_id"))),
                       respond=respond)

    def on_choice(self, ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any],
                  respond: Respond | None, context: BoltContext) -> None:
        """A button: the choice id goes to the engine, which checks it against stored state.

        A click on a message in a channel (a peer group's post) carries that
        channel, so the engine can answer privately there; clicks in the DM
        or on the Home tab carry none.
        """
        ack()
        team, user = _team(context), body["user"]["id"]
        log.debug("click %s", action.get("action_id"))
        with self._guard(team, user):
            channel = (body.get("container") or {}).get("channel_id")
            if channel and channel == self._dm(team, user):
                channel = None
            self._turn(self._event(team, user, choice=action.get("value") or "", channel=channel,
                                   event_id=_id("click", user, action.get("action_ts"))),
                       respond=respond if channel else None)
            if _from_home(body):
                self.publish_home(team, user)

    def on_form_button(self, ack: Callable[..., None], body: dict[str, Any],
                       action: dict[str, Any], context: BoltContext) -> None:
        """Open the form's modal straight away: a trigger_id expires in three seconds.

        The form comes from the engine's stored state, so a button from before a
        restart still works and shows today's values. A form the person has moved
        past goes to the engine as a click on that step, which it answers as stale.
        """
        ack()
        team, user = _team(context), body["user"]["id"]
        form_id = str(action.get("value") or "")
        with self._guard(team, user):
            form: Form | None = self.engine.form(PLATFORM, team, user, form_id)
            if form is None:
                self._turn(self._event(team, user, choice=f"{form_id}:form",
                                       event_id=_id("click", user, action.get("action_ts"))))
            else:
                self._api(self.client.views_open, trigger_id=body.get("trigger_id"),
                          view=blocks.modal(form, self._close))

    def on_submit(self, ack: Callable[..., None], body: dict[str, Any], view: dict[str, Any],
                  context: BoltContext) -> None:
        """A submitted form: field errors go back into the modal, everything else to the DM.

        The ack must wait for the engine, so the time zone comes from memory
        only (no users.info here). The event id includes the values so a
        corrected resubmission of the same view is a new event.
        """
        team, user = _team(context), body["user"]["id"]
        values = blocks.submitted(view)
        digest = hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:16]
        log.debug("form %s submitted", view.get("private_metadata"))
        replies = self.engine.handle(self._event(
            team, user, fetch=False, values=values,
            event_id=_id("view", view.get("id"), view.get("hash"), digest)))
        errors = {field: plain(message) for reply in replies for field, message in reply.errors
                  if field in values}
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()
        with self._guard(team, user):
            self.deliver(team, user, replies)

    def on_home_opened(self, event: dict[str, Any], context: BoltContext) -> None:
        if event.get("tab") == "home" and event.get("user"):
            with self._guard(_team(context), event["user"]):
                self.publish_home(_team(context), event["user"])

    def on_error(self, error: Exception) -> None:
        """Bolt's last resort: where it failed, never the message (it may quote the payload)."""
        log.error("listener failed: %s", where(error))

    # -- engine to Slack ---------------------------------------------------------

    def publish_home(self, team: str, user: str) -> None:
        """The App Home tab: their plan with Done buttons, and a way to start or carry on.

        A failure is only logged: the tab keeps its last version, and a DM
        apologising for a screen the person may not be looking at would confuse.
        """
        replies = self.engine.home(PLATFORM, team, user)
        with suppress(SendError):
            self._api(self.client.views_publish, user_id=user, view=blocks.home_view(replies))

    def deliver(self, team: str, user: str, replies: Sequence[Reply], *,
                respond: Respond | None = None) -> None:
        """A turn's replies, in order: ephemeral where private, otherwise to a DM.

        Never into a channel: what a person says in a turn stays between
        them and the bot. At the first failure the rest is dropped and the
        person gets an apology instead.
        """
        try:
            for reply in replies:
                if reply.private and (respond is not None or reply.channel):
                    for part in blocks.messages(reply):
                        self._ephemeral(user, reply.channel, part, respond)
                else:
                    self._post_all(self._dm(team, reply.user or user), reply)
        except SendError:
            self._apologise(team, user, respond)

    def send_delivery(self, delivery: Delivery) -> str | None:
        """A scheduled delivery: to its group's channel if it names one, else to a DM.

        Returns the ts of the first message posted (the engine threads later
        posts under it). Raises SendError; the caller decides whether to
        retry.
        """
        first: str | None = None
        for reply in delivery.replies:
            channel = reply.channel or delivery.channel
            if channel is None:
                person = reply.user or delivery.user
                if person is None:
                    raise SendError("delivery", "no_destination")
                channel = self._dm(delivery.workspace, person)
            first = first or self._post_all(channel, reply)
        return first

    def _turn(self, event: Event, respond: Respond | None = None) -> None:
        """Engine turn and delivery under the person's lock: their replies stay in order."""
        lock = self._turn_locks[hash((event.workspace, event.user)) % TURN_LOCKS]
        with lock:
            self.deliver(event.workspace, event.user, self.engine.handle(event), respond=respond)

    def _post_all(self, channel: str, reply: Reply) -> str | None:
        """Post a reply's messages; the first one's ts."""
        first: str | None = None
        for part in blocks.messages(reply):
            ts = self._post(channel, part, reply.thread)
            first = first or ts
        return first

    def _post(self, channel: str, message: Message, thread: str | None = None) -> str | None:
        """chat.postMessage with nothing Slack could expand: no link_names, parse or unfurls."""
        extra = {"thread_ts": thread} if thread else {}
        sent = self._api(self.client.chat_postMessage, channel=channel, text=message.text,
                         blocks=message.blocks, mrkdwn=False, unfurl_links=False,
                         unfurl_media=False, **extra)
        return sent.get("ts")

    def _ephemeral(self, user: str, channel: str | None, message: Message,
                   respond: Respond | None) -> None:
        """Only `user` sees it: through the command's response_url, which works in channels
        the bot has not joined, or else chat.postEphemeral."""
        if respond is None:
            self._api(self.client.chat_postEphemeral, channel=channel, user=user,
                      text=message.text, blocks=message.blocks)
            return
        try:
            status = respond(text=message.text, blocks=message.blocks,
                             response_type="ephemeral", replace_original=False).status_code
        except (SlackClientError, OSError) as err:
            status = type(err).__name__
        if status != 200:
            log.warning("Slack response_url failed: %s", status)
            raise SendError("response_url", str(status))

    def _apologise(self, team: str, user: str, respond: Respond | None = None) -> None:
        """The friendly `chrome/send_failed` message, by whichever way is still open."""
        note = blocks.messages(Reply(text=self.engine.say("chrome/send_failed")))[0]
        try:
            if respond is not None:
                self._ephemeral(user, None, note, respond)
            else:
                self._post(self._dm(team, user), note)
        except SendError:
            log.warning("could not tell the person about a failed send")

    @contextmanager
    def _guard(self, team: str, user: str, respond: Respond | None = None) -> Iterator[None]:
        """A failure here costs the person an apology, never a stack trace or silence."""
        try:
            yield
        except SendError:
            self._apologise(team, user, respond)
        except Exception as err:
            log.error("slack turn failed: %s", where(err))
            self._apologise(team, user, respond)

    # -- Slack look-ups ------------------------------------------------------------

    def _event(self, team: str, user: str, *, fetch: bool = True, **fields: Any) -> Event:
        who = self._profile(team, user, fetch)
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
        known: Profile | None = self._profiles.get((team, user))
        if known is not None or not fetch:
            return known or Profile()
        try:
            person: Mapping[str, Any] = self._api(self.client.users_info, user=user,
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
        self._profiles.put((team, user), known)
        return known

    def _dm(self, team: str, user: str) -> str:
        """The person's DM channel with the bot (conversations.open, remembered)."""
        channel: str | None = self._dms.get((team, user))
        if channel is None:
            channel = (self._api(self.client.conversations_open, users=user)
                       .get("channel") or {}).get("id")
            if not channel:
                raise SendError("conversations_open", "no_channel")
            self._dms.put((team, user), channel)
        return channel

    @staticmethod
    def _api(method: Callable[..., SlackResponse], **params: Any) -> SlackResponse:
        """One Web API call; a failure is logged by method and error code, never content."""
        try:
            return method(**params)
        except SlackApiError as err:
            code = str(err.response.get("error") or f"http_{err.response.status_code}")
        except (SlackClientError, OSError) as err:
            code = type(err).__name__
        log.warning("Slack %s failed: %s", method.__name__, code)
        raise SendError(method.__name__, code)


def _team(context: BoltContext) -> str:
    return context.team_id or context.enterprise_id or ""


def _from_home(body: Mapping[str, Any]) -> bool:
    return (body.get("view") or {}).get("type") == "home"


def _id(kind: str, *parts: object) -> str | None:
    """An event id for dedupe, or None (no dedupe) when Slack left a part out."""
    if any(part is None or part == "" for part in parts):
        return None
    return ":".join([kind, *map(str, parts)])

"""The gate in front of Bolt: size first, then the signature, then the payload's shape.

Bolt parses a body (and digs ids out of it) before it checks the signature,
so junk used to reach code that crashes on it: a 500 and a traceback per
request. Here a body bigger than MAX_BODY is refused from its Content-Length
without being read, the signature is checked on the raw bytes, and only a
signed body is parsed, with the same parser Bolt uses, and its fields
type-checked wherever Rebound or Bolt reads them. What gets through cannot
crash on its types; everything else is answered 413, 401 or 400.

Refusals are logged at most once a minute per source (the peer address, or
"signed" for Slack's own malformed payloads) with a count of the rest: a
flood of junk costs a line a minute, and no log line ever holds the body.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from cachetools import LRUCache
from slack_bolt.request.internals import parse_body

MAX_BODY = 1 << 20
"""Slack's payloads are a few kilobytes; refuse anything near a megabyte."""
MAX_AGE = 300
"""Slack's own limit on a request timestamp's age, in seconds (a replay guard)."""
LOG_EVERY = 60.0
SOURCES = 4096

log = logging.getLogger("rebound.slack.gate")

Json = dict[str, Any]


class Refusal(NamedTuple):
    """An answer to a request that goes no further; `reason` is fixed wording for the log."""

    status: int
    reason: str


def too_big(content_length: str | None) -> Refusal | None:
    """413 from the declared length alone, before a byte of the body is read."""
    if not content_length:
        return None
    if not content_length.isascii() or not content_length.isdecimal():
        return Refusal(400, "bad content-length")
    return Refusal(413, "body over 1 MB") if int(content_length) > MAX_BODY else None


def unsigned(raw: bytes, timestamp: str | None, signature: str | None, secret: str,
             now: float) -> Refusal | None:
    """401 unless `signature` is Slack's HMAC of this exact body at a fresh `timestamp`."""
    if not timestamp or not signature:
        return Refusal(401, "unsigned")
    if not timestamp.isascii() or not timestamp.isdecimal() or len(timestamp) > 12:
        return Refusal(401, "bad timestamp")
    if abs(now - int(timestamp)) > MAX_AGE:
        return Refusal(401, "stale timestamp")
    expected = "v0=" + hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + raw,
                                hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
        return Refusal(401, "bad signature")
    return None


def parsed(raw: bytes, content_type: str | None) -> Json | Refusal:
    """The signed body as Bolt will see it, or 400 if Bolt's parser would choke on it."""
    try:
        body = parse_body(raw.decode("utf-8"), content_type)
    except (ValueError, RecursionError):  # bad UTF-8 or JSON (both ValueErrors), too deep
        return Refusal(400, "unparseable body")
    if not isinstance(body, dict):
        return Refusal(400, "body is not an object")
    problem = malformed(body)
    return Refusal(400, problem) if problem else body


# -- shapes -----------------------------------------------------------------------


def _text(value: object, *, required: bool = False) -> bool:
    """A string (non-empty if `required`), or absent when it may be."""
    if required:
        return isinstance(value, str) and bool(value)
    return value is None or isinstance(value, str)


def _object(value: object) -> bool:
    return value is None or isinstance(value, dict)


def _id_holder(value: object) -> bool:
    """`user`, `team`, `channel`: an id string, or an object whose `id` is one."""
    return value is None or isinstance(value, str) or (
        isinstance(value, dict) and _text(value.get("id")))


def _envelope(node: Mapping[str, Any]) -> str | None:
    """What Bolt reads from any payload (and its event) to build its context."""
    for key in ("user", "team", "channel", "enterprise"):
        if not _id_holder(node.get(key)):
            return f"bad {key}"
    for key in ("user_id", "team_id", "channel_id", "enterprise_id", "event_id", "trigger_id",
                "type", "thread_ts", "ts", "bot_id", "subtype"):
        if not _text(node.get(key)):
            return f"bad {key}"
    for key in ("event", "view", "container", "message", "previous_message", "item",
                "assistant_thread"):
        if not _object(node.get(key)):
            return f"bad {key}"
    authorizations = node.get("authorizations")
    if authorizations is not None and not (
            isinstance(authorizations, list) and all(isinstance(a, dict) and not _envelope(a)
                                                     for a in authorizations)):
        return "bad authorizations"
    return None


def _event(event: Mapping[str, Any]) -> str | None:
    if not _text(event.get("type"), required=True):
        return "event without a type"
    for key in ("user", "channel", "text", "channel_type", "tab"):  # plain strings here
        if not _text(event.get(key)):
            return f"bad event {key}"
    return _envelope(event)


def _actions(body: Mapping[str, Any]) -> str | None:
    actions = body.get("actions")
    if not isinstance(actions, list) or not actions:
        return "click without actions"
    for action in actions:
        if not isinstance(action, dict) or not _text(action.get("action_id"), required=True):
            return "click without an action id"
        if not (_text(action.get("value")) and _text(action.get("action_ts"))):
            return "bad click value"
    container = body.get("container") or {}
    return None if _text(container.get("channel_id")) else "bad click channel"


def _view(view: object) -> str | None:
    if not isinstance(view, dict):
        return "submission without a view"
    for key in ("id", "hash", "private_metadata", "callback_id", "app_installed_team_id"):
        if not _text(view.get(key)):
            return f"bad view {key}"
    state = view.get("state") or {}
    values = state.get("values") if isinstance(state, dict) else None
    return None if _view_values(values) else "bad view values"


def _view_values(values: object) -> bool:
    """`state.values`: block id -> action id -> one field's type, value and picked option."""
    if values is None:
        return True
    return isinstance(values, dict) and all(
        isinstance(actions, dict) and all(_view_field(field) for field in actions.values())
        for actions in values.values())


def _view_field(field: object) -> bool:
    return (isinstance(field, dict) and _text(field.get("type")) and _text(field.get("value"))
            and _object(field.get("selected_option"))
            and _text((field.get("selected_option") or {}).get("value")))


def malformed(body: Mapping[str, Any]) -> str | None:
    """The first thing wrong with a payload's shape (fixed wording, nothing quoted), or None.

    Checks every field Bolt reads to route a request and every field the
    listeners read: an id that must be there is a non-empty string, an
    optional one is a string or absent, an object is an object.
    """
    problem = _envelope(body)
    if problem:
        return problem
    kind = body.get("type")
    if "command" in body:
        if not (_text(body.get("user_id"), required=True) and _text(body.get("text"))):
            return "command without a user"
        return None
    if kind == "event_callback":
        event = body.get("event")
        return _event(event) if isinstance(event, dict) else "callback without an event"
    if kind in ("block_actions", "view_submission"):
        user = body.get("user")
        if not (isinstance(user, dict) and _text(user.get("id"), required=True)):
            return "interaction without a user"
        return _actions(body) if kind == "block_actions" else _view(body.get("view"))
    return None


class Quiet:
    """Refusals logged at most once per LOG_EVERY per source, with how many were skipped."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last: LRUCache[str, tuple[float, int]] = LRUCache(SOURCES)
        self._lock = threading.Lock()

    def note(self, source: str, refusal: Refusal) -> None:
        now = self._clock()
        with self._lock:
            at, skipped = self._last.get(source, (None, 0))
            if at is not None and now - at < LOG_EVERY:
                self._last[source] = (at, skipped + 1)
                return
            self._last[source] = (now, 0)
        log.warning("refused a Slack request from %s: %s %s (%d more since the last line)",
                    source, refusal.status, refusal.reason, skipped)

"""The values that cross the engine boundary.

Adapters build `Event`s and render `Reply`s; nothing else passes between them
and the engine. Everything here is frozen so a reply cannot be altered after
the turn that produced it was committed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Choice:
    """A button. `id` is stable (e.g. ``recovery.vent:reflect``) and carries no state."""

    id: str
    label: str


@dataclass(frozen=True)
class Field:
    """One input of a form.

    `kind` is ``text`` (one line), ``long`` (a paragraph) or ``select`` (one of
    `options`). `value` pre-fills the input with what is already known.
    """

    id: str
    label: str
    kind: str = "text"
    options: tuple[Choice, ...] = ()
    required: bool = False
    max_length: int = 200
    hint: str = ""
    value: str = ""


@dataclass(frozen=True)
class Form:
    """Fields that can be filled in one go (a Slack or Discord modal).

    Adapters without modals may ignore a form: the engine also asks the same
    fields one at a time in plain text.
    """

    id: str
    title: str
    submit: str
    open_label: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Link:
    """A button that opens `url` (a web page, a ``mailto:`` draft) instead of answering a step.

    Adapters show it in their own idiom and drop what their platform cannot
    open (Discord link buttons take only http, https and discord addresses).
    """

    label: str
    url: str


@dataclass(frozen=True)
class Attachment:
    """A file that goes with a reply: their data export, a calendar, a picture.

    `data` is the file's bytes, so pictures and text travel alike; `alt_text`
    describes a picture for screen readers where the platform takes one.
    """

    filename: str
    media_type: str
    data: bytes
    alt_text: str = ""


@dataclass(frozen=True)
class Reply:
    """One message from the bot.

    `text` is neutral markdown: bold, italics, lists, links and code blocks,
    with anything a person typed backslash-escaped so adapters can never
    mistake it for markup. `channel` None means the direct conversation with
    `user` (None: the person who spoke). `private` asks for an ephemeral
    message that only that person sees in `channel`. `errors` maps form field
    ids to what is wrong with them, for inline errors in a modal. `thread` is
    the platform's own id of a message (as reported to `Engine.mark_sent`) to
    post this under, e.g. a check-in digest under that week's prompt. `menu`
    holds more choices than fit as buttons (every open plan step), shown as a
    select or overflow menu labelled `menu_label` where the platform has one.
    `links` open an address rather than answer a step; `attachments` are files
    sent with the reply, after its words.
    """

    text: str
    choices: tuple[Choice, ...] = ()
    form: Form | None = None
    private: bool = False
    channel: str | None = None
    user: str | None = None
    errors: tuple[tuple[str, str], ...] = ()
    attachments: tuple[Attachment, ...] = ()
    links: tuple[Link, ...] = ()
    thread: str | None = None
    menu: tuple[Choice, ...] = ()
    menu_label: str = ""


@dataclass(frozen=True)
class Event:
    """Something a person did: typed `text`, clicked `choice`, submitted `values`.

    `channel` is None in a direct conversation. `command` is set when the
    event came from a slash command (e.g. ``rejected``), with its arguments in
    `text`. `event_id` is the platform's id for dedupe; repeats are ignored.
    `timezone` is an IANA name when the platform knows it. `admin` is True
    when the platform says the person administers the workspace or server.
    `locale` is the person's BCP 47 language tag (``en-GB``) when the platform
    says; its region picks the crisis lines they are shown. `server` is the
    Discord server (guild id) an event came from: Discord's `workspace` spans
    servers, and each server has its own admins and settings. `channel_admin`
    is True when the person may manage the channel the event came from
    (Discord Manage Channels there), which is enough to set up a group in it.
    """

    platform: str
    workspace: str
    user: str
    channel: str | None = None
    text: str | None = None
    choice: str | None = None
    values: Mapping[str, str] | None = None
    event_id: str | None = None
    command: str | None = None
    name: str | None = None
    timezone: str | None = None
    admin: bool = False
    locale: str | None = None
    server: str | None = None
    channel_admin: bool = False


@dataclass(frozen=True)
class Delivery:
    """A scheduled message that is due, leased to the caller until `mark_sent`.

    It goes to `channel` when set (a group's channel), otherwise to `user`'s
    direct messages. Replies inside may name their own `channel` or `thread`.
    """

    id: int
    platform: str
    workspace: str
    user: str | None
    replies: tuple[Reply, ...] = field(default_factory=tuple)
    channel: str | None = None
    key: str | None = None


@dataclass(frozen=True)
class Inbound:
    """An inbox row taken by a worker: what a person did, stored before it was acknowledged.

    `meta` is the adapter's own routing note (e.g. a Slack response_url); the
    engine keeps it with the replies and never reads it.
    """

    id: int
    event: Event
    meta: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Outbound:
    """One reply waiting in the outbox, leased to a sender until it is marked done.

    `scheduled` is True for a reminder, check-in or digest, which may post to
    `channel` (a group's); a turn's reply goes to the person, privately or in
    their DM. `attempts` counts earlier transient failures.
    """

    id: int
    platform: str
    workspace: str
    user: str | None
    reply: Reply
    channel: str | None = None
    meta: Mapping[str, object] = field(default_factory=dict)
    scheduled: bool = False
    attempts: int = 0
    created_at: str = ""
    lane: str = ""

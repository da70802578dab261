"""The shape every dialogue step shares.

A step is named by a string (``recovery.vent``, see `bot.flows.names`) so the
conversation's place serialises as one column. It has two halves: `ask` says
what the step needs (and can be re-run any time: after `back`, a pause, a
stale click), and `answer` takes what the person did, replies, and says where
to go next through `bot.flows.nav` (or nowhere: it stays). Buttons carry
``<step>:<option>`` ids (`bot.choices`), so a click always says which question
it answered.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot import choices, retention
from bot.model import Attachment, Choice, Event, Form, Link, Reply
from bot.render import Messages
from bot.rows import Scheduled
from bot.server_settings import ServerSettings
from bot.state import State

if TYPE_CHECKING:
    from bot.store import Conversation, Store


@dataclass
class Turn:
    """Everything a step may use while handling one event."""

    conv: Conversation
    event: Event
    text: str
    now: datetime
    store: Store
    msgs: Messages
    region: str | None
    default_zone: str = "UTC"
    zone_configured: bool = False
    retain_days: int = retention.DEFAULT_DAYS
    privacy_url: str | None = None
    place: str = ""
    """The workspace or server whose settings apply (see `bot.server_settings`)."""
    settings: ServerSettings = field(default_factory=ServerSettings)
    operator_days: int = retention.DEFAULT_DAYS
    """REBOUND_RETAIN_DAYS: the most a place's admins may keep words for."""
    operator_region: str | None = None
    """REBOUND_REGION, which a place's own default region stands in for."""
    whole: str = ""
    """The message as typed, past the MAX_TEXT cut (up to MAX_PASTE): for the crisis screen
    and for reading a pasted email, whose rejection sits at the end of a thread. Never kept."""
    choice: str | None = None
    replies: list[Reply] = field(default_factory=list)
    offered: list[Choice] = field(default_factory=list)
    forgotten: bool = False
    shown: bool = False
    """The choice acted on was typed as the label of a button this person was shown."""
    data: State = field(default_factory=State)
    """The conversation's memory (`conv.data` read into a `State`; saved with the turn)."""

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.conv.timezone or self.default_zone)

    @property
    def zone_settled(self) -> bool:
        """Whether dates can be shown in their own time: the platform or they said, or
        the operator configured a default (REBOUND_TZ). Otherwise "today" may be wrong."""
        return bool(self.conv.timezone) or self.zone_configured

    @property
    def local_now(self) -> datetime:
        return self.now.astimezone(self.zone)

    @property
    def today(self) -> date:
        return self.local_now.date()

    def say(
        self,
        template: str,
        /,
        *,
        choices: Sequence[Choice] = (),
        form: Form | None = None,
        private: bool = False,
        channel: str | None = None,
        errors: Sequence[tuple[str, str]] = (),
        attachments: Sequence[Attachment] = (),
        links: Sequence[Link] = (),
        menu: Sequence[Choice] = (),
        menu_label: str = "",
        **values: Any,
    ) -> None:
        """Queue a reply from `messages/<template>.md.j2`; its choices become what's on offer."""
        self.replies.append(Reply(
            text=self.msgs.say(template, **values), choices=tuple(choices), form=form,
            private=private, channel=channel, errors=tuple(errors),
            attachments=tuple(attachments), links=tuple(links),
            menu=tuple(menu), menu_label=menu_label,
        ))
        self.offered.extend([*choices, *menu])

    def label(self, key: str, /, **values: Any) -> str:
        return self.msgs.label(key, **values)

    def render(self, template: str, choices: Sequence[Choice] = (), **values: Any) -> dict:
        """A reply frozen as JSON for the scheduled table (sent later by `due`)."""
        return {"text": self.msgs.say(template, **values),
                "choices": [[c.id, c.label] for c in choices]}

    def queue_dm(self, user: str, key: str | None, replies: list[dict], *,
                 at: datetime | None = None, kind: str = "message") -> None:
        """Send `replies` to someone else's DMs, exactly once, through `Engine.due`."""
        self.store.schedule(kind, at or self.now, platform=self.conv.platform,
                            workspace=self.conv.workspace, key=key, user=user,
                            payload={"replies": replies})

    def queue_post(self, channel: str, group_id: int, replies: list[dict], *,
                   kind: str = "post", thread_kind: str | None = None) -> None:
        """Post `replies` in a group's channel through `Engine.due`; optionally in a thread."""
        self.store.schedule(kind, self.now, platform=self.conv.platform,
                            workspace=self.conv.workspace, channel=channel, group_id=group_id,
                            payload={"replies": replies, "thread_kind": thread_kind})

    def option(self, step: str, option: str, label_key: str | None = None, **values: Any) -> Choice:
        """A button answering `step`, labelled from `labels.toml` (key `<step>.<option>`)."""
        return Choice(choices.answer(step, option),
                      self.label(label_key or f"{step}.{option}", **values))


class Step:
    """Base for dialogue steps; subclasses set `name` and override what they need.

    `takes_form` marks steps that accept a submitted form (`Event.values`);
    `own_numbers` marks steps whose typed numbers refer to their own numbered
    list, so the engine doesn't read "1" as the first button.
    """

    name = ""
    takes_form = False
    own_numbers = False

    def ask(self, t: Turn) -> None:
        raise NotImplementedError

    def answer(self, t: Turn) -> None:
        """Default: an unrecognised answer gets the question again, kindly."""
        t.say("global/not_understood")
        self.ask(t)

    def aliases(self) -> tuple[str, ...]:
        """Other names this step answers to (a form asking some questions under another)."""
        return ()

    def called(self, t: Turn) -> None:
        """A detour begins here (`nav.call`): forget what an earlier run of it left."""

    def resumed(self, t: Turn) -> None:
        """A detour called from here (or on its way here) has finished: ask again."""
        self.ask(t)

    def form(self, t: Turn) -> Form | None:
        """The form this step accepts right now (with what is already known), if any."""
        return None

    def opt(self, t: Turn, option: str, label_key: str | None = None, **values: Any) -> Choice:
        return t.option(self.name, option, label_key, **values)


STEPS: dict[str, Step] = {}


def step(cls: type[Step]) -> type[Step]:
    """Register a step class under its `name`, and any `aliases` (one instance; steps keep
    no state)."""
    made = cls()
    for name in (cls.name, *made.aliases()):
        if name in STEPS:
            raise ValueError(f"step {name} registered twice")
        STEPS[name] = made
    return cls


ScheduledHandler = Callable[[Turn, Scheduled], bool]
SCHEDULED: dict[str, ScheduledHandler] = {}


def scheduled(kind: str) -> Callable[[ScheduledHandler], ScheduledHandler]:
    """Register how a due row of `kind` becomes replies (False: nothing to send)."""
    def register(handler: ScheduledHandler) -> ScheduledHandler:
        SCHEDULED[kind] = handler
        return handler
    return register


def frozen_replies(t: Turn, row: Scheduled) -> bool:
    """Replies rendered when queued (notes, posts): sent as they were written."""
    thread = None
    if row.payload.get("thread_kind") and row.group_id is not None:
        thread = t.store.last_posted(row.payload["thread_kind"], row.group_id)
    for frozen in row.payload.get("replies", []):
        t.replies.append(Reply(
            text=frozen["text"], choices=tuple(Choice(i, label) for i, label in frozen["choices"]),
            channel=row.channel, thread=thread,
        ))
    return bool(t.replies)


SCHEDULED["message"] = frozen_replies
SCHEDULED["post"] = frozen_replies

"""`rebound chat`, `tick`, `stats`, `purge` (and `migrate`): the bot in a terminal, groups included.

Choices are numbered as shown and a typed number sends that button's id,
whether it came from a reply, a reminder or a group post. A form is offered
as one extra numbered entry and then asked field by field here, arriving at
the engine as one submission, as a modal would. With `--group NAME` the
terminal also stands in for a group channel: `/rejected …` runs there, and
the group's posts are shown with its name.
"""

from __future__ import annotations

import argparse
import getpass
import json
import re
import select
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console

from adapters.cli import db_exists, db_path
from adapters.console import migrate
from adapters.console.render import Screen
from adapters.markup import plain
from adapters.sender import Sender
from bot import Choice, Engine, Event, Form, Reply
from bot.model import Outbound
from bot.render import messages

PLATFORM = "console"
WORKSPACE = "local"
QUIT = {"quit", "exit", ":q"}
COMMAND = "/rejected"

Read = Callable[[str], str | None]


class Terminal:
    def __init__(self, engine: Engine, user: str, screen: Screen, read: Read,
                 group: str | None) -> None:
        self.engine = engine
        self.user = user
        self.screen = screen
        self.read = read
        self.group = group
        self.choices: list[tuple[Choice, str | None]] = []
        self.forms: list[Form] = []
        self.keys: str = ""

    def send(self, **fields: object) -> None:
        # Whoever runs the terminal runs the place: it is theirs to set up groups in.
        self.show(self.engine.handle(Event(PLATFORM, WORKSPACE, self.user, name=self.user,
                                           admin=True, **fields)))  # type: ignore[arg-type]

    def show(self, replies: list[Reply] | tuple[Reply, ...], channel: str | None = None) -> None:
        if not replies:
            return
        self.choices, self.forms = [], []
        for reply in replies:
            where = reply.channel or channel
            if where:
                private = plain(self.engine.say("chrome/console/private"))
                self.screen.line(f"#{where} {private}" if reply.private else f"#{where}",
                                 "bold magenta")
            self.screen.reply(reply)
            # A terminal has room for every choice: a menu's options are more keyed lines.
            self.choices += [(choice, where) for choice in (*reply.choices, *reply.menu)]
            if reply.form:
                self.forms.append(reply.form)
        labels = [c.label for c, _ in self.choices] + [f.open_label for f in self.forms]
        self.keys = button_keys(replies, labels)
        self.screen.options(labels, self.keys)

    def deliver_due(self) -> None:
        """What the outbox holds for this person and group, shown as the platforms would post it.

        Replies queued together for one place are shown together, so their
        buttons are numbered as one list.
        """
        for channel, rows in _by_place(delivered(self.engine, user=self.user,
                                                 channel=self.group)):
            self.show(tuple(row.reply for row in rows), channel)

    def fill(self, form: Form) -> bool:
        """Ask each field of `form`; False if input ended midway."""
        values: dict[str, str] = {}
        self.screen.line(form.title, "bold")
        for field in form.fields:
            options = " / ".join(f"{n}={o.label}" for n, o in enumerate(field.options, 1))
            hint = f" [{options}]" if options else (f" ({field.hint})" if field.hint else "")
            self.screen.line(f"{field.label}{hint}:")
            answer = self.read("> ")
            if answer is None:
                return False
            answer = answer.strip()
            if field.options and answer.isdecimal() and 0 < int(answer) <= len(field.options):
                answer = field.options[int(answer) - 1].id
            elif field.options:
                by_label = {o.label.lower(): o.id for o in field.options}
                answer = by_label.get(answer.lower(), answer)
            values[field.id] = answer
        self.send(values=values)
        return True

    def line(self, text: str) -> bool:
        """Handle one typed line; False when input has ended midway through a form."""
        if text.startswith(COMMAND):
            self.send(command=COMMAND[1:], text=text[len(COMMAND):].strip(), channel=self.group)
            return True
        key = text.lower()
        if key and key in self.keys[: len(self.choices) + len(self.forms)]:
            number = self.keys.index(key) + 1
            if number > len(self.choices):
                return self.fill(self.forms[number - len(self.choices) - 1])
            choice, where = self.choices[number - 1]
            self.send(choice=choice.id, channel=where)
            return True
        self.send(text=text)
        return True

    def loop(self) -> int:
        # What `rebound tick` printed while this person was away comes first, buttons and all.
        earlier = self.engine.waiting(PLATFORM, WORKSPACE, self.user)
        self.show([*earlier, *self.engine.handle(Event(PLATFORM, WORKSPACE, self.user,
                                                       name=self.user, command=COMMAND[1:],
                                                       text=""))])
        while True:
            self.deliver_due()
            line = self.read("you> ")
            if line is None or line.strip().lower() in QUIT or not self.line(line.strip()):
                return 0


def button_keys(replies: list[Reply] | tuple[Reply, ...], labels: list[str]) -> str:
    """The keys buttons are typed with: numbers, or letters when numbers would be ambiguous.

    When a message numbers its own list (plan steps) or a button's label is itself a
    number (how heavy it feels, 1 to 5), a typed "1" must mean that number, so the
    buttons take letters instead; so do more than nine buttons, each then has a key.
    """
    numbered = any(_NUMBERED.search(plain(r.text)) for r in replies)
    numeric = any(label[:1].isdigit() for label in labels)
    return LETTERS if numbered or numeric or len(labels) > 9 else "123456789"


def _ref(row: Outbound) -> str | None:
    """A stand-in for a platform's message id, so group digests can 'thread' in the terminal."""
    return f"console-{row.id}" if row.channel else None


def delivered(engine: Engine, *, user: str | None = None,
              channel: str | None = None) -> list[Outbound]:
    """What is due and queued for terminal users (or only `user` and `channel`), in order.

    The shared `Sender` delivers it, lane by lane as on the other platforms;
    its transport here only collects the rows, for the caller to print. A
    terminal cannot fail to show a line, so nothing is ever retried.
    """
    rows: list[Outbound] = []

    def collect(row: Outbound) -> str | None:
        rows.append(row)
        return _ref(row)

    Sender(engine, collect, platform=PLATFORM, threads=1).drain(user=user, channel=channel)
    return rows


def _by_place(rows: list[Outbound]) -> list[tuple[str | None, list[Outbound]]]:
    places: dict[str | None, list[Outbound]] = {}
    for row in rows:
        places.setdefault(row.channel, []).append(row)
    return list(places.items())


PASTE_WAIT = 0.05
"""Seconds to wait for another line: lines a paste delivers arrive together, typing never does."""


def _waiting() -> bool:
    """Whether more typed or pasted input is already waiting on the terminal."""
    return bool(select.select([sys.stdin], [], [], PASTE_WAIT)[0])


def gathered(first: str, waiting: Callable[[], bool], more: Callable[[], str]) -> str:
    """One message from a line and any lines pasted with it (an email pasted whole is one
    message, as on Slack and Discord, not a turn per line)."""
    lines = [first]
    while waiting():
        line = more()
        if not line:
            break
        lines.append(line.rstrip("\n"))
    return "\n".join(lines)


def _reader(interactive: bool) -> Read:
    def read(prompt: str) -> str | None:
        try:
            if interactive:
                return gathered(input(prompt), _waiting, sys.stdin.readline)
            line = sys.stdin.readline()
            return line.rstrip("\n") if line else None
        except (EOFError, KeyboardInterrupt):
            return None
    return read


def _console(interactive: bool) -> Console:
    return Console(highlight=False, emoji=False, markup=False, force_terminal=interactive,
                   no_color=not interactive, soft_wrap=not interactive)


LETTERS = "abcdefghijklmnopqrstuvwxyz"
_NUMBERED = re.compile(r"(?m)^\s*1[.)] ")


def tick(args: argparse.Namespace, screen: Screen, engine: Engine) -> int:
    """Deliver everything due at `--now` for terminal users, as the platforms' senders would."""
    shown: str | None = None
    for row in delivered(engine):
        where = f"#{row.channel}" if row.channel else f"@{row.user}"
        if where != shown:
            screen.line(where, "bold magenta")
            shown = where
        screen.reply(row.reply)
        labels = [c.label for c in (*row.reply.choices, *row.reply.menu)]
        screen.options(labels, button_keys([row.reply], labels))
    return 0


def _moment(text: str | None) -> datetime | None:
    """`--now` as an aware moment (UTC unless it says otherwise): the clock for this run."""
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def stats(args: argparse.Namespace) -> int:
    """Anonymous counts for the operator, as text or `--json`; never opens a new database."""
    path = db_path(args)
    if not db_exists(path):
        print(plain(messages().say("chrome/console/no_database", path=path)), file=sys.stderr)
        return 1
    engine = Engine(path)
    try:
        report = engine.stats(args.until)
        if args.json:
            print(json.dumps(report, indent=2))
        else:
            print(plain(engine.say("chrome/console/stats", **report)))
        return 0
    finally:
        engine.close()


def purge(args: argparse.Namespace) -> int:
    """Delete the words of conversations idle past retention, now or as at `--now`.

    The running bot does this on its own every hour; by hand it suits a
    cron job, or checking what a retention change does. Never opens a new database.
    """
    path = db_path(args)
    if not db_exists(path):
        print(plain(messages().say("chrome/console/no_database", path=path)), file=sys.stderr)
        return 1
    now = datetime.fromisoformat(args.now) if args.now else None
    if now and now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    engine = Engine(path)
    try:
        count = engine.purge(now)
        print(plain(engine.say("chrome/console/purged", count=count, days=engine.retain_days)))
        return 0
    finally:
        engine.close()


def run(args: argparse.Namespace) -> int:
    if args.adapter == "migrate":
        return migrate.run(args)
    if args.adapter == "stats":
        return stats(args)
    if args.adapter == "purge":
        return purge(args)
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    files = getattr(args, "files_dir", None)
    screen = Screen(_console(interactive), interactive, Path(files) if files else None)
    now = _moment(args.now)
    engine = Engine(db_path(args), clock=lambda: now) if now else Engine(db_path(args))
    try:
        if args.adapter == "tick":
            return tick(args, screen, engine)
        user = args.user or getpass.getuser() or "you"
        return Terminal(engine, user, screen, _reader(interactive), args.group).loop()
    finally:
        engine.close()

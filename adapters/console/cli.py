"""`rebound chat`: read a line, hand it to the engine, print the replies.

Choices are numbered in the order the engine offered them, which is also the
order the engine resolves typed numbers against, so "2" means the same thing
to both. A form is offered as one extra numbered entry and then asked field
by field here, arriving at the engine as one submission, as a modal would.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable

from rich.console import Console

from adapters.cli import db_path
from adapters.console.render import Screen
from bot import Engine, Event, Form, Reply

PLATFORM = "console"
WORKSPACE = "local"
QUIT = {"quit", "exit", ":q"}

Read = Callable[[str], str | None]


class Terminal:
    def __init__(self, engine: Engine, user: str, screen: Screen, read: Read) -> None:
        self.engine = engine
        self.user = user
        self.screen = screen
        self.read = read
        self.forms: list[Form] = []
        self.offered = 0

    def send(self, **fields: object) -> None:
        self.show(self.engine.handle(Event(PLATFORM, WORKSPACE, self.user, name=self.user,
                                           **fields)))  # type: ignore[arg-type]

    def show(self, replies: list[Reply]) -> None:
        if not replies:
            return
        labels: list[str] = []
        self.forms = []
        for reply in replies:
            self.screen.reply(reply)
            labels.extend(choice.label for choice in reply.choices)
            if reply.form:
                self.forms.append(reply.form)
        self.offered = len(labels)
        self.screen.options(labels + [form.open_label for form in self.forms])

    def deliver_due(self) -> None:
        for delivery in self.engine.due():
            if delivery.platform == PLATFORM and delivery.user == self.user:
                self.show(list(delivery.replies))
                self.engine.mark_sent(delivery.id)

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

    def loop(self) -> int:
        self.send(command="rejected", text="")
        while True:
            self.deliver_due()
            line = self.read("you> ")
            if line is None or line.strip().lower() in QUIT:
                return 0
            text = line.strip()
            if text.isdecimal() and self.offered < int(text) <= self.offered + len(self.forms):
                if not self.fill(self.forms[int(text) - self.offered - 1]):
                    return 0
                continue
            self.send(text=text)


def _reader(interactive: bool) -> Read:
    def read(prompt: str) -> str | None:
        try:
            if interactive:
                return input(prompt)
            line = sys.stdin.readline()
            return line.rstrip("\n") if line else None
        except (EOFError, KeyboardInterrupt):
            return None
    return read


def run(args: argparse.Namespace) -> int:
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    console = Console(highlight=False, emoji=False, markup=False,
                      force_terminal=interactive, no_color=not interactive,
                      soft_wrap=not interactive)
    engine = Engine(db_path(args))
    user = args.user or getpass.getuser() or "you"
    try:
        return Terminal(engine, user, Screen(console, interactive), _reader(interactive)).loop()
    finally:
        engine.close()

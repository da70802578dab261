"""A form step: declared fields, filled one at a time as text or all at once as a modal.

In the spirit of Rasa's forms, one slot-filling loop serves every form (the
facts about the job, a group's set-up, a check-in): a subclass declares its
`Slot`s and says how it words things; this class asks the next slot that is
still wanted, reads the answer (a button, a typed value, "skip"), and when
none is left calls `done`.

The same slots are offered as a `Form` (a Slack or Discord modal). A modal
may arrive in parts (Discord's hold five inputs), so what a submission
carried is remembered (`FormProgress.got`) and the rest is offered again
(`more`) until nothing is missing.

A slot may be asked under another step's name (`asked_at`): its buttons then
carry that name (``checkin.ask:skip``), as buttons already posted do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot import choices
from bot.flows import nav
from bot.flows.base import Step, Turn
from bot.model import Field, Form
from bot.state import FormProgress
from bot.text import clean

MODAL_ONLY = "-"
"""`Slot.asked_at` for a slot asked only in the modal (one-at-a-time has its own step)."""
PASS = object()
"""Read for "skip" or "keep": the slot is left as it is."""
REFUSED = object()
"""Read for an answer that doesn't fit; the form has already said why."""


@dataclass(frozen=True)
class Slot:
    """One field of a form.

    `kind` is ``text``, ``long`` or ``select`` (one of `options`). `quick` are
    values offered as buttons beside typing (a few times of day). `parse`
    turns what was typed (or sent in a modal) into the value kept, None if it
    doesn't fit; without it, text is kept as typed and a select takes only its
    options. `when` says whether the slot is wanted at all (given the answers
    so far); one that isn't gets `otherwise`, if set.
    """

    id: str
    kind: str = "text"
    options: tuple[str, ...] = ()
    quick: tuple[str, ...] = ()
    max_length: int = 100
    parse: Callable[[str], str | None] | None = None
    when: Callable[[Turn], bool] | None = None
    otherwise: str | None = None
    asked_at: str = ""


class FormStep(Step):
    """The slot-filling loop; subclasses declare `slots` and word the questions."""

    takes_form = True
    slots: tuple[Slot, ...] = ()
    blank_clears = False
    """A blank field in a modal clears the slot (otherwise it leaves it as it is)."""
    whole = False
    """A modal must leave every slot valid (blank or missing ones keep what they had)."""

    # -- what a form says and keeps (subclasses)

    def values(self, t: Turn) -> dict[str, Any]:
        """Where the answers are kept."""
        raise NotImplementedError

    def intro(self, t: Turn) -> None:
        """Said before the first question (with the whole form, where there are modals)."""

    def question(self, t: Turn, slot: Slot) -> None:
        raise NotImplementedError

    def refuse(self, t: Turn, slot: Slot, why: str) -> None:
        """Say why an answer doesn't fit: ``click`` (not one of its buttons), ``option``
        (a select's answer typed), ``too_long`` or ``invalid``."""
        raise NotImplementedError

    def field(self, t: Turn, slot: Slot) -> Field:
        raise NotImplementedError

    def form_labels(self, t: Turn) -> tuple[str, str, str]:
        """The modal's title, submit and open-button labels."""
        raise NotImplementedError

    def error(self, t: Turn, slot: Slot, why: str) -> str:
        """What to say under a modal field that doesn't fit (`why` as for `refuse`)."""
        raise NotImplementedError

    def errors(self, t: Turn, errors: list[tuple[str, str]]) -> None:
        raise NotImplementedError

    def more(self, t: Turn) -> None:
        """A modal came in part: offer the rest (never, for a `whole` form)."""
        raise NotImplementedError

    def done(self, t: Turn, *, by_form: bool) -> None:
        """Every wanted slot is answered (or skipped)."""
        raise NotImplementedError

    def option_id(self, slot: Slot, value: str) -> str:
        """A value's button option (``stage=final`` by default)."""
        return choices.field_value(slot.id, value)

    def passes(self, t: Turn, slot: Slot) -> bool:
        """Whether the click leaves the slot as it is ("skip")."""
        return t.choice == "skip"

    def wanted(self, t: Turn, slot: Slot) -> bool:
        return slot.when is None or slot.when(t)

    # -- the loop

    def progress(self, t: Turn) -> FormProgress:
        return t.data.forms.setdefault(self.name, FormProgress())

    def called(self, t: Turn) -> None:
        self.close(t)

    def close(self, t: Turn) -> None:
        """Forget where the form was (it is done, or starting afresh)."""
        t.data.forms.pop(self.name, None)

    def aliases(self) -> tuple[str, ...]:
        """Other steps' names whose questions this form asks (`Slot.asked_at`)."""
        return tuple(dict.fromkeys(s.asked_at for s in self.slots
                                   if s.asked_at not in ("", MODAL_ONLY, self.name)))

    def form(self, t: Turn) -> Form:
        """The fields still missing from a modal sent in parts, or all of them."""
        title, submit, open_label = self.form_labels(t)
        return Form(id=self.name, title=title, submit=submit, open_label=open_label,
                    fields=tuple(self.field(t, s) for s in self.missing(t) or self.in_modal(t)))

    def in_modal(self, t: Turn) -> tuple[Slot, ...]:
        return self.slots

    def missing(self, t: Turn) -> tuple[Slot, ...]:
        """Modal fields not yet sent."""
        got = self.progress(t).got
        return tuple(s for s in self.in_modal(t) if s.id not in got)

    def ask(self, t: Turn) -> None:
        at = self.cursor(t)
        if at == 0:
            self.intro(t)
        self.question(t, self.slots[at])

    def cursor(self, t: Turn) -> int:
        """The slot asked now: where the form is, or (after `back` into it) the first slot
        asked under this step's name; from the start once all were asked."""
        progress = self.progress(t)
        at = self.next_slot(t, progress.at)
        if at is not None and self.step_of(self.slots[at]) != t.conv.step:
            at = next((i for i, s in enumerate(self.slots)
                       if self.step_of(s) == t.conv.step), at)
        progress.at = 0 if at is None else at
        return progress.at

    def step_of(self, slot: Slot) -> str:
        return slot.asked_at or self.name

    def next_slot(self, t: Turn, at: int) -> int | None:
        """The first wanted slot from `at` asked as text; unwanted ones get `otherwise`."""
        for index in range(at, len(self.slots)):
            slot = self.slots[index]
            if slot.asked_at == MODAL_ONLY:
                continue
            if self.wanted(t, slot):
                return index
            if slot.otherwise is not None:
                self.values(t)[slot.id] = slot.otherwise
        return None

    def answer(self, t: Turn) -> None:
        if t.event.values is not None:
            self.submitted(t)
            return
        at = self.cursor(t)
        slot = self.slots[at]
        value = self.read(t, slot)
        if value is REFUSED:
            return
        if value is not PASS:
            self.values(t)[slot.id] = value
        self.go_on(t, at + 1)

    def go_on(self, t: Turn, at: int) -> None:
        """Ask the next wanted slot from `at` (under its own step), or finish."""
        following = self.next_slot(t, at)
        if following is None:
            self.done(t, by_form=False)
            return
        self.progress(t).at = following
        slot = self.slots[following]
        if self.step_of(slot) != t.conv.step:
            nav.go(t, self.step_of(slot))
        else:
            self.question(t, slot)

    def read(self, t: Turn, slot: Slot,
             refuse: Callable[[Turn, Slot, str], None] | None = None) -> Any:
        """The value an answer gives `slot`: PASS, REFUSED (`refuse` said why), or the value."""
        if t.choice and self.passes(t, slot):
            return PASS
        why = ""
        if t.choice:
            value = self.clicked(t, slot)
            why = "click" if value is None else ""
        elif slot.parse is None and slot.kind == "select":
            value, why = None, "option"
        elif slot.parse is None:
            value = t.text
            why = "too_long" if len(value) > slot.max_length else ""
        else:
            value = slot.parse(t.text)
            why = "invalid" if value is None else ""
        if why:
            (refuse or self.refuse)(t, slot, why)
            return REFUSED
        return value

    def clicked(self, t: Turn, slot: Slot) -> str | None:
        """The value a button gave (looked up among the slot's options and quick values)."""
        offered = (*slot.options, *slot.quick)
        return next((v for v in offered if self.option_id(slot, v) == t.choice), None)

    def buttons(self, t: Turn, slot: Slot, step: str | None = None) -> list:
        """The slot's options and quick values as buttons (labels `<step>.<option>`)."""
        step = step or self.step_of(slot)
        return [t.option(step, self.option_id(slot, v), self.button_label(slot, v))
                for v in (*slot.options, *slot.quick)]

    def button_label(self, slot: Slot, value: str) -> str | None:
        return None

    # -- the modal

    def submitted(self, t: Turn) -> None:
        sent = dict(t.event.values or {})
        errors, accepted = self.checked(t, sent)
        if errors:
            self.errors(t, errors)
            return
        self.values(t).update(accepted)
        got = self.progress(t).got
        got.extend(key for key in self.sent_keys(sent, accepted) if key not in got)
        if self.missing(t):
            self.more(t)
        else:
            self.done(t, by_form=True)

    def sent_keys(self, sent: dict[str, Any], accepted: dict[str, Any]) -> list[str]:
        """What counts as sent: the fields accepted (all of them, for a check-in)."""
        return list(accepted)

    def checked(self, t: Turn, sent: dict[str, Any]) -> tuple[list[tuple[str, str]],
                                                                dict[str, Any]]:
        """The errors (field, why) in a submission, and the values it gives."""
        errors: list[tuple[str, str]] = []
        accepted: dict[str, Any] = {}
        if self.whole:  # what isn't wanted gets its `otherwise`
            accepted.update({s.id: s.otherwise for s in self.slots
                             if s.otherwise is not None and not self.wanted(t, s)})
        for slot in self.in_modal(t):
            if slot.id not in sent and not self.whole:
                continue
            raw = self.raw(t, slot, sent)
            if not raw and not self.whole:
                if self.blank_clears:
                    accepted[slot.id] = None
                continue
            value, why = self.modal_value(t, slot, raw)
            if why:
                errors.append((slot.id, self.error(t, slot, why)))
            else:
                accepted[slot.id] = value
        return errors, accepted

    def raw(self, t: Turn, slot: Slot, sent: dict[str, Any]) -> str:
        value, _ = clean(str(sent.get(slot.id) or ""))
        if not value and self.whole:
            value = str(self.values(t).get(slot.id) or "")
        return value if slot.kind == "long" else " ".join(value.split())

    def modal_value(self, t: Turn, slot: Slot, raw: str) -> tuple[str | None, str]:
        """A modal's value for `slot`, or why it doesn't fit."""
        if slot.parse:
            value = slot.parse(raw)
            return value, "" if value is not None else "invalid"
        if slot.kind == "select":
            value = self.option_named(t, slot, raw)
            return value, "" if value is not None else "option"
        if len(raw) > slot.max_length:
            return None, "too_long"
        return raw, ""

    def option_named(self, t: Turn, slot: Slot, raw: str) -> str | None:
        """A select's value given as its id or its label (a text input standing in)."""
        wanted = raw.strip().lower()
        labels = {o.id: o.label.lower() for o in self.field(t, slot).options}
        return next((o for o in slot.options if wanted in (o, labels.get(o))), None)


"""The facts: a short, skippable form about the job that said no.

A form step (`bot.flows.form`): offered two ways at once, as a modal where
the platform has them and one question at a time in plain text, so it works
everywhere. The same slots serve "change a detail" in the draft. Facts the
person already mentioned while venting are prefilled: they see what was
understood and confirm it or change it, rather than being asked again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from bot.flows import journey_log, nav
from bot.flows.base import STEPS, Turn, step
from bot.flows.form import PASS, REFUSED, FormStep, Slot
from bot.flows.names import FACTS, REFLECT_FIRST
from bot.model import Choice, Field
from bot.situation import LIVE_STAGES, STAGES


def _met_someone(t: Turn) -> bool:
    return t.data.facts.get("stage") in (*LIVE_STAGES, None)


FIELDS: tuple[Slot, ...] = (
    Slot("company"),
    Slot("role"),
    Slot("stage", "select", STAGES),
    Slot("met_manager", "select", ("yes", "no", "unsure"), when=_met_someone),
    Slot("news", "select", ("email", "call", "automated", "silence")),
    Slot("interviewer", when=_met_someone),
    Slot("enjoyed", "long", max_length=500),
)
BY_ID = {fact.id: fact for fact in FIELDS}


def facts(t: Turn) -> dict[str, Any]:
    return t.data.facts


def prefill(t: Turn, found: dict[str, str]) -> None:
    """Keep facts mentioned while venting, marked as understood until they confirm them."""
    if t.data.facts_done:
        return
    known = facts(t)
    for key, value in found.items():
        if key in BY_ID and not known.get(key):
            known[key] = value
            t.data.understood.append(key)


def shown(t: Turn, fact: Slot, value: Any) -> str | None:
    """A known value as the person would recognise it (an option's label, or their words)."""
    if not value:
        return None
    return t.label(f"facts.{fact.id}.{value}") if fact.options else str(value)


@step
class Facts(FormStep):
    name = FACTS
    slots = FIELDS
    blank_clears = True

    def values(self, t: Turn) -> dict[str, Any]:
        return t.data.facts

    def called(self, t: Turn) -> None:
        self.progress(t).at = 0  # what a modal already sent stays sent

    def wanted(self, t: Turn, slot: Slot) -> bool:
        return super().wanted(t, slot) and slot.id not in t.data.confirmed

    def ask(self, t: Turn) -> None:
        understood = [f for f in FIELDS if f.id in t.data.understood]
        if not understood:
            super().ask(t)
            return
        t.say("recovery/facts/understood", form=self.form(t), pasted=t.data.pasted,
              facts=[(t.label(f"facts.{f.id}.label"), shown(t, f, facts(t).get(f.id)))
                     for f in understood],
              choices=[self.opt(t, "yes", "facts.understood.yes"),
                       self.opt(t, "change", "facts.understood.change")])

    def intro(self, t: Turn) -> None:
        t.say("recovery/facts/intro", form=self.form(t))

    def question(self, t: Turn, slot: Slot, step_name: str = FACTS, *,
                 skip_all: bool = True) -> None:
        """One fact as a plain question, with its options (and Skip) as buttons."""
        buttons = self.buttons(t, slot, step_name)
        known = shown(t, slot, facts(t).get(slot.id))
        buttons.append(t.option(step_name, "skip", "facts.keep" if known else "facts.skip"))
        if skip_all:
            buttons.append(t.option(step_name, "skip_all", "facts.skip_all"))
        t.say(f"recovery/facts/{slot.id}", choices=buttons)
        if known:
            t.say("recovery/facts/known", known=known)

    def button_label(self, slot: Slot, value: str) -> str:
        return f"facts.{slot.id}.{value}"

    def refuse(self, t: Turn, slot: Slot, why: str) -> None:
        if why == "too_long":
            t.say("recovery/facts/too_long", limit=slot.max_length)
        else:
            t.say("recovery/facts/pick_one")
        self.question(t, slot)

    def answer(self, t: Turn) -> None:
        if t.data.understood and t.event.values is None:
            self._confirm(t)
        elif t.event.values is None and t.choice == "skip_all":
            self.done(t, by_form=False)
        else:
            t.data.understood = []
            super().answer(t)

    def _confirm(self, t: Turn) -> None:
        """The answer to "here's what I understood": keep it and ask the rest, or redo all."""
        if t.choice == "yes":
            t.data.confirmed, t.data.understood = t.data.understood, []
            at = self.next_slot(t, 0)
            if at is None:
                self.done(t, by_form=False)
                return
            self.progress(t).at = at
            t.say("recovery/facts/confirmed")
            self.question(t, FIELDS[at])
        elif t.choice == "change":
            t.data.understood = []
            self.progress(t).at = 0
            t.say("recovery/facts/change")
            self.question(t, FIELDS[0])
        else:
            t.say("recovery/facts/pick_one")
            self.ask(t)

    def form_labels(self, t: Turn) -> tuple[str, str, str]:
        return (t.label("facts.form.title"), t.label("facts.form.submit"),
                t.label("facts.form.open"))

    def field(self, t: Turn, slot: Slot) -> Field:
        return Field(
            id=slot.id, label=t.label(f"facts.{slot.id}.label"), kind=slot.kind,
            options=tuple(Choice(o, t.label(f"facts.{slot.id}.{o}")) for o in slot.options),
            max_length=slot.max_length, hint=t.label(f"facts.{slot.id}.hint"),
            value=str(facts(t).get(slot.id) or ""),
        )

    def error(self, t: Turn, slot: Slot, why: str) -> str:
        if why == "too_long":
            return t.msgs.say("recovery/facts/too_long", limit=slot.max_length)
        return t.msgs.say("recovery/facts/bad_option")

    def errors(self, t: Turn, errors: list[tuple[str, str]]) -> None:
        problems = [(t.label(f"facts.{field}.label"), why) for field, why in errors]
        t.say("recovery/facts/errors", errors=errors, problems=problems)

    def more(self, t: Turn) -> None:
        # Submitted in parts (a platform's modal holds fewer fields): offer the rest.
        t.say("recovery/facts/form_more", form=self.form(t))

    def done(self, t: Turn, *, by_form: bool) -> None:
        t.data.facts_done = True
        journey_log.record(t)
        self.close(t)
        t.data.understood, t.data.confirmed = [], []
        t.say("recovery/facts/thanks", company=facts(t).get("company"))
        nav.finish(t, otherwise=REFLECT_FIRST)


def form() -> Facts:
    """The facts' form step, for "change a detail" in the draft."""
    return cast(Facts, STEPS[FACTS])


def take(t: Turn, slot: Slot, refused: Callable[[Turn, Slot, str], None]) -> bool:
    """Keep a new value for one fact (a click or typed text); False (and `refused` told)
    if it isn't one."""
    value = form().read(t, slot, refused)
    if value is PASS or value is REFUSED:
        return False
    facts(t)[slot.id] = value
    return True

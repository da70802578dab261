"""The facts: a short, skippable form about the job that said no.

Offered two ways at once: as a `Form` (a modal where the platform has them)
and one question at a time in plain text, so it works everywhere. The same
field definitions serve "change a detail" in the draft. Facts the person
already mentioned while venting are prefilled: they see what was understood
and confirm it or change it, rather than being asked again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot import choices
from bot.flows import nav
from bot.flows.base import Step, Turn, step
from bot.flows.names import FACTS, REFLECT_FIRST
from bot.model import Choice, Field, Form
from bot.text import clean

STAGES = ("applied", "screen", "interview", "final")
LIVE_STAGES = ("screen", "interview", "final")


@dataclass(frozen=True)
class Fact:
    id: str
    kind: str = "text"
    options: tuple[str, ...] = ()
    max_length: int = 100
    when: Callable[[dict[str, Any]], bool] = lambda facts: True


def _met_someone(facts: dict[str, Any]) -> bool:
    return facts.get("stage") in (*LIVE_STAGES, None)


FIELDS: tuple[Fact, ...] = (
    Fact("company"),
    Fact("role"),
    Fact("stage", "select", STAGES),
    Fact("met_manager", "select", ("yes", "no", "unsure"), when=_met_someone),
    Fact("news", "select", ("email", "call", "automated", "silence")),
    Fact("interviewer", when=_met_someone),
    Fact("enjoyed", "long", max_length=500),
)
BY_ID = {fact.id: fact for fact in FIELDS}


def facts(t: Turn) -> dict[str, Any]:
    return t.data.facts


def prefill(t: Turn, found: dict[str, str]) -> None:
    """Keep facts mentioned while venting, marked as understood until they confirm them."""
    if t.data.facts_done:
        return
    known = facts(t)
    understood = t.data.understood
    for key, value in found.items():
        if key in BY_ID and not known.get(key):
            known[key] = value
            understood.append(key)


def shown(t: Turn, fact: Fact, value: Any) -> str | None:
    """A known value as the person would recognise it (an option's label, or their words)."""
    if not value:
        return None
    return t.label(f"facts.{fact.id}.{value}") if fact.options else str(value)


def form(t: Turn, only: tuple[Fact, ...] = FIELDS) -> Form:
    """The facts as a form; `only` narrows it to the fields still to come."""
    known = facts(t)
    return Form(
        id=FACTS,
        title=t.label("facts.form.title"),
        submit=t.label("facts.form.submit"),
        open_label=t.label("facts.form.open"),
        fields=tuple(
            Field(
                id=fact.id,
                label=t.label(f"facts.{fact.id}.label"),
                kind=fact.kind,
                options=tuple(Choice(o, t.label(f"facts.{fact.id}.{o}")) for o in fact.options),
                max_length=fact.max_length,
                hint=t.label(f"facts.{fact.id}.hint"),
                value=str(known.get(fact.id) or ""),
            )
            for fact in only
        ),
    )


def ask_fact(t: Turn, step_name: str, fact: Fact, *, skip_all: bool) -> None:
    """One fact as a plain question, with its options (and Skip) as buttons."""
    buttons = [t.option(step_name, choices.field_value(fact.id, o), f"facts.{fact.id}.{o}")
               for o in fact.options]
    known = shown(t, fact, facts(t).get(fact.id))
    buttons.append(t.option(step_name, "skip", "facts.keep" if known else "facts.skip"))
    if skip_all:
        buttons.append(t.option(step_name, "skip_all", "facts.skip_all"))
    t.say(f"recovery/facts/{fact.id}", choices=buttons)
    if known:
        t.say("recovery/facts/known", known=known)


def take_fact(t: Turn, fact: Fact) -> bool:
    """Store the answer to `fact` from a click or typed text; False if it wasn't one."""
    prefix = choices.field_value(fact.id, "")
    if t.choice and t.choice.startswith(prefix) and t.choice[len(prefix):] in fact.options:
        facts(t)[fact.id] = t.choice[len(prefix):]
        return True
    if fact.kind == "select" or not t.text or t.choice:
        return False
    if len(t.text) > fact.max_length:
        t.say("recovery/facts/too_long", limit=fact.max_length)
        return False
    facts(t)[fact.id] = t.text
    return True


def take_form(t: Turn) -> list[tuple[str, str]]:
    """Store submitted form values; the errors (field id, message) if any were invalid."""
    values = dict(t.event.values or {})
    errors: list[tuple[str, str]] = []
    accepted: dict[str, str | None] = {}
    for fact in FIELDS:
        if fact.id not in values:
            continue
        value, _ = clean(str(values[fact.id] or ""))
        if fact.kind != "long":
            value = " ".join(value.split())
        if fact.kind == "select" and value:
            value = _option(t, fact, value) or ""
            if not value:
                errors.append((fact.id, t.msgs.say("recovery/facts/bad_option")))
                continue
        if len(value) > fact.max_length:
            errors.append((fact.id, t.msgs.say("recovery/facts/too_long", limit=fact.max_length)))
        else:
            accepted[fact.id] = value or None
    if not errors:
        facts(t).update(accepted)
        got = t.data.form_got
        got.extend(f for f in accepted if f not in got)
    return errors


def _option(t: Turn, fact: Fact, value: str) -> str | None:
    """A select value given as its id or its label (text inputs standing in for selects)."""
    wanted = value.strip().lower()
    for option in fact.options:
        if wanted in (option, t.label(f"facts.{fact.id}.{option}").lower()):
            return option
    return None


@step
class Facts(Step):
    name = FACTS
    takes_form = True

    def form(self, t: Turn) -> Form:
        got = t.data.form_got
        return form(t, tuple(f for f in FIELDS if f.id not in got) or FIELDS)

    def called(self, t: Turn) -> None:
        t.data.fact_at = 0

    def ask(self, t: Turn) -> None:
        understood = [f for f in FIELDS if f.id in t.data.understood]
        if understood:
            t.say("recovery/facts/understood", form=self.form(t),
                  facts=[(t.label(f"facts.{f.id}.label"), shown(t, f, facts(t).get(f.id)))
                         for f in understood],
                  choices=[self.opt(t, "yes", "facts.understood.yes"),
                           self.opt(t, "change", "facts.understood.change")])
            return
        at = self._next(t, t.data.fact_at)
        if at >= len(FIELDS):
            at = t.data.fact_at = 0
        if at == 0:
            t.say("recovery/facts/intro", form=self.form(t))
        ask_fact(t, self.name, FIELDS[at], skip_all=True)

    def _confirm(self, t: Turn) -> None:
        """The answer to "here's what I understood": keep it and ask the rest, or redo all."""
        if t.choice == "yes":
            t.data.confirmed, t.data.understood = t.data.understood, []
            at = self._next(t, 0)
            if at >= len(FIELDS):
                self._finish(t)
                return
            t.data.fact_at = at
            t.say("recovery/facts/confirmed")
            ask_fact(t, self.name, FIELDS[at], skip_all=True)
        elif t.choice == "change":
            t.data.understood = []
            t.data.fact_at = 0
            t.say("recovery/facts/change")
            ask_fact(t, self.name, FIELDS[0], skip_all=True)
        else:
            t.say("recovery/facts/pick_one")
            self.ask(t)

    def answer(self, t: Turn) -> None:
        if t.data.understood and t.event.values is None:
            self._confirm(t)
            return
        if t.event.values is not None:
            t.data.understood = []
            errors = take_form(t)
            if errors:
                problems = [(t.label(f"facts.{field}.label"), why) for field, why in errors]
                t.say("recovery/facts/errors", errors=errors, problems=problems)
            elif any(f.id not in t.data.form_got for f in FIELDS):
                # Submitted in parts (a platform's modal holds fewer fields): offer the rest.
                t.say("recovery/facts/form_more", form=self.form(t))
            else:
                self._finish(t)
            return
        if t.choice == "skip_all":
            self._finish(t)
            return
        at = self._next(t, t.data.fact_at)
        if t.choice != "skip" and not take_fact(t, FIELDS[at]):
            if FIELDS[at].kind == "select" or not t.text:
                t.say("recovery/facts/pick_one")
            ask_fact(t, self.name, FIELDS[at], skip_all=True)
            return
        following = self._next(t, at + 1)
        if following >= len(FIELDS):
            self._finish(t)
            return
        t.data.fact_at = following
        ask_fact(t, self.name, FIELDS[following], skip_all=True)

    @staticmethod
    def _next(t: Turn, at: int) -> int:
        """The next field worth asking, skipping ones the answers so far make moot."""
        confirmed = t.data.confirmed
        while at < len(FIELDS) and (not FIELDS[at].when(facts(t)) or FIELDS[at].id in confirmed):
            at += 1
        return at

    @staticmethod
    def _finish(t: Turn) -> None:
        t.data.facts_done = True
        t.data.fact_at = 0
        t.data.form_got = []
        t.data.understood = []
        t.data.confirmed = []
        t.say("recovery/facts/thanks", company=facts(t).get("company"))
        nav.finish(t, otherwise=REFLECT_FIRST)


def feedback_fits(known: dict[str, Any]) -> bool:
    """Ask for feedback only after a live interview with the hiring manager (GUIDANCE §3)."""
    return known.get("met_manager") == "yes" and known.get("stage") in LIVE_STAGES

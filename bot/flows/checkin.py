"""The weekly check-in, answered privately in DMs (the prompt and digest: `weekly`).

Each answer is private until its author says otherwise, answer by answer.
"""

from __future__ import annotations

from typing import Any

from bot import choices
from bot.flows import nav
from bot.flows.base import Step, Turn, step
from bot.flows.form import MODAL_ONLY, FormStep, Slot
from bot.flows.members import who
from bot.flows.names import CHECKIN, CHECKIN_ASK, SHARE, SHARE_EACH
from bot.model import Choice, Field
from bot.rows import Group
from bot.state import Checkin as CheckinState

MOODS = ("1", "2", "3", "4", "5")
TEXTS = ("win", "next", "hand")
PARTS = ("mood", *TEXTS)
ANSWER_MAX = 300


def start(t: Turn, group: Group) -> None:
    """Begin a check-in in the person's DMs; someone not in the group is asked to join first.

    Joining puts them in the member count and in buddy pairs, so it is never
    done for them: the join button's welcome offers the check-in.
    """
    gid = group.id
    here = {"private": True, "channel": t.event.channel} if t.event.channel else {}
    if not t.store.member(gid, t.conv.user):
        t.say("checkin/join_first", name=group.name, buddies=bool(group.buddies),
              choices=[Choice(choices.group("join", gid), t.label("groups.join"))], **here)
        return
    if t.event.channel:
        t.say("checkin/moved", private=True, channel=t.event.channel, name=group.name)
    t.data.checkin = CheckinState(gid, group.name)
    nav.call(t, CHECKIN)


def command(t: Turn, group: Group | None) -> None:
    """`/rejected checkin`: in a group's channel, that group; in DMs, theirs."""
    if group:
        start(t, group)
        return
    mine = t.store.memberships(t.conv.key)
    if len(mine) == 1:
        start(t, mine[0])
    elif mine:
        t.say("checkin/which", choices=[Choice(choices.group("checkin", g.id), g.name)
                                         for g in mine])
    else:
        t.say("checkin/no_group")


def _state(t: Turn) -> CheckinState:
    assert t.data.checkin is not None
    return t.data.checkin


def _mood(said: str) -> str | None:
    rating = said.strip().lower().lstrip("m")
    return rating if rating in MOODS else None


def _vote(said: str) -> str:
    return "yes" if said.strip().lower() in ("yes", "y", "true") else "no"


@step
class Checkin(FormStep):
    """How the week felt, then the win, what's next and where a hand would help, each
    optional; in the modal also whether to share each (as text, `Share` asks after)."""

    name = CHECKIN
    slots = (
        Slot("mood", "select", MOODS, parse=_mood),
        *(Slot(part, "long", max_length=ANSWER_MAX, asked_at=CHECKIN_ASK) for part in TEXTS),
        *(Slot(f"share_{part}", "select", ("yes", "no"), parse=_vote, asked_at=MODAL_ONLY)
          for part in PARTS),
    )

    def values(self, t: Turn) -> dict[str, Any]:
        return _state(t).answers

    def intro(self, t: Turn) -> None:
        t.say("checkin/intro", group=_state(t).name, form=self.form(t))

    def question(self, t: Turn, slot: Slot) -> None:
        skip = t.option(self.step_of(slot), "skip", "checkin.skip")
        if slot.id == "mood":
            t.say("checkin/mood", choices=[*self.buttons(t, slot), skip])
        else:
            t.say(f"checkin/{slot.id}", choices=[skip])

    def option_id(self, slot: Slot, value: str) -> str:
        return f"m{value}"

    def button_label(self, slot: Slot, value: str) -> str:
        return f"checkin.moods.m{value}"

    def refuse(self, t: Turn, slot: Slot, why: str) -> None:
        if slot.id == "mood":
            t.say("checkin/bad_mood")
        elif why == "too_long":
            t.say("checkin/too_long", limit=ANSWER_MAX)
        else:
            t.say("global/not_understood")
            self.question(t, slot)

    def form_labels(self, t: Turn) -> tuple[str, str, str]:
        return (t.label("checkin.form.title"), t.label("checkin.form.submit"),
                t.label("checkin.form.open"))

    def field(self, t: Turn, slot: Slot) -> Field:
        label = t.label(f"checkin.form.{slot.id}")
        if slot.id == "mood":
            return Field("mood", label, "select", tuple(
                Choice(n, t.label(f"checkin.moods.m{n}")) for n in MOODS))
        if slot.kind == "long":
            return Field(slot.id, label, "long", max_length=ANSWER_MAX)
        return Field(slot.id, label, "select", (Choice("yes", t.label("checkin.share_yes")),
                                                Choice("no", t.label("checkin.share_no"))))

    def missing(self, t: Turn) -> tuple[Slot, ...]:
        """What a modal sent in parts still lacks, leaving out "share it?" for parts left
        blank: a check-in is only finished once every question that matters was seen."""
        got, answers = self.progress(t).got, _state(t).answers
        blank = {p for p in PARTS if p in got and p not in answers}
        return tuple(s for s in super().missing(t)
                     if not (s.id.startswith("share_") and s.id[6:] in blank))

    def sent_keys(self, sent: dict[str, Any], accepted: dict[str, Any]) -> list[str]:
        return list(sent)

    def error(self, t: Turn, slot: Slot, why: str) -> str:
        if slot.id == "mood":
            return t.msgs.say("checkin/bad_mood")
        return t.msgs.say("checkin/too_long", limit=ANSWER_MAX)

    def errors(self, t: Turn, errors: list[tuple[str, str]]) -> None:
        t.say("checkin/form_errors", errors=errors,
              problems=[(t.label(f"checkin.form.{f}"), why) for f, why in errors])

    def more(self, t: Turn) -> None:
        t.say("checkin/form_more", form=self.form(t))

    def done(self, t: Turn, *, by_form: bool) -> None:
        state = _state(t)
        if by_form:
            state.shared = [p for p in PARTS
                            if p in state.answers and state.answers.get(f"share_{p}") == "yes"]
            finish(t)
        elif any(p in state.answers for p in PARTS):
            nav.go(t, SHARE)
        else:
            finish(t)


@step
class Share(Step):
    name = SHARE

    def ask(self, t: Turn) -> None:
        t.say("checkin/share", answers=_state(t).answers,
              choices=[self.opt(t, "all"), self.opt(t, "none"), self.opt(t, "choose")])

    def answer(self, t: Turn) -> None:
        state = _state(t)
        if t.choice == "all":
            state.shared = [p for p in PARTS if p in state.answers]
            finish(t)
            return
        if t.choice == "none":
            state.shared = []
            finish(t)
            return
        if t.choice == "choose":
            state.asking = [p for p in PARTS if p in state.answers]
            nav.go(t, SHARE_EACH)
            return
        super().answer(t)


@step
class ShareEach(Step):
    name = SHARE_EACH

    def ask(self, t: Turn) -> None:
        state = _state(t)
        part = state.asking[0]
        t.say("checkin/share_each", part=part, answer=state.answers[part],
              choices=[self.opt(t, "yes", "checkin.share_yes"),
                       self.opt(t, "no", "checkin.share_no")])

    def answer(self, t: Turn) -> None:
        state = _state(t)
        if t.choice not in ("yes", "no"):
            super().answer(t)
            return
        part = state.asking.pop(0)
        if t.choice == "yes":
            state.shared.append(part)
        if state.asking:
            self.ask(t)
            return
        finish(t)


def finish(t: Turn) -> None:
    state, t.data.checkin = _state(t), None
    t.data.forms.pop(CHECKIN, None)
    answers = state.answers
    t.store.add_checkin({
        "group_id": state.group, "key": t.conv.key, "user": t.conv.user, "name": who(t),
        "mood": answers.get("mood"), "win": answers.get("win"), "next": answers.get("next"),
        "hand": answers.get("hand"), "shared": state.shared,
        "created_at": t.now.isoformat(),
    })
    t.say("checkin/done", shared=state.shared, group=state.name)
    nav.finish(t, ask=False)

"""Vent: be heard first. Name the feeling back, validate, no advice until asked.

The way on (reflect, draft, plan, rest) is offered on every turn but never
taken for the person: typing more is always just more venting.
"""

from __future__ import annotations

from bot import mood
from bot.flows import mood_check
from bot.flows.base import STEPS, Step, Turn, step
from bot.flows.facts import then
from bot.flows.peers import share_rough_day
from bot.reframe import harsh_thought

VENT = "recovery.vent"
REST = "recovery.rest"
KEEP_VENTS = 10
KEEP_CHARS = 1000


def way_on(t: Turn, step_name: str, *, rest: bool = True) -> list:
    """The ways on from listening, as buttons of `step_name`."""
    options = ("reflect", "draft", "plan", "rest") if rest else ("reflect", "draft", "plan")
    return [t.option(step_name, option, f"recovery.way_on.{option}") for option in options]


def route(t: Turn) -> str | None:
    """The step a way-on button leads to (facts first where they are still missing)."""
    if t.choice == "rest":
        return REST
    if t.choice in ("reflect", "draft", "plan"):
        return then(t, t.choice)
    return None


def reframe(t: Turn) -> None:
    """Offer a kinder, truer version of harsh self-talk, once per kind of thought."""
    kind = harsh_thought(t.text)
    offered = t.data.setdefault("reframed", [])
    if kind and kind not in offered:
        offered.append(kind)
        t.say(f"recovery/reframe/{kind}")


@step
class Vent(Step):
    name = VENT

    def ask(self, t: Turn) -> None:
        if not t.data.get("vents"):
            t.say("recovery/welcome", restarted=bool(t.data.get("restarted")))
        else:
            t.say("recovery/vent_again", choices=way_on(t, self.name))

    def answer(self, t: Turn) -> str | None:
        following = route(t)
        if following:
            return following
        if not t.text:
            return super().answer(t)
        vents = t.data.setdefault("vents", [])
        vents.append(t.text[:KEEP_CHARS])
        del vents[:-KEEP_VENTS]
        count = t.data["vent_turns"] = t.data.get("vent_turns", 0) + 1
        felt = mood.read(t.text)
        perspective = count >= 2 and not t.data.get("perspective")
        if perspective:
            t.data["perspective"] = True
        t.say("recovery/vent", feeling=felt.feeling, weight=felt.weight, count=count,
              perspective=perspective, choices=[] if count == 1 else way_on(t, self.name))
        reframe(t)
        if count == 1:
            t.say("recovery/vent_invite", choices=way_on(t, self.name))
        mood_check.before(t, count)
        return None


@step
class Rest(Step):
    """"That's all for now": a warm close; anything typed later is heard again."""

    name = REST

    def ask(self, t: Turn) -> None:
        choices = way_on(t, self.name, rest=False)
        group = self._group(t)
        if group:
            choices.insert(0, self.opt(t, "rough", "peers.rough", group=group["name"][:40]))
        t.say("recovery/rest", has_plan=bool(t.store.actions(t.conv.key)),
              group=group["name"] if group else None, choices=choices)
        mood_check.after(t)

    @staticmethod
    def _group(t: Turn) -> dict | None:
        """The group this conversation began in, if they may still tell it about today."""
        gid = t.data.get("origin_group")
        if gid is None or t.data.get("rough_shared"):
            return None
        group = t.store.group(gid)
        return group if group and t.store.member(gid, t.conv.user) else None

    def answer(self, t: Turn) -> str | None:
        if t.choice == "rough":
            group = self._group(t)
            if group:
                share_rough_day(t, group)
            else:
                t.say("global/stale_click")
            return None
        following = route(t)
        if following:
            return following
        if not t.text:
            return super().answer(t)
        t.conv.step = VENT
        return STEPS[VENT].answer(t)

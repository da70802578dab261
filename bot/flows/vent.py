"""Vent: be heard first. Reflect, restate, ask; no advice until asked.

What to say back is chosen in `bot.listening`; this step only routes. The way
on (reflect, draft, plan, rest) is offered on every turn but never taken for
the person: typing more is always just more venting, unless they ask for the
email outright ("just the email"), which goes straight to the facts and draft.
"""

from __future__ import annotations

from bot import routes
from bot.flows import mood_check, nav, pasted
from bot.flows.base import Step, Turn, step
from bot.flows.facts import prefill
from bot.flows.names import REST, VENT
from bot.flows.peers import share_rough_day
from bot.listening import intent
from bot.listening.details import read
from bot.listening.listener import listen
from bot.reframe import harsh_thought
from bot.rows import Group

KEEP_VENTS = 10
KEEP_CHARS = 1000


def reframe_kind(t: Turn) -> str | None:
    """The kind of harsh self-talk to answer with a reframe, once per kind of thought."""
    kind = harsh_thought(t.text)
    offered = t.data.reframed
    if kind and kind not in offered and not t.data.serious:
        offered.append(kind)
        return kind
    return None


def reframe(t: Turn) -> None:
    """Offer a kinder, truer version of harsh self-talk (used wherever they type freely)."""
    kind = reframe_kind(t)
    if kind:
        t.say(f"recovery/reframe/{kind}")


@step
class Vent(Step):
    name = VENT

    def ask(self, t: Turn) -> None:
        if not t.data.vents and not t.data.pasted:
            t.say("recovery/welcome", restarted=t.data.restarted,
                  purged=t.data.purged, keep_days=t.retain_days,
                  fast=bool(t.text) and intent.wants_draft(t.text))
        else:
            t.say("recovery/vent_again", choices=routes.buttons(t, self.name))

    def answer(self, t: Turn) -> None:
        if routes.follow(t):
            return
        if not t.text:
            super().answer(t)
            return
        if pasted.read(t):
            return
        vents = t.data.vents
        vents.append(t.text[:KEEP_CHARS])
        del vents[:-KEEP_VENTS]
        if intent.wants_draft(t.text):
            found = read(t.text).facts()
            if found.get("news") == "email":
                del found["news"]  # "just the email" is about their reply, not how the news came
            prefill(t, found)
            t.say("recovery/listen/fast")
            routes.take(t, "draft")
            return
        t.data.vent_turns += 1
        count = t.data.vent_turns
        harsh = reframe_kind(t)
        heard = listen(t.data, t.text, region=t.region, reframing=bool(harsh))
        prefill(t, heard.details.facts())
        t.say("recovery/vent", parts=[t.msgs.say(part, **values) for part, values in heard.parts],
              choices=[] if count == 1 else routes.buttons(t, self.name))
        if harsh:
            t.say(f"recovery/reframe/{harsh}")
        if count == 1:
            t.say("recovery/vent_invite", choices=routes.buttons(t, self.name))
        mood_check.before(t, count)


@step
class Rest(Step):
    """"That's all for now": a warm close; anything typed later is heard again."""

    name = REST

    def ask(self, t: Turn) -> None:
        buttons = routes.buttons(t, self.name)
        group = self._group(t)
        if group:
            buttons.insert(0, self.opt(t, "rough", "peers.rough", group=group.name[:40]))
        t.say("recovery/rest", has_plan=bool(t.store.actions(t.conv.key)),
              group=group.name if group else None, choices=buttons)
        mood_check.after(t)

    @staticmethod
    def _group(t: Turn) -> Group | None:
        """The group this conversation began in, if they may still tell it about today."""
        gid = t.data.origin_group
        if gid is None or t.data.rough_shared:
            return None
        group = t.store.group(gid)
        return group if group and t.store.member(gid, t.conv.user) else None

    def answer(self, t: Turn) -> None:
        if t.choice == "rough":
            group = self._group(t)
            if group:
                share_rough_day(t, group)
            else:
                t.say("global/stale_click")
        elif routes.follow(t):
            return
        elif not t.text:
            super().answer(t)
        else:
            nav.hand_over(t, VENT)

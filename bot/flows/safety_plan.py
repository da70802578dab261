"""A personal safety plan in the Stanley–Brown shape, one question at a time.

Offered after someone says they are safe for now, and any time with `make a
safety plan`. Each section is its own step, so a stale or repeated click is
answered as stale rather than skipping the next question. Every answer is
saved as it is given (`store.save_safety_plan`), so stopping half way loses
nothing; `my safety plan` shows it, export includes it, forget deletes it.
"""

from __future__ import annotations

from bot import choices
from bot.flows import care, nav
from bot.flows.base import Step, Turn, step
from bot.flows.names import SAFETY_PLAN, SAFETY_PLAN_FIRST, UNSAFE, in_care
from bot.model import Choice
from bot.safety.resources import help_for

SECTIONS = ("signs", "coping", "distract", "people", "pros", "safer", "reason")
"""Warning signs; coping on my own; people and places that distract; people to ask for
help; professionals and lines; a safer place; one reason to keep going."""
HOLDS_RISK = frozenset({"signs", "safer"})
"""Sections whose honest answers name the thoughts or the means: saved, never alarmed at."""
MAX_ANSWER = 1000
LINES = "pros_lines"  # the region whose lines they chose to add ("" for the default set)


def begin(t: Turn) -> None:
    """`make a safety plan`: start it from wherever they are; finishing brings them back."""
    if in_care(t.conv.step):
        nav.go(t, SAFETY_PLAN_FIRST, remember=False)
    else:
        nav.call(t, SAFETY_PLAN_FIRST, remember=False)


def show(t: Turn) -> None:
    """`my safety plan`: what they wrote, in order; an offer to make one when there's nothing."""
    plan = t.store.safety_plan(t.conv.key)
    if not any(plan.get(key) for key in SECTIONS) and LINES not in plan:
        t.say("safety/plan/empty", choices=[Choice(choices.go("make_safety_plan"),
                                                   t.label("safety_plan.make"))])
        return
    t.say("safety/plan/mine", plan=plan, sections=SECTIONS,
          pros_help=help_for(plan[LINES]) if LINES in plan else None)


def _finish(t: Turn, template: str) -> None:
    t.say(template, choices=[Choice(choices.go("safety_plan"), t.label("safety_plan.show"))])
    care.resume(t)


class _Section(Step):
    """One question of the plan; skip keeps whatever they wrote before."""

    key = ""
    holds_risk = False

    def ask(self, t: Turn) -> None:
        plan = t.store.safety_plan(t.conv.key)
        buttons = [self.opt(t, "skip", "safety_plan.skip"), self.opt(t, "stop", "safety_plan.stop"),
                   self.opt(t, "not_safe", "safety_plan.not_safe")]
        help_ = care.help_here(t) if self.key == "pros" else None
        if help_:
            buttons.insert(0, self.opt(t, "use", "safety_plan.use"))
        t.say(f"safety/plan/{self.key}", before=plan.get(self.key),
              first=self.key == SECTIONS[0], help=help_, choices=buttons)

    def answer(self, t: Turn) -> None:
        if t.choice == "skip":
            self._next(t)
        elif t.choice == "stop":
            _finish(t, "safety/plan/stopped")
        elif t.choice == "not_safe":
            t.data.risk = "acute"
            t.data.care_response = "suicide"
            nav.go(t, UNSAFE, remember=False)
        elif self._keep(t):
            self._next(t)
        else:
            super().answer(t)

    def _keep(self, t: Turn) -> bool:
        """Save their answer to this section (as they give it); False if there was none."""
        plan = t.store.safety_plan(t.conv.key)
        if t.choice == "use" and self.key == "pros":
            plan[LINES] = care.help_here(t).code or ""
        elif t.text and not t.choice:
            plan[self.key] = t.text[:MAX_ANSWER]
        else:
            return False
        t.store.save_safety_plan(t.conv.key, plan, t.now)
        return True

    def _next(self, t: Turn) -> None:
        at = SECTIONS.index(self.key)
        if at + 1 < len(SECTIONS):
            nav.go(t, SAFETY_PLAN + SECTIONS[at + 1])
        else:
            _finish(t, "safety/plan/done")


for _key in SECTIONS:
    step(type(f"Section_{_key}", (_Section,),
              {"name": SAFETY_PLAN + _key, "key": _key, "holds_risk": _key in HOLDS_RISK}))

"""A personal safety plan in the Stanley–Brown shape, one question at a time.

Offered after someone says they are safe for now, and any time with `make a
safety plan`. Each section is its own step, so a stale or repeated click is
answered as stale rather than skipping the next question. Every answer is
saved as it is given (`store.save_safety_plan`), so stopping half way loses
nothing; `my safety plan` shows it, export includes it, forget deletes it.
"""

from __future__ import annotations

from bot import choices
from bot.flows import care
from bot.flows.base import Step, Turn, go, step
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
    if t.conv.step not in care.CARE_STEPS and not t.conv.step.startswith(care.PLAN):
        t.data.care_return = t.conv.step
    go(t, care.PLAN_FIRST, remember=False)


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
    t.conv.history = [s for s in t.conv.history if not s.startswith(care.PLAN)]
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

    def answer(self, t: Turn) -> str | None:
        if t.choice == "skip":
            return self._next(t)
        if t.choice == "stop":
            _finish(t, "safety/plan/stopped")
            return None
        if t.choice == "not_safe":
            t.data.risk = "acute"
            t.data.care_response = "suicide"
            go(t, care.UNSAFE, remember=False)
            return None
        plan = t.store.safety_plan(t.conv.key)
        if t.choice == "use" and self.key == "pros":
            plan[LINES] = care.help_here(t).code or ""
        elif t.text and not t.choice:
            plan[self.key] = t.text[:MAX_ANSWER]
        else:
            return super().answer(t)
        t.store.save_safety_plan(t.conv.key, plan, t.now)
        return self._next(t)

    def _next(self, t: Turn) -> str | None:
        at = SECTIONS.index(self.key)
        if at + 1 < len(SECTIONS):
            return care.PLAN + SECTIONS[at + 1]
        _finish(t, "safety/plan/done")
        return None


for _key in SECTIONS:
    step(type(f"Section_{_key}", (_Section,),
              {"name": care.PLAN + _key, "key": _key, "holds_risk": _key in HOLDS_RISK}))

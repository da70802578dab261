"""Reflect: a few questions, one at a time, to learn without self-blame.

Answers that point at work to do feed the plan: a question that gave pause
joins the practice list, a missing skill becomes a learning action.
"""

from __future__ import annotations

import re

from bot import routes
from bot.flows import nav
from bot.flows.base import Step, Turn, step
from bot.flows.names import REFLECT, SUMMARY
from bot.flows.vent import reframe
from bot.text import normal

QUESTIONS = ("went_well", "differently", "pause_q", "skill_gap", "resume")
MAX_ITEMS = 5


def name_of(key: str) -> str:
    return REFLECT + key


def _items(text: str) -> list[str]:
    """Several questions or skills typed at once, split on lines, semicolons or '?'."""
    parts = re.split(r"[\n;]|(?<=\?)\s+", text)
    return [p.strip(" -•\t") for p in parts if p.strip(" -•\t")]


class Question(Step):
    key = ""

    def ask(self, t: Turn) -> None:
        t.say(f"recovery/reflect/{self.key}", choices=self.choices(t))

    def choices(self, t: Turn) -> list:
        return [self.opt(t, "skip", "recovery.reflect.skip")]

    def answer(self, t: Turn) -> None:
        if t.choice != "skip":
            if not t.text or t.choice:
                super().answer(t)
                return
            self.keep(t)
            reframe(t)
        index = QUESTIONS.index(self.key)
        nav.go(t, name_of(QUESTIONS[index + 1]) if index + 1 < len(QUESTIONS) else SUMMARY)

    def keep(self, t: Turn) -> None:
        t.data.reflect[self.key] = t.text


@step
class WentWell(Question):
    name, key = name_of("went_well"), "went_well"


@step
class Differently(Question):
    name, key = name_of("differently"), "differently"


@step
class PauseQuestion(Question):
    name, key = name_of("pause_q"), "pause_q"

    def keep(self, t: Turn) -> None:
        practice = t.data.practice
        practice.extend(q for q in _items(t.text) if q not in practice)
        del practice[MAX_ITEMS:]
        t.say("recovery/reflect/practice_saved", count=len(practice))


@step
class SkillGap(Question):
    name, key = name_of("skill_gap"), "skill_gap"

    def keep(self, t: Turn) -> None:
        if normal(t.text) in ("no", "none", "nope", "nothing", "not really"):
            return
        skills = t.data.skills
        skills.extend(s for s in _items(t.text) if s not in skills)
        del skills[MAX_ITEMS:]
        t.say("recovery/reflect/skill_saved", skill=skills[-1] if skills else "")


@step
class Resume(Question):
    name, key = name_of("resume"), "resume"

    def choices(self, t: Turn) -> list:
        return [self.opt(t, "yes"), self.opt(t, "done"), self.opt(t, "skip",
                                                                  "recovery.reflect.skip")]

    def answer(self, t: Turn) -> None:
        if t.choice in ("yes", "done"):
            t.data.resume = t.choice
        if t.choice in ("yes", "done", "skip"):
            nav.go(t, SUMMARY)
        else:
            Step.answer(self, t)


@step
class Summary(Step):
    name = SUMMARY

    def ask(self, t: Turn) -> None:
        t.say("recovery/reflect/summary", notes=t.data.reflect,
              practice=t.data.practice, skills=t.data.skills,
              resume=t.data.resume, choices=routes.buttons(t, self.name))

    def answer(self, t: Turn) -> None:
        if not routes.follow(t):
            super().answer(t)

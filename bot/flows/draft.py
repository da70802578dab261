"""Draft a reply: a gracious email built from the facts, or a review of their own.

The email is always complete (subject and body) even with every fact
skipped. The feedback request appears only where it fits (`feedback_fits`).
"""

from __future__ import annotations

from bot.flows.base import Step, Turn, step
from bot.flows.facts import BY_ID, FIELDS, ask_fact, facts, feedback_fits, take_fact, then
from bot.flows.vent import route
from bot.render import Safe
from bot.review import review

DRAFT = "recovery.draft"
FIX = "recovery.draft.fix"
FIX_VALUE = "recovery.draft.fix_value"
REVIEW = "recovery.draft.review"
REVIEWED = "recovery.draft.reviewed"
TONES = ("warm", "brief", "formal")


def email(t: Turn, tone: str) -> str:
    """The email in neutral markdown, ready to copy."""
    known = facts(t)
    return t.msgs.say(
        f"recovery/email/{tone}",
        company=known.get("company"), role=known.get("role"),
        interviewer=known.get("interviewer"), enjoyed=known.get("enjoyed"),
        stage=known.get("stage"), feedback=feedback_fits(known),
        name=t.event.name or t.data.get("name"),
    )


@step
class Draft(Step):
    name = DRAFT

    def ask(self, t: Turn) -> None:
        tone = t.data.get("tone", "warm")
        t.data["drafted"] = True
        known = facts(t)
        choices = [self.opt(t, other) for other in TONES if other != tone]
        choices += [self.opt(t, "fix"), self.opt(t, "review"),
                    t.option(self.name, "plan", "recovery.way_on.plan"),
                    t.option(self.name, "rest", "recovery.way_on.rest")]
        t.say("recovery/draft/show", email=Safe(email(t, tone)), tone=tone,
              feedback=feedback_fits(known), live=known.get("stage") in ("interview", "final"),
              choices=choices)

    def answer(self, t: Turn) -> str | None:
        if t.choice in TONES:
            t.data["tone"] = t.choice
            self.ask(t)
            return None
        if t.choice == "fix":
            return FIX
        if t.choice == "review":
            return REVIEW
        if t.choice in ("plan", "rest"):
            return route(t)
        if t.text and len(t.text.split()) > 15:
            # A pasted draft: review it rather than asking them to paste it again.
            return Review().answer(t)
        return super().answer(t)


@step
class Fix(Step):
    """Which fact to change."""

    name = FIX

    def ask(self, t: Turn) -> None:
        t.say("recovery/draft/fix", choices=[
            t.option(self.name, fact.id, f"facts.{fact.id}.label") for fact in FIELDS
        ])

    def answer(self, t: Turn) -> str | None:
        if t.choice in BY_ID:
            t.data["fixing"] = t.choice
            return FIX_VALUE
        return super().answer(t)


@step
class FixValue(Step):
    """The new value for the chosen fact, then the regenerated draft."""

    name = FIX_VALUE

    def ask(self, t: Turn) -> None:
        ask_fact(t, self.name, BY_ID[t.data.get("fixing", "company")], skip_all=False)

    def answer(self, t: Turn) -> str | None:
        fact = BY_ID[t.data.get("fixing", "company")]
        if t.choice == "skip":
            facts(t).pop(fact.id, None)
        elif not take_fact(t, fact):
            return super().answer(t)
        t.data.pop("fixing", None)
        t.conv.history = [s for s in t.conv.history if s not in (FIX, FIX_VALUE)]
        t.conv.step = DRAFT
        t.say("recovery/draft/updated")
        Draft().ask(t)
        return None


@step
class Review(Step):
    """Paste your own draft; get each risky habit named with a gentler alternative."""

    name = REVIEW

    def ask(self, t: Turn) -> None:
        back_button = self.opt(t, "back_to_draft", "recovery.draft.back_to_draft")
        t.say("recovery/draft/review_ask", choices=[back_button])

    def answer(self, t: Turn) -> str | None:
        if t.choice == "back_to_draft":
            return then(t, "draft")
        if not t.text:
            return super().answer(t)
        findings = review(t.text)
        t.data["reviews"] = t.data.get("reviews", 0) + 1
        t.conv.step = REVIEWED
        t.say("recovery/draft/review", findings=findings, words=len(t.text.split()),
              choices=Reviewed.choices(t))
        return None


@step
class Reviewed(Step):
    name = REVIEWED

    @staticmethod
    def choices(t: Turn) -> list:
        return [t.option(REVIEWED, "again"), t.option(REVIEWED, "draft"),
                t.option(REVIEWED, "plan", "recovery.way_on.plan"),
                t.option(REVIEWED, "rest", "recovery.way_on.rest")]

    def ask(self, t: Turn) -> None:
        t.say("recovery/draft/reviewed", choices=self.choices(t))

    def answer(self, t: Turn) -> str | None:
        if t.choice == "again":
            return REVIEW
        if t.choice == "draft":
            return then(t, "draft")
        if t.choice in ("plan", "rest"):
            return route(t)
        if t.text:
            return Review().answer(t)
        return super().answer(t)

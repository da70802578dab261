"""What happens when the crisis screen is worried. Wording is fixed in `messages/safety/`.

The flow stops; the person is met with care and resources, then chooses
what happens next. Where they were is kept, so "keep talking" resumes it.
"""

from __future__ import annotations

from bot.flows.base import STEPS, Step, Turn, go, step
from bot.listening.intent import concern
from bot.safety import Finding, Tier, advice_topic, resources_for

AFTER = "care.after"
CHECK = "care.check"


def record(t: Turn, finding: Finding) -> None:
    """Remember the conversation's risk level (never the words) and count the referral.

    The level only rises: one "I'm safe" does not switch the closer reading off.
    """
    if finding.tier is Tier.ACUTE or t.data.get("risk") != "acute":
        t.data["risk"] = finding.tier.value
    t.store.tally(t.today.isoformat(), "referral", (finding.kind or finding.tier).value)


def start(t: Turn, finding: Finding) -> None:
    if t.conv.step not in (AFTER, CHECK):
        t.data["care_return"] = t.conv.step
    go(t, AFTER if finding.tier is Tier.ACUTE else CHECK, remember=False)


def _return(t: Turn) -> None:
    t.conv.step = t.data.pop("care_return", "") or "recovery.vent"
    STEPS[t.conv.step].ask(t)


def note_advice_limits(t: Turn) -> None:
    topic = advice_topic(t.text)
    if topic == "legal" and _listening_covers_it(t):
        return  # the listening reply says it, with where to ask: one disclaimer, not two
    if topic:
        t.say("safety/no_advice", topic=topic)


def _listening_covers_it(t: Turn) -> bool:
    """Vent answers a first mention of discrimination with its own no-legal-advice note."""
    listening = t.conv.step in ("", "recovery.vent", "recovery.rest")
    return listening and not t.data.get("serious") and concern(t.text) is not None


@step
class After(Step):
    """Resources shown; the person picks: keep talking, pause, or see them again."""

    name = AFTER

    def ask(self, t: Turn) -> None:
        t.say("safety/acute", resources=resources_for(t.region), choices=self._choices(t))

    def _choices(self, t: Turn) -> list:
        return [self.opt(t, "resume"), self.opt(t, "pause"), self.opt(t, "again")]

    def answer(self, t: Turn) -> str | None:
        if t.choice == "resume":
            t.say("safety/resume")
            _return(t)
        elif t.choice == "pause":
            t.data["paused"] = True
            t.say("safety/paused", resources=resources_for(t.region))
        elif t.choice == "again":
            self.ask(t)
        else:
            t.say("safety/still_here", choices=self._choices(t))
        return None


@step
class Check(Step):
    """A direct, kind question after words of hopelessness; no alarm unless they say so."""

    name = CHECK

    def ask(self, t: Turn) -> None:
        t.say("safety/check", choices=[
            self.opt(t, "no"), self.opt(t, "yes"), self.opt(t, "skip"),
        ])

    def answer(self, t: Turn) -> str | None:
        if t.choice == "yes":
            go(t, AFTER, remember=False)
        elif t.choice == "no":
            t.say("safety/check_safe")
            _return(t)
        elif t.choice == "skip":
            t.say("safety/check_skipped", resources=resources_for(t.region))
            _return(t)
        else:
            t.say("safety/check_again")
            self.ask(t)
        return None

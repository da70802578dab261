"""What happens when the crisis screen is worried. Wording is fixed in `messages/safety/`.

The flow stops and the response fits the kind of risk: suicide and self-harm
get the crisis lines and "are you safe right now?"; abuse at home gets "it
isn't your fault" and the domestic-abuse lines; harm to others gets calm
words, the emergency number and a line to talk to. Words of hopelessness get
one direct question first. A response is a detour (`nav.call`), so "talk
about something else" and "keep talking" return to where the person was.

Inside a response, the same kind of risk said again is heard without
starting over (a person answering "are you safe?" in their own words must not
be sent round a loop); a different kind, or a worse signal after "I'm safe
for now", gets its full response.
"""

from __future__ import annotations

from bot import metrics
from bot.flows import nav
from bot.flows.base import STEPS, Step, Turn, step
from bot.flows.names import (
    ABUSE,
    AFTER,
    CARE,
    CHECK,
    OTHERS,
    REST,
    SAFE,
    SAFETY_PLAN,
    SAFETY_PLAN_FIRST,
    UNSAFE,
    VENT,
    in_care,
)
from bot.listening.intent import concern
from bot.model import Choice
from bot.safety import Finding, Tier, advice_topic
from bot.safety.resources import REGIONS, SUPPORTED, Help, help_for, pick_region, region_code


def record(t: Turn, finding: Finding) -> None:
    """Remember the conversation's risk level (never the words) and count the referral.

    The level only rises: one "I'm safe" does not switch the closer reading off.
    """
    if finding.tier is Tier.ACUTE or t.data.risk != "acute":
        t.data.risk = finding.tier.value
    kind = (finding.kind or finding.tier).value
    t.store.tally(t.today.isoformat(), "referral", kind)
    metrics.count(metrics.REFERRALS, kind=kind)


def start(t: Turn, finding: Finding) -> None:
    """Answer a risky message with the response its kind needs, and nothing else."""
    here = t.conv.step
    response = finding.response or "suicide"
    if _planning(here, response, finding):
        # A safety plan is *about* these thoughts: warning signs and means are its answers.
        t.say("safety/plan/noted")
        nav.current(t).answer(t)
        return
    if here in CARE and response == t.data.care_response and not _worse(here, finding):
        hold(t)
        return
    t.data.care_response = response
    to = {"abuse": ABUSE, "others": OTHERS}.get(
        response, AFTER if finding.tier is Tier.ACUTE else CHECK)
    if in_care(here):
        nav.go(t, to, remember=False)  # a new response within the one under way
    else:
        nav.call(t, to, remember=False)


def _planning(here: str, response: str, finding: Finding) -> bool:
    """Words about suicide while writing a safety plan, where they are what it asks about
    (unless acute, except in the sections about the thoughts and the means)."""
    return here.startswith(SAFETY_PLAN) and response == "suicide" and (
        finding.tier is not Tier.ACUTE or getattr(STEPS[here], "holds_risk", False))


def _worse(here: str, finding: Finding) -> bool:
    """A signal that outranks what the person last told us: it gets the full response again."""
    return finding.tier is Tier.ACUTE and here in (CHECK, SAFE)


def hold(t: Turn) -> None:
    """Still here, same question: for words that say again what the response already heard."""
    current = t.conv.step
    if current == CHECK:
        t.say("safety/check_again")
        STEPS[CHECK].ask(t)
    elif current == UNSAFE:
        t.say("safety/unsafe_again", help=help_here(t), choices=_choices(t, current))
    else:
        t.say("safety/hold", help=help_here(t), choices=_choices(t, current))


def help_here(t: Turn) -> Help:
    """The lines for this person: their own choice, their platform's locale, then the default."""
    return help_for(pick_region(t.data.region, t.data.locale, t.region))


def resume(t: Turn) -> None:
    """Back to where the person was before the response, asking its question again."""
    t.data.care_response = None
    nav.finish(t)


def pause(t: Turn) -> None:
    """Pause, leaving the conversation where it was before, so coming back picks that up."""
    t.data.paused = True
    t.say("safety/paused", help=help_here(t), abuse=_abuse(t))
    t.data.care_response = None
    nav.finish(t, ask=False)


def contacts(t: Turn) -> None:
    """The lines again, for whoever asks ("helplines"), then whatever was on the table."""
    t.say("safety/contacts", help=help_here(t), abuse=_abuse(t),
          choices=_choices(t, t.conv.step) if t.conv.step in CARE else ())
    if t.conv.step not in CARE:
        nav.reask(t)


def choose_region(t: Turn, said: str | None) -> None:
    """`region GB`: whose lines to show from now on. Unknown or missing: what's supported."""
    code = region_code(said)
    if code:
        t.data.region = code
        t.say("safety/region_set", help=help_for(code))
    else:
        t.say("safety/region_help", help=help_here(t), asked=(said or "").upper()[:20],
              regions=[REGIONS[c] for c in SUPPORTED])
    if t.conv.step in CARE:
        t.say("safety/still_here", choices=_choices(t, t.conv.step))
    else:
        nav.reask(t)


def note_advice_limits(t: Turn) -> None:
    """Say plainly what the bot won't advise on. Never on a risky turn: the engine skips it."""
    topic = advice_topic(t.text)
    if topic == "legal" and _listening_covers_it(t):
        return  # the listening reply says it, with where to ask: one disclaimer, not two
    if topic:
        t.say("safety/no_advice", topic=topic)


def _abuse(t: Turn) -> bool:
    return t.data.care_response == "abuse"


def _listening_covers_it(t: Turn) -> bool:
    """Vent answers a first mention of discrimination with its own no-legal-advice note."""
    listening = t.conv.step in ("", VENT, REST)
    return listening and not t.data.serious and concern(t.text) is not None


def _choices(t: Turn, name: str) -> list[Choice]:
    """The buttons a response step offers again, without repeating its whole message."""
    current = STEPS[name]
    return current.choices(t) if isinstance(current, _CareStep) else []


class _CareStep(Step):
    """A step of a response: it can always offer its buttons again without its full text."""

    options: tuple[str, ...] = ()

    def choices(self, t: Turn) -> list[Choice]:
        return [self.opt(t, o) for o in self.options]

    def answer(self, t: Turn) -> None:
        if t.choice == "resume":
            t.say("safety/resume")
            resume(t)
        elif t.choice == "pause":
            pause(t)
        elif t.choice == "again":
            t.say("safety/contacts", help=help_here(t), abuse=_abuse(t), choices=self.choices(t))
        else:
            t.say("safety/still_here", choices=self.choices(t))


class _AreYouSafe(_CareStep):
    """The full response, ending on "Are you safe right now?"."""

    template = ""
    options = ("yes", "no", "other")

    def ask(self, t: Turn) -> None:
        t.say(self.template, help=help_here(t), choices=self.choices(t))

    def answer(self, t: Turn) -> None:
        if t.choice == "yes":
            nav.go(t, SAFE, remember=False)
        elif t.choice == "no":
            nav.go(t, UNSAFE, remember=False)
        elif t.choice == "other":
            t.say("safety/resume")
            resume(t)
        else:
            super().answer(t)


@step
class After(_AreYouSafe):
    """Suicide and self-harm: warm and direct, the crisis lines, then are you safe."""

    name = AFTER
    template = "safety/acute"


@step
class Abuse(_AreYouSafe):
    """Abuse at home: not their fault, the domestic-abuse lines, then are you safe."""

    name = ABUSE
    template = "safety/abuse"


@step
class Others(_CareStep):
    """Harm to someone else: calm, the emergency number, a line to talk to; they choose next."""

    name = OTHERS
    options = ("resume", "pause", "again")

    def ask(self, t: Turn) -> None:
        t.say("safety/others", help=help_here(t), choices=self.choices(t))


@step
class Unsafe(_CareStep):
    """Not safe: the emergency number first, then the lines; the bot stays."""

    name = UNSAFE
    options = ("yes", "again")

    def ask(self, t: Turn) -> None:
        t.say("safety/unsafe", help=help_here(t), abuse=_abuse(t), choices=self.choices(t))

    def answer(self, t: Turn) -> None:
        if t.choice == "yes":
            nav.go(t, SAFE, remember=False)
        elif t.choice == "again":
            self.ask(t)
        else:
            t.say("safety/unsafe_again", help=help_here(t), choices=self.choices(t))


@step
class Safe(_CareStep):
    """Safe for now: glad, and (after thoughts of suicide) a safety plan, if they'd like one."""

    name = SAFE

    def choices(self, t: Turn) -> list[Choice]:
        options = ("resume", "pause", "again") if _abuse(t) else ("plan", "resume", "pause")
        return [self.opt(t, o) for o in options]

    def ask(self, t: Turn) -> None:
        t.say("safety/safe", abuse=_abuse(t), choices=self.choices(t))

    def answer(self, t: Turn) -> None:
        if t.choice == "plan" and not _abuse(t):
            nav.go(t, SAFETY_PLAN_FIRST, remember=False)
            return
        super().answer(t)


@step
class Check(_CareStep):
    """A direct, kind question after words of hopelessness; no alarm unless they say so."""

    name = CHECK
    options = ("yes", "no", "skip")

    def ask(self, t: Turn) -> None:
        t.say("safety/check", choices=self.choices(t))

    def answer(self, t: Turn) -> None:
        if t.choice == "yes":
            t.data.risk = Tier.ACUTE.value
            t.data.care_response = "suicide"
            nav.go(t, AFTER, remember=False)
        elif t.choice == "no":
            t.say("safety/check_safe")
            resume(t)
        elif t.choice == "skip":
            t.say("safety/check_skipped", help=help_here(t))
            resume(t)
        else:
            t.say("safety/check_again")
            self.ask(t)

"""What happens when the crisis screen is worried. Wording is fixed in `messages/safety/`.

The flow stops and the response fits the kind of risk: suicide and self-harm
get the crisis lines and "are you safe right now?"; abuse at home gets "it
isn't your fault" and the domestic-abuse lines; harm to others gets calm
words, the emergency number and a line to talk to. Words of hopelessness get
one direct question first. Where the person was is kept (`care_return`), so
"talk about something else" and "keep talking" resume it.

Inside a response, the same kind of risk said again is heard without
starting over (a person answering "are you safe?" in their own words must not
be sent round a loop); a different kind, or a worse signal after "I'm safe
for now", gets its full response.
"""

from __future__ import annotations

from bot import metrics
from bot.flows.base import STEPS, Step, Turn, go, reask, step
from bot.listening.intent import concern
from bot.model import Choice
from bot.safety import Finding, Tier, advice_topic
from bot.safety.resources import REGIONS, SUPPORTED, Help, help_for, pick_region, region_code

AFTER = "care.after"
CHECK = "care.check"
ABUSE = "care.abuse"
OTHERS = "care.others"
UNSAFE = "care.unsafe"
SAFE = "care.safe"
CARE_STEPS = frozenset({AFTER, CHECK, ABUSE, OTHERS, UNSAFE, SAFE})
PLAN = "safety_plan."
PLAN_FIRST = PLAN + "signs"
START = "recovery.vent"


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
    if here.startswith(PLAN) and response == "suicide" and (
            finding.tier is not Tier.ACUTE or getattr(STEPS[here], "holds_risk", False)):
        # A safety plan is *about* these thoughts: warning signs and means are its answers.
        t.say("safety/plan/noted")
        following = STEPS[here].answer(t)
        if following:
            go(t, following)
        return
    if here in CARE_STEPS and response == t.data.care_response and not _worse(here, finding):
        hold(t)
        return
    if here not in CARE_STEPS and not here.startswith(PLAN):
        t.data.care_return = here
    t.data.care_response = response
    if response == "abuse":
        go(t, ABUSE, remember=False)
    elif response == "others":
        go(t, OTHERS, remember=False)
    else:
        go(t, AFTER if finding.tier is Tier.ACUTE else CHECK, remember=False)


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
    t.conv.step, t.data.care_return = t.data.care_return or START, None
    STEPS[t.conv.step].ask(t)


def pause(t: Turn) -> None:
    """Pause, leaving the conversation where it was before, so coming back picks that up."""
    t.data.paused = True
    t.say("safety/paused", help=help_here(t), abuse=_abuse(t))
    t.data.care_response = None
    t.conv.step, t.data.care_return = t.data.care_return or START, None


def contacts(t: Turn) -> None:
    """The lines again, for whoever asks ("helplines"), then whatever was on the table."""
    t.say("safety/contacts", help=help_here(t), abuse=_abuse(t),
          choices=_choices(t, t.conv.step) if t.conv.step in CARE_STEPS else ())
    if t.conv.step not in CARE_STEPS:
        reask(t)


def choose_region(t: Turn, said: str | None) -> None:
    """`region GB`: whose lines to show from now on. Unknown or missing: what's supported."""
    code = region_code(said)
    if code:
        t.data.region = code
        t.say("safety/region_set", help=help_for(code))
    else:
        t.say("safety/region_help", help=help_here(t), asked=(said or "").upper()[:20],
              regions=[REGIONS[c] for c in SUPPORTED])
    if t.conv.step in CARE_STEPS:
        t.say("safety/still_here", choices=_choices(t, t.conv.step))
    else:
        reask(t)


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
    listening = t.conv.step in ("", "recovery.vent", "recovery.rest")
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

    def answer(self, t: Turn) -> str | None:
        if t.choice == "resume":
            t.say("safety/resume")
            resume(t)
        elif t.choice == "pause":
            pause(t)
        elif t.choice == "again":
            t.say("safety/contacts", help=help_here(t), abuse=_abuse(t), choices=self.choices(t))
        else:
            t.say("safety/still_here", choices=self.choices(t))
        return None


class _AreYouSafe(_CareStep):
    """The full response, ending on "Are you safe right now?"."""

    template = ""
    options = ("yes", "no", "other")

    def ask(self, t: Turn) -> None:
        t.say(self.template, help=help_here(t), choices=self.choices(t))

    def answer(self, t: Turn) -> str | None:
        if t.choice == "yes":
            go(t, SAFE, remember=False)
        elif t.choice == "no":
            go(t, UNSAFE, remember=False)
        elif t.choice == "other":
            t.say("safety/resume")
            resume(t)
        else:
            return super().answer(t)
        return None


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

    def answer(self, t: Turn) -> str | None:
        if t.choice == "yes":
            go(t, SAFE, remember=False)
        elif t.choice == "again":
            self.ask(t)
        else:
            t.say("safety/unsafe_again", help=help_here(t), choices=self.choices(t))
        return None


@step
class Safe(_CareStep):
    """Safe for now: glad, and (after thoughts of suicide) a safety plan, if they'd like one."""

    name = SAFE

    def choices(self, t: Turn) -> list[Choice]:
        options = ("resume", "pause", "again") if _abuse(t) else ("plan", "resume", "pause")
        return [self.opt(t, o) for o in options]

    def ask(self, t: Turn) -> None:
        t.say("safety/safe", abuse=_abuse(t), choices=self.choices(t))

    def answer(self, t: Turn) -> str | None:
        if t.choice == "plan" and not _abuse(t):
            go(t, PLAN_FIRST, remember=False)
            return None
        return super().answer(t)


@step
class Check(_CareStep):
    """A direct, kind question after words of hopelessness; no alarm unless they say so."""

    name = CHECK
    options = ("yes", "no", "skip")

    def ask(self, t: Turn) -> None:
        t.say("safety/check", choices=self.choices(t))

    def answer(self, t: Turn) -> str | None:
        if t.choice == "yes":
            t.data.risk = Tier.ACUTE.value
            t.data.care_response = "suicide"
            go(t, AFTER, remember=False)
        elif t.choice == "no":
            t.say("safety/check_safe")
            resume(t)
        elif t.choice == "skip":
            t.say("safety/check_skipped", help=help_here(t))
            resume(t)
        else:
            t.say("safety/check_again")
            self.ask(t)
        return None

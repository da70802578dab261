"""Draft a reply: an email that fits what happened, or a review of their own.

The email is always complete (subject and body) even with every fact
skipped. Which email it is follows the situation (`bot.situation`): a
thank-you, a follow-up after silence, a brief note after an automated no, or,
after a second silence, no email at all but permission to let it go. Their
own words go in only where they read as a phrase; names greet, never narrate.
"""

from __future__ import annotations

import re

from bot import routes
from bot.flows import facts as facts_form
from bot.flows import journey_log, nav
from bot.flows.base import Step, Turn, step
from bot.flows.facts import BY_ID, FIELDS, facts
from bot.flows.form import Slot
from bot.flows.names import DRAFT, FIX, FIX_VALUE, REVIEW, REVIEWED
from bot.mailto import MailtoLink, email_parts, mailto
from bot.model import Link
from bot.phrases import addressee, phrase, to_you
from bot.render import Safe
from bot.review import is_draft, review, strengths
from bot.situation import (
    AUTOMATED,
    GHOSTED,
    LET_GO,
    LIVE_STAGES,
    asks_feedback,
    met_someone,
    situation,
)
from bot.text import shorten

TONES = ("warm", "brief", "formal")
EMAILS = {GHOSTED: "follow_up", AUTOMATED: "note"}
QUOTE_CHARS = 160
PASTED_DRAFT_WORDS = 15
_FOLLOWED_UP = re.compile(r"\b(?:already|did|have|i'?ve)\s+(?:followed\s+up|chased|nudged|"
                          r"checked\s+in|sent\s+(?:a\s+)?follow)|\bfollowed\s+up\s+(?:already|once|"
                          r"twice|before)\b", re.I)


def _situation(t: Turn) -> str:
    """A second silence means letting go, unless they asked for one last note anyway."""
    return situation(facts(t), followed_up=t.data.followed_up
                     and not t.data.last_note)


def mail_link(drafted: str, to: str | None) -> MailtoLink:
    """The draft for their email app: to the person who wrote, if we know their address."""
    subject, body = email_parts(drafted)
    return mailto(subject, body, to=to)


def email(t: Turn, tone: str) -> str:
    """The email in neutral markdown, ready to copy."""
    known = facts(t)
    who = addressee(known.get("interviewer"))
    enjoyed = phrase(known.get("enjoyed"))
    return t.msgs.say(
        f"recovery/email/{EMAILS.get(_situation(t), 'thanks')}/{tone}",
        company=known.get("company"), role=known.get("role"),
        first=who.first if who else None, full=who.full if who else None,
        enjoyed=to_you(enjoyed, who) if enjoyed else None,
        enjoyed_blank=bool(known.get("enjoyed")) and not enjoyed,
        stage=known.get("stage"), live=known.get("stage") in LIVE_STAGES,
        feedback=asks_feedback(known), linkedin=met_someone(known),
        name=t.event.name or t.data.name,
    )


@step
class Draft(Step):
    name = DRAFT

    def ask(self, t: Turn) -> None:
        tone = t.data.tone
        t.data.drafted = True
        known = facts(t)
        now = _situation(t)
        ways_on = routes.buttons(t, self.name)
        if now == LET_GO:
            t.say("recovery/draft/let_go", choices=[self.opt(t, "last_note"), *ways_on])
            return
        buttons = [self.opt(t, other) for other in TONES if other != tone]
        last_note = t.data.last_note
        if now == GHOSTED and not last_note:
            buttons.append(self.opt(t, "followed_up"))
        buttons += [self.opt(t, "sent"), self.opt(t, "fix"), self.opt(t, "review"), *ways_on]
        given = known.get("enjoyed")
        drafted = email(t, tone)
        link = mail_link(drafted, known.get("reply_to"))
        t.say("recovery/draft/show", email=Safe(drafted), tone=tone, situation=now,
              links=[Link(t.label("links.email_app"), link.url)],
              last_note=last_note,
              feedback=asks_feedback(known), live=known.get("stage") in LIVE_STAGES,
              stage=known.get("stage"), met_manager=known.get("met_manager"),
              enjoyed_words=shorten(given, QUOTE_CHARS) if given and not phrase(given) else None,
              unnamed=bool(known.get("interviewer")) and not addressee(known.get("interviewer")),
              choices=buttons)
        if not link.whole:
            t.say("recovery/draft/mailto_subject_only")

    def answer(self, t: Turn) -> None:
        if t.choice == "sent":
            journey_log.replied(t)
            t.say("recovery/draft/sent", choices=routes.buttons(t, self.name))
        else:
            self._answer(t)

    def _answer(self, t: Turn) -> None:
        if self._changed(t):
            self.ask(t)
        elif t.choice in ("fix", "review"):
            nav.go(t, FIX if t.choice == "fix" else REVIEW)
        elif routes.follow(t):
            return
        elif t.text and len(t.text.split()) > PASTED_DRAFT_WORDS and is_draft(t.text):
            # A pasted draft: review it rather than asking them to paste it again.
            review_pasted(t)
        else:
            # A short hint, not the whole email again: its buttons are still on screen.
            t.say("recovery/draft/hint")

    @staticmethod
    def _changed(t: Turn) -> bool:
        """Apply a change to the email itself (a tone, "I already followed up"); False if
        the answer asked for none."""
        if t.choice in TONES:
            t.data.tone = t.choice
        elif t.choice == "followed_up" or (t.text and _FOLLOWED_UP.search(t.text)
                                           and _situation(t) == GHOSTED):
            t.data.followed_up = True
            t.data.last_note = False
        elif t.choice == "last_note":
            t.data.last_note = True
        else:
            return False
        return True


@step
class Fix(Step):
    """Which fact to change."""

    name = FIX

    def ask(self, t: Turn) -> None:
        t.say("recovery/draft/fix", choices=[
            t.option(self.name, fact.id, f"facts.{fact.id}.label") for fact in FIELDS
        ])

    def answer(self, t: Turn) -> None:
        if t.choice in BY_ID:
            t.data.fixing = t.choice
            nav.go(t, FIX_VALUE)
        else:
            super().answer(t)


@step
class FixValue(Step):
    """The new value for the chosen fact, then the regenerated draft."""

    name = FIX_VALUE

    def ask(self, t: Turn) -> None:
        facts_form.form().question(t, self._fact(t), self.name, skip_all=False)

    @staticmethod
    def _fact(t: Turn) -> Slot:
        return BY_ID[t.data.fixing or "company"]

    def answer(self, t: Turn) -> None:
        fact = self._fact(t)
        if t.choice == "skip":
            facts(t).pop(fact.id, None)
        elif not facts_form.take(t, fact, self._refused):
            return
        t.data.fixing = None
        journey_log.record(t)  # the entry follows the corrected facts
        nav.rewind(t, DRAFT)
        t.say("recovery/draft/updated")
        nav.reask(t)

    def _refused(self, t: Turn, fact: Slot, why: str) -> None:
        if why == "too_long":
            t.say("recovery/facts/too_long", limit=fact.max_length)
        Step.answer(self, t)


@step
class Review(Step):
    """Paste your own draft; get each risky habit named with a gentler alternative."""

    name = REVIEW

    def ask(self, t: Turn) -> None:
        back_button = self.opt(t, "back_to_draft", "recovery.draft.back_to_draft")
        t.say("recovery/draft/review_ask", choices=[back_button])

    def answer(self, t: Turn) -> None:
        if routes.follow(t):
            return
        if not t.text:
            super().answer(t)
        else:
            review_pasted(t)


def review_pasted(t: Turn) -> None:
    """Read a pasted draft as the hiring team might; the review's buttons are Reviewed's."""
    if not is_draft(t.text):
        t.say("recovery/draft/not_a_draft")
        return
    findings = review(t.text)
    t.data.reviews += 1
    nav.move(t, REVIEWED, remember=False)
    t.say("recovery/draft/review", findings=findings, strengths=strengths(t.text),
          words=len(t.text.split()), choices=Reviewed.choices(t))


@step
class Reviewed(Step):
    name = REVIEWED

    @staticmethod
    def choices(t: Turn) -> list:
        return [t.option(REVIEWED, "again"), *routes.buttons(t, REVIEWED)]

    def ask(self, t: Turn) -> None:
        t.say("recovery/draft/reviewed", choices=self.choices(t))

    def answer(self, t: Turn) -> None:
        if t.choice == "again":
            nav.go(t, REVIEW)
        elif routes.follow(t):
            return
        elif t.text:
            review_pasted(t)
        else:
            super().answer(t)

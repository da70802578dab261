"""Export and forget: everything stored about a person, out as JSON or gone."""

from __future__ import annotations

import json

from bot.flows import nav
from bot.flows.base import Step, Turn, step
from bot.flows.names import FORGET, START
from bot.model import Attachment


def export(t: Turn) -> None:
    stored = t.store.export(t.conv.key)
    payload = json.dumps(stored, indent=2, ensure_ascii=False, default=str)
    t.say("privacy/export", attachments=[
        Attachment("rebound-my-data.json", "application/json", payload.encode("utf-8"))])


def policy(t: Turn) -> None:
    """The privacy notice in a few lines, with the operator's retention and full notice."""
    t.say("privacy/policy", keep_days=t.retain_days, url=t.privacy_url)


@step
class Forget(Step):
    """"forget me" asks once, plainly; yes deletes every row with their key."""

    name = FORGET

    def ask(self, t: Turn) -> None:
        t.say("privacy/forget_confirm", choices=[self.opt(t, "yes"), self.opt(t, "no")])

    def answer(self, t: Turn) -> None:
        if t.choice == "yes":
            t.store.forget(t.conv.key)
            t.forgotten = True
            t.say("privacy/forgotten")
        elif t.choice == "no":
            t.say("privacy/kept")
            if not nav.back(t):
                nav.go(t, START, remember=False)
        else:
            super().answer(t)

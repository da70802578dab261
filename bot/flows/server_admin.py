"""`/rejected settings`: what a workspace's or server's admins decide about Rebound there.

Only someone the platform calls an admin (Slack workspace admin or owner,
Discord Manage Server) gets in. On Discord the conversation moves to DMs,
where the platform says nothing about admin rights, so the check made when
the command ran is held for the place it was run in, for ADMIN_FOR.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from bot import server_settings
from bot.flows import nav
from bot.flows.base import Step, Turn, step
from bot.flows.names import SETTINGS
from bot.safety.resources import REGIONS, SUPPORTED, help_for, region_code
from bot.server_settings import ServerSettings
from bot.state import AdminOf

ADMIN_FOR = timedelta(hours=1)
TOGGLES = ("member_groups", "notes", "buddies")
_DAYS = re.compile(r"^\s*(\d{1,5})\b")


def command(t: Turn) -> None:
    here = {"private": True, "channel": t.event.channel} if t.event.channel else {}
    if not t.event.admin:
        t.say("admin/not_allowed", platform=t.conv.platform, **here)
        return
    t.data.admin_of = AdminOf(t.place, (t.now + ADMIN_FOR).isoformat())
    if t.event.channel:
        t.say("global/moved_to_dm", **here)
    nav.call(t, SETTINGS)


def _held(t: Turn) -> AdminOf | None:
    held = t.data.admin_of
    if held and datetime.fromisoformat(held.until) > t.now:
        return held
    return None


def _load(t: Turn, held: AdminOf) -> ServerSettings:
    return server_settings.load(t.store, t.conv.platform, held.place)


def _save(t: Turn, held: AdminOf, settings: ServerSettings) -> None:
    server_settings.save(t.store, t.conv.platform, held.place, settings, t.now)


@step
class Settings(Step):
    """The settings with a button each; region and retention are then typed."""

    name = SETTINGS
    own_numbers = True

    def ask(self, t: Turn, saved: bool = False) -> None:
        held = _held(t)
        if held is None:
            t.say("admin/expired", platform=t.conv.platform)
            return
        current = _load(t, held)
        if held.asking == "region":
            t.say("admin/ask_region", current=current.region,
                  regions=[REGIONS[c] for c in SUPPORTED],
                  choices=[self.opt(t, "default", "admin.use_default"),
                           self.opt(t, "cancel", "admin.cancel")])
        elif held.asking == "retention":
            t.say("admin/ask_retention", current=current.retain_days, most=t.operator_days,
                  choices=[self.opt(t, "default", "admin.use_default"),
                           self.opt(t, "cancel", "admin.cancel")])
        else:
            choices = [self.opt(t, f, f"admin.{f}_{'off' if getattr(current, f) else 'on'}")
                       for f in TOGGLES]
            choices += [self.opt(t, "region", "admin.region"),
                        self.opt(t, "retention", "admin.retention"),
                        self.opt(t, "done", "admin.done")]
            t.say("admin/settings", saved=saved, settings=current, platform=t.conv.platform,
                  region=help_for(current.region) if current.region else None,
                  operator_region=help_for(t.operator_region) if t.operator_region else None,
                  keep_days=min(current.retain_days or t.operator_days, t.operator_days),
                  choices=choices)

    def answer(self, t: Turn) -> None:
        held = _held(t)
        if held is None:
            t.say("admin/expired", platform=t.conv.platform)
            _done(t)
        elif t.choice == "done":
            t.say("admin/done")
            _done(t)
        elif (saved := self._apply(t, held)) is not None:
            self.ask(t, saved=saved)

    @staticmethod
    def _apply(t: Turn, held: AdminOf) -> bool | None:
        """Act on the answer: True when a setting was saved, False when none was (the
        settings are shown again), None when what they typed didn't fit (they were told)."""
        current = _load(t, held)
        if t.choice == "cancel":
            held.asking = None
            return False
        if held.asking:
            change = _typed(t, held.asking)
            if change is None:
                return None
            _save(t, held, current.changed(**change))
            held.asking = None
            return True
        if t.choice in TOGGLES:
            _save(t, held, current.changed(**{t.choice: not getattr(current, t.choice)}))
            return True
        if t.choice in ("region", "retention"):
            held.asking = t.choice
        else:
            t.say("global/not_understood")
        return False


def _typed(t: Turn, asking: str) -> dict[str, Any] | None:
    """The change a typed region or number of days asks for; None (and why) if it can't be."""
    if t.choice == "default":
        return {"region" if asking == "region" else "retain_days": None}
    if asking == "region":
        code = region_code(t.text)
        if code is None:
            t.say("admin/bad_region", asked=t.text[:20])
        return None if code is None else {"region": code}
    number = _DAYS.match(t.text)
    days = int(number.group(1)) if number else 0
    if not 1 <= days <= t.operator_days:
        t.say("admin/bad_retention", most=t.operator_days)
        return None
    return {"retain_days": days}


def _done(t: Turn) -> None:
    t.data.admin_of = None
    nav.finish(t, ask=False)


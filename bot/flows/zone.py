"""The person's time zone, asked once where the platform doesn't tell us.

Called as a detour (`nav.call`) before the first date is shown or a plan is
saved, and answered with a common zone's button or a typed city or zone.
"""

from __future__ import annotations

from bot import choices
from bot.dates import parse_zone
from bot.flows import nav
from bot.flows.base import Step, Turn, step
from bot.flows.names import PICK, ZONE

COMMON_ZONES = ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
                "Europe/London", "Europe/Berlin", "Asia/Kolkata", "Australia/Sydney", "UTC")


@step
class Zone(Step):
    name = ZONE

    def ask(self, t: Turn) -> None:
        frame = nav.inside(t)
        t.say("settings/timezone", before_dates=bool(frame) and frame.then == PICK, choices=[
            self.opt(t, choices.value_option(zone), f"zones.{zone.replace('/', '_')}")
            for zone in COMMON_ZONES
        ])

    def answer(self, t: Turn) -> None:
        zone = choices.option_value(t.choice, COMMON_ZONES) if t.choice else parse_zone(t.text)
        if zone not in COMMON_ZONES and (not zone or not parse_zone(zone)):
            t.say("settings/timezone_unknown")
            return
        t.conv.timezone = zone
        t.say("settings/timezone_saved", zone=zone)
        if nav.inside(t):
            nav.finish(t)
        elif not nav.back(t):
            nav.reask(t)

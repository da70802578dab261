"""What the engine and the sender count, for whoever watches the process.

`bot/` must not import a metrics library (`rebound chat` installs none), so
it reports here, and an adapter that serves `/metrics` plugs in a `Meter`
(`adapters.metrics`) for the whole process, as logging has one configuration
per process. Until one does, reporting costs a global lookup and does nothing.

Labels carry kinds and outcomes only, from the fixed sets below or a
platform's own error codes: never a person, a workspace, a channel or
anything anyone wrote.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

TURNS = "turns"
TURN_SECONDS = "turn_seconds"
DELIVERIES = "deliveries"
DELIVERY_FAILURES = "delivery_failures"
REFERRALS = "crisis_referrals"
API_ERRORS = "platform_api_errors"
API_RETRIES = "platform_api_retries"

COUNTERS: Mapping[str, tuple[str, tuple[str, ...]]] = {
    TURNS: ("Turns run, by outcome: answered, or failed (the person was told)", ("outcome",)),
    DELIVERIES: ("Replies the platform took, by kind: reply to a turn, or scheduled", ("kind",)),
    DELIVERY_FAILURES: ("Replies not delivered this round, by kind and reason: refused (for "
                        "good), gave_up, error (a bug), or waiting (tried again later)",
                        ("kind", "reason")),
    REFERRALS: ("Crisis referrals shown, by kind of risk", ("kind",)),
    API_ERRORS: ("Failed platform API calls while sending, by whether another try may work "
                 "and the platform's error code", ("transient", "code")),
    API_RETRIES: ("Platform API calls tried again after a transient failure", ()),
}
"""Name -> (help, label names): the adapter builds its counters from this."""

HISTOGRAMS: Mapping[str, tuple[str, tuple[float, ...]]] = {
    TURN_SECONDS: ("Seconds from a turn starting to its replies being saved",
                   (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)),
}


class Meter(Protocol):
    """Where counts go: one per process, set by the adapter that exposes them."""

    def count(self, name: str, labels: Mapping[str, str], amount: float) -> None: ...

    def observe(self, name: str, value: float) -> None: ...


_meter: Meter | None = None


def use(meter: Meter | None) -> Meter | None:
    """Send this process's counts to `meter` (None: nowhere); the one it replaces."""
    global _meter
    before, _meter = _meter, meter
    return before


def count(name: str, amount: float = 1.0, **labels: str) -> None:
    if _meter is not None:
        _meter.count(name, labels, amount)


def observe(name: str, value: float) -> None:
    if _meter is not None:
        _meter.observe(name, value)

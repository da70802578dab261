"""Reminders and other scheduled messages, delivered by the running process.

`deliver_due` is one pass and takes the time from the engine's clock, so
tests drive it with an injected clock; `ReminderLoop` repeats it in a daemon
thread. A delivery is marked sent only after Slack accepted it, so an outage
makes a reminder late, never lost; one Slack will never accept (the person
left, the channel was archived) is dropped rather than retried forever.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from adapters.slack.app import PLATFORM, SendError
from bot import Delivery, Engine
from bot.engine import where

INTERVAL = 30.0

log = logging.getLogger("rebound.slack.reminders")

Send = Callable[[Delivery], str | None]
"""Posts a delivery and returns the first message's ts; raises SendError."""


def deliver_due(engine: Engine, send: Send, now: datetime | None = None) -> int:
    """Send every Slack delivery due at `now` (default: the engine's clock); the number sent."""
    sent = 0
    for delivery in engine.due(now, platform=PLATFORM):
        try:
            posted = send(delivery)
        except SendError as failure:
            if failure.permanent:
                log.info("delivery %s undeliverable (%s); dropping it", delivery.id, failure.code)
                engine.mark_sent(delivery.id)
            else:
                log.warning("delivery %s failed (%s); retried after its lease",
                            delivery.id, failure.code)
            continue
        engine.mark_sent(delivery.id, posted)
        sent += 1
    return sent


class ReminderLoop(threading.Thread):
    """`deliver_due` every `interval` seconds until `stop()`; errors are logged, never fatal."""

    def __init__(self, engine: Engine, send: Send, interval: float = INTERVAL) -> None:
        super().__init__(name="rebound-reminders", daemon=True)
        self._engine, self._send, self._interval = engine, send, interval
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.is_set():
            try:
                deliver_due(self._engine, self._send)
            except Exception as err:
                log.error("reminder pass failed: %s", where(err))
            self._stopped.wait(self._interval)

    def stop(self) -> None:
        self._stopped.set()

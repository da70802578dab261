"""Workers that turn inbox rows into turns, so a request thread only stores and acknowledges.

An adapter's request thread calls `Engine.receive` (one short transaction)
and acknowledges; `Workers` take the rows (`Engine.take`: each conversation's
oldest first, one at a time, in this process or any other on the database)
and run the turns (`Engine.process`), which put the replies in the outbox.
Rows left by a crash are taken on start: a free row at once, one that was
mid-turn when its lease runs out.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping

from bot.engine import Engine
from bot.logs import describe_failure
from bot.model import Event, Inbound

POLL = 2.0
"""Seconds between looks at the inbox when nobody said there is work (other processes'
rows, leases running out)."""
THREADS = 4

log = logging.getLogger("rebound.inbox")

Prepare = Callable[[Inbound], tuple[Event, Mapping[str, object]]]
"""What the adapter learns before the turn (a time zone, where the reply goes); may be slow."""


class Workers:
    """A few threads running turns; `notify` after `receive` wakes one."""

    def __init__(self, engine: Engine, *, prepare: Prepare | None = None,
                 done: Callable[[Inbound], None] | None = None, threads: int = THREADS,
                 poll: float = POLL) -> None:
        self._engine, self._prepare, self._done = engine, prepare, done
        self._count, self._poll = threads, poll
        self._work = threading.Semaphore(0)
        self._stopped = threading.Event()
        self._threads: list[threading.Thread] = []

    def run_pending(self) -> int:
        """Run every turn that can be taken now, in this thread; how many ran."""
        ran = 0
        while not self._stopped.is_set() and (inbound := self._engine.take()) is not None:
            self._run(inbound)
            ran += 1
        return ran

    def _run(self, inbound: Inbound) -> None:
        event, meta = inbound.event, inbound.meta
        if self._prepare is not None:
            try:
                event, meta = self._prepare(inbound)
            except Exception as err:  # the turn still runs, on what was stored
                log.warning("preparing a turn failed: %s", describe_failure(err))
        self._engine.process(inbound, event, meta)
        if self._done is not None:
            try:
                self._done(inbound)
            except Exception as err:
                log.warning("after a turn: %s", describe_failure(err))

    def notify(self) -> None:
        self._work.release()

    def start(self) -> None:
        for n in range(self._count):
            thread = threading.Thread(target=self._loop, name=f"rebound-turns-{n}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the turns under way (a deploy loses none) and stop."""
        self._stopped.set()
        for _ in self._threads:
            self._work.release()
        for thread in self._threads:
            thread.join(timeout)

    def _loop(self) -> None:
        while not self._stopped.is_set():
            try:
                self.run_pending()
            except Exception as err:  # the database was locked too long, a disk filled up
                log.error("turn worker: %s", describe_failure(err))
            self._work.acquire(timeout=self._poll)

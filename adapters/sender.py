"""The one sender per process: outbox rows to the platform, in order per conversation.

Replies, reminders, check-ins and digests all wait in the engine's outbox.
A `Sender` claims the first unsent row of each lane (a conversation or a
group channel), hands it to the adapter's `Transport`, marks it done, then
takes that lane's next row; lanes run side by side on a few threads.

A transient failure (429 with its Retry-After, 5xx, a timeout, a refused
connection) is retried with `tenacity`: exponential backoff with jitter, or
the platform's Retry-After, within RETRY_BUDGET seconds and ATTEMPTS tries.
Past that the row stays queued and its lane waits (longer each round), so
nothing is lost and nothing overtakes it. A permanent failure (channel gone,
DMs closed, a message the platform rejects) is recorded with its reason and
logged, never with the content. tenacity rather than slack_sdk's retry
handlers: those sleep inside one Web API call, cannot see a row's whole
history, and exist for Slack only; the same policy here serves Discord too,
and its sleep can be replaced in tests.

Delivery is at least once: a post that reached the platform but whose
answer was lost (a timeout), or a crash between sending and `Engine.sent`,
is posted again when its lease runs out.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    stop_before_delay,
    wait_exponential_jitter,
)

from bot import Engine, metrics
from bot.logs import describe_failure
from bot.model import Outbound

RETRY_BUDGET = 60.0
ATTEMPTS = 8
ROUNDS = 30
"""Rounds of retries before a row is given up on (about a day with LATER's doubling)."""
LATER = timedelta(seconds=30)
LATER_MAX = timedelta(hours=1)
POLL = 2.0
THREADS = 4
BATCH = 50

log = logging.getLogger("rebound.sender")


class TransientError(Exception):
    """Worth trying again; `retry_after` is the platform's own wait in seconds, if it said."""

    def __init__(self, code: str, retry_after: float | None = None) -> None:
        super().__init__(code)
        self.code, self.retry_after = code, retry_after


class PermanentError(Exception):
    """The platform will never take this one (the reason code only, never content)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


Transport = Callable[[Outbound], str | None]
"""Posts one reply; returns the platform's id for the first message posted, if any.
Raises TransientError or PermanentError."""

_backoff = wait_exponential_jitter(max=20)


def _wait(state: RetryCallState) -> float:
    failure = state.outcome.exception() if state.outcome else None
    if isinstance(failure, TransientError) and failure.retry_after is not None:
        return failure.retry_after
    return _backoff(state)


def _retrying(state: RetryCallState) -> None:
    metrics.count(metrics.API_RETRIES)


class Sender:
    """Delivers one platform's outbox rows; `drain` is one pass, `start` keeps passing."""

    def __init__(self, engine: Engine, transport: Transport, *, platform: str,
                 sleep: Callable[[float], None] = time.sleep, threads: int = THREADS,
                 poll: float = POLL, budget: float = RETRY_BUDGET,
                 attempts: int = ATTEMPTS) -> None:
        self._engine, self._transport, self._platform = engine, transport, platform
        self._sleep, self._threads, self._poll = sleep, threads, poll
        self._stop = stop_after_attempt(attempts) | stop_before_delay(budget)
        self._work = threading.Semaphore(0)
        self._stopped = threading.Event()
        self._loop: threading.Thread | None = None
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="rebound-send") \
            if threads > 1 else None

    def drain(self, *, user: str | None = None, channel: str | None = None) -> int:
        """Queue what the schedule says is due, then send everything that can go now.

        Returns how many replies were sent. `user` and `channel` narrow both to
        one person and group (the terminal, which shows only its own).
        """
        self._engine.queue_due(platform=self._platform, user=user, channel=channel)
        return self.send_pending(user=user, channel=channel)

    def send_pending(self, *, user: str | None = None, channel: str | None = None) -> int:
        """Send every reply already queued that can go now; how many were sent."""
        sent = 0
        while not self._stopped.is_set():
            heads = self._engine.outgoing(BATCH, platform=self._platform, user=user,
                                          channel=channel)
            if not heads:
                break
            if self._pool is None:
                sent += sum(self._lane(head) for head in heads)
            else:
                sent += sum(self._pool.map(self._lane, heads))
        return sent

    def _lane(self, row: Outbound | None) -> int:
        """Send a lane's rows in order until it is empty or must wait."""
        sent = 0
        while row is not None:
            outcome = self._deliver(row)
            if outcome is None:
                return sent
            sent += outcome
            more = self._engine.outgoing(1, platform=self._platform, lane=row.lane)
            row = more[0] if more else None
        return sent

    def _deliver(self, row: Outbound) -> int | None:
        """1 sent, 0 given up on, None: the lane waits for a later round."""
        kind = "scheduled" if row.scheduled else "reply"
        try:
            posted = self._send(row)
        except PermanentError as failure:
            log.warning("outbox %s undeliverable: %s", row.id, failure.code)
            metrics.count(metrics.DELIVERY_FAILURES, kind=kind, reason="refused")
            self._engine.undeliverable(row.id, failure.code)
            return 0
        except TransientError as failure:
            if row.attempts + 1 >= ROUNDS:
                log.error("outbox %s given up after %s rounds: %s", row.id, ROUNDS, failure.code)
                metrics.count(metrics.DELIVERY_FAILURES, kind=kind, reason="gave_up")
                self._engine.undeliverable(row.id, f"gave_up:{failure.code}")
                return 0
            log.warning("outbox %s still failing (%s); its lane waits", row.id, failure.code)
            metrics.count(metrics.DELIVERY_FAILURES, kind=kind, reason="waiting")
            wait = min(LATER * 2 ** row.attempts, LATER_MAX)
            if failure.retry_after is not None:
                wait = max(wait, timedelta(seconds=failure.retry_after))
            self._engine.retry_later(row.id, wait)
            return None
        except Exception as err:  # a bug in rendering: retrying would fail the same way
            log.error("outbox %s could not be sent: %s", row.id, describe_failure(err))
            metrics.count(metrics.DELIVERY_FAILURES, kind=kind, reason="error")
            self._engine.undeliverable(row.id, f"error:{type(err).__name__}")
            return 0
        self._engine.sent(row.id, posted)
        metrics.count(metrics.DELIVERIES, kind=kind)
        return 1

    def _send(self, row: Outbound) -> str | None:
        for attempt in Retrying(retry=retry_if_exception_type(TransientError), stop=self._stop,
                                wait=_wait, sleep=self._sleep, reraise=True,
                                before_sleep=_retrying):
            with attempt:
                return self._call(row)
        raise AssertionError("unreachable: tenacity returns or raises")

    def _call(self, row: Outbound) -> str | None:
        """One try at the platform; its refusals counted by the platform's own error code."""
        try:
            return self._transport(row)
        except (TransientError, PermanentError) as failure:
            metrics.count(metrics.API_ERRORS, code=failure.code,
                          transient="true" if isinstance(failure, TransientError) else "false")
            raise

    # -- running in the background ---------------------------------------------

    def notify(self) -> None:
        """There is something new in the outbox: pass now rather than at the next poll."""
        self._work.release()

    def start(self) -> None:
        self._loop = threading.Thread(target=self._run, name="rebound-sender", daemon=True)
        self._loop.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stopped.set()
        self._work.release()
        if self._loop is not None:
            self._loop.join(timeout)
        if self._pool is not None:
            self._pool.shutdown(wait=True)

    def _run(self) -> None:
        while not self._stopped.is_set():
            try:
                self.drain()
            except Exception as err:  # the database locked too long: try again next pass
                log.error("sender pass failed: %s", describe_failure(err))
            self._work.acquire(timeout=self._poll)

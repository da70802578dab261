"""What an adapter runs beside its listeners, each on threads of its own.

`Background` is the same pair for Slack and Discord: turn workers that take
stored events from the inbox and run their turns, and the process's one
`Sender` that posts what those turns put in the outbox. A listener only
stores and acknowledges, then wakes the workers; a finished turn wakes the
sender. `ServerThread` serves a small HTTP server (the `/metrics` port, the
fake Slack) from a daemon thread.
"""

from __future__ import annotations

import socketserver
import threading
import time
from collections.abc import Callable
from typing import Self

from adapters.sender import POLL, Sender, Transport
from bot import Engine
from bot.inbox import Prepare, Workers
from bot.model import Inbound


class Background:
    """Turn workers and the sender for one platform; `start` runs both, `drain` is one pass."""

    def __init__(self, engine: Engine, transport: Transport, *, platform: str,
                 prepare: Prepare | None = None,
                 after_turn: Callable[[Inbound], None] | None = None,
                 sleep: Callable[[float], None] = time.sleep, poll: float = POLL) -> None:
        """`prepare` and `after_turn` run on a worker around each turn (see `Workers`);
        `sleep` is the sender's wait between retries, `poll` its wait between passes."""
        self._engine, self._after_turn = engine, after_turn
        self.workers = Workers(engine, prepare=prepare, done=self._turn_done)
        self.sender = Sender(engine, transport, platform=platform, sleep=sleep, poll=poll)

    def start(self) -> None:
        """Warm up first (a first turn would otherwise hold every write for most of a
        second); rows left by a crash go before new ones."""
        self._engine.warm_up()
        self.workers.start()
        self.sender.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the turns under way, then the sends under way; the rest wait for the
        next start."""
        self.workers.stop(timeout)
        self.sender.stop(timeout)

    def drain(self) -> None:
        """Every pending turn, then their replies, in this thread (tests, one-off runs)."""
        self.workers.run_pending()
        self.sender.send_pending()

    def _turn_done(self, inbound: Inbound) -> None:
        self.sender.notify()
        if self._after_turn is not None:
            self._after_turn(inbound)


class ServerThread:
    """A socketserver serving from a daemon thread: bound when built, so a port in use
    fails at start-up (OSError); `start` serves, `close` stops and frees the port."""

    def __init__(self, server: socketserver.BaseServer, name: str, poll: float = 0.5) -> None:
        self._server = server
        self.port: int = server.server_address[1]  # type: ignore[index]
        self._thread = threading.Thread(target=server.serve_forever, args=(poll,), daemon=True,
                                        name=name)

    def start(self) -> Self:
        self._thread.start()
        return self

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

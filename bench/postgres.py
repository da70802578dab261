"""The engine on PostgreSQL: a turn beside the bare write under it, and two processes sharing work.

Turn vs bare, as `bench.engine` does for SQLite: two databases on one server,
each pre-filled with the same stored people; `Engine.handle` turns on one and
bare `INSERT … ON CONFLICT DO UPDATE` + commit through psycopg on the other,
interleaved in blocks so drift on the machine hits both alike.

Then two processes on one database, as two hosts would run: REMINDERS notes
are due, one per person; each process runs its own engine and sender (queue
what is due, claim it, post it) until nothing is left, posting to a platform
that only notes who got what. The figure is how many reminders reached their
person once, more than once, or never.

The server is the one `REBOUND_TEST_PG` names, or a throwaway cluster
(`bench.pgserver`) that syncs every commit to disk like a real one; the
report says which (`server.fsync`).
"""

from __future__ import annotations

import json
import multiprocessing
import random
import time
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import psycopg

from adapters.sender import Sender
from bench import pgserver
from bench.engine import BLOCK, VENTS, _timed, turn_beside_bare
from bot import Engine, Event
from bot.model import Outbound
from bot.store import Store, conversation_key

USERS = 100_000
TURNS = 2_000
REMINDERS = 2_000
PROCESSES = 2
POST_SECONDS = 0.002
"""How long the platform takes to answer a post (both processes' senders wait on it)."""
UPSERT = ('INSERT INTO conversations (key, platform, workspace, "user", step, data, version)'
          " VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (key) DO UPDATE SET"
          " step = excluded.step, data = excluded.data, version = excluded.version")


def _fill(address: str, users: int) -> None:
    """People mid-conversation, as the engine would have stored them."""
    Store(address).close()  # the schema exactly as the engine makes it
    now = datetime(2026, 11, 1, tzinfo=UTC).isoformat()
    data = json.dumps({"vents": ["It hurt"], "vent_turns": 1, "_offered": []})
    with psycopg.connect(address) as conn, conn.cursor() as cursor, cursor.copy(
            'COPY conversations (key, platform, workspace, "user", step, data, history,'
            " version, timezone, created_at, updated_at) FROM STDIN") as copy:
        for n in range(users):
            copy.write_row((conversation_key("bench", "w", f"u{n}"), "bench", "w", f"u{n}",
                            "recovery.vent", data, "[]", 1, "UTC", now, now))


def _turns(admin: str) -> dict[str, Any]:
    engine_db, bare_db = pgserver.fresh(admin), pgserver.fresh(admin)
    try:
        _fill(engine_db, USERS)
        _fill(bare_db, USERS)
        engine = Engine(engine_db)
        bare = psycopg.connect(bare_db)
        rng = random.Random(7)
        engine_samples: list[float] = []
        bare_samples: list[float] = []
        for block in range(TURNS // BLOCK):
            for n in range(BLOCK):
                event = Event("bench", "w", f"u{rng.randrange(USERS)}", text=rng.choice(VENTS),
                              event_id=f"{block}-{n}")
                engine_samples.append(_timed(lambda event=event: engine.handle(event)))
            for _ in range(BLOCK):
                user = f"u{rng.randrange(USERS)}"
                row = (conversation_key("bench", "w", user), "bench", "w", user, "recovery.vent",
                       json.dumps({"vents": ["It hurt", rng.choice(VENTS)]}), 2)

                def write(row: tuple[Any, ...] = row) -> None:
                    bare.execute(UPSERT, row)
                    bare.commit()

                bare_samples.append(_timed(write))
        engine.close()
        bare.close()
    finally:
        pgserver.drop(admin, engine_db)
        pgserver.drop(admin, bare_db)
    return turn_beside_bare(engine_samples, bare_samples, "bare_psycopg_upsert_commit", USERS)


def _deliver(address: str, start: Any, results: Any) -> None:
    """One process: its own engine and sender, sending whatever it claims until all is sent."""
    engine = Engine(address)
    posted: list[str] = []

    def post(row: Outbound) -> None:
        time.sleep(POST_SECONDS)
        posted.append(row.user or "")

    sender = Sender(engine, post, platform="bench", threads=4)
    start.wait()
    began = time.perf_counter()
    quiet = 0
    while quiet < 3:  # three passes in a row with nothing left for anyone
        sent = sender.drain()
        quiet = quiet + 1 if not sent and not engine.backlog()["outbox"] else 0
    sender.stop()
    engine.close()
    results.put((posted, time.perf_counter() - began))


def _two_processes(admin: str) -> dict[str, Any]:
    address = pgserver.fresh(admin)
    try:
        store = Store(address)
        now = datetime.now(UTC)
        with store.transaction():
            for n in range(REMINDERS):
                store.schedule("message", now, platform="bench", workspace="w",
                               key=conversation_key("bench", "w", f"r{n}"), user=f"r{n}",
                               payload={"replies": [{"text": "A note for you", "choices": []}]})
        store.close()
        spawn = multiprocessing.get_context("spawn")
        start, results = spawn.Barrier(PROCESSES), spawn.Queue()
        workers = [spawn.Process(target=_deliver, args=(address, start, results))
                   for _ in range(PROCESSES)]
        for worker in workers:
            worker.start()
        done = [results.get(timeout=600) for _ in workers]
        for worker in workers:
            worker.join(60)
    finally:
        pgserver.drop(admin, address)
    sends = Counter(user for posted, _ in done for user in posted)
    return {
        "reminders": REMINDERS,
        "processes": PROCESSES,
        "sent_by_each_process": sorted(len(posted) for posted, _ in done),
        "sent_once": sum(1 for n in range(REMINDERS) if sends[f"r{n}"] == 1),
        "sent_more_than_once": sum(1 for n in range(REMINDERS) if sends[f"r{n}"] > 1),
        "never_sent": sum(1 for n in range(REMINDERS) if not sends[f"r{n}"]),
        "seconds": round(max(seconds for _, seconds in done), 2),
    }


def _server(admin: str) -> dict[str, str]:
    with psycopg.connect(admin) as conn:
        return {name: str(conn.execute(f"SHOW {name}").fetchone()[0])
                for name in ("server_version", "fsync", "synchronous_commit")}


def run() -> dict[str, object]:
    with pgserver.server(durable=True) as admin:
        return {
            "server": _server(admin),
            **_turns(admin),
            "two_processes_sending_due_reminders": _two_processes(admin),
            "target": "turn <= 3x bare write; every reminder sent exactly once",
        }

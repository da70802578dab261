"""What one conversation turn costs, next to the durable write it cannot avoid.

Both sides run in this process on one core, on databases pre-filled with the
same number of people and opened with the same PRAGMAs (WAL, synchronous=FULL,
busy timeout), interleaved in blocks so drift on the machine hits both alike.
"""

from __future__ import annotations

import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from bot import Engine, Event
from bot.store import Store, conversation_key

USERS = 100_000
SMALL = 1_000
TURNS = 5_000
BLOCK = 100
VENTS = ("They said no after the final round and I'm gutted",
         "I spent weeks on that application, it's so frustrating",
         "I keep replaying the interview in my head")


def _fill(path: str, users: int) -> None:
    """People mid-conversation, as the engine would have stored them."""
    Store(path).close()  # schema and PRAGMAs exactly as the engine makes them
    db = sqlite_utils.Database(path)
    now = datetime(2026, 11, 1, tzinfo=UTC).isoformat()
    data = json.dumps({"vents": ["It hurt"], "vent_turns": 1, "_offered": []})
    db["conversations"].insert_all(
        ({"key": conversation_key("bench", "w", f"u{n}"), "platform": "bench", "workspace": "w",
          "user": f"u{n}", "step": "recovery.vent", "data": data, "history": "[]",
          "version": 1, "timezone": "UTC", "created_at": now, "updated_at": now}
         for n in range(users)),
        batch_size=10_000,
    )
    db.close()


def _bare(path: str) -> sqlite_utils.Database:
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA busy_timeout=10000")
    return db


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _figures(samples: list[float]) -> dict[str, float]:
    return {
        "per_s": round(len(samples) / sum(samples), 1),
        "p50_ms": round(_percentile(samples, 0.50) * 1000, 3),
        "p99_ms": round(_percentile(samples, 0.99) * 1000, 3),
        "mean_ms": round(statistics.fmean(samples) * 1000, 3),
    }


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _measure(folder: Path, users: int, turns: int) -> tuple[list[float], list[float]]:
    engine_path, bare_path = str(folder / f"engine{users}.db"), str(folder / f"bare{users}.db")
    _fill(engine_path, users)
    _fill(bare_path, users)
    engine = Engine(engine_path)
    bare = _bare(bare_path)
    rng = random.Random(7)
    engine_samples: list[float] = []
    bare_samples: list[float] = []
    for block in range(turns // BLOCK):
        for n in range(BLOCK):
            user = f"u{rng.randrange(users)}"
            event = Event("bench", "w", user, text=rng.choice(VENTS),
                          event_id=f"{users}-{block}-{n}")
            engine_samples.append(_timed(lambda event=event: engine.handle(event)))
        for _ in range(BLOCK):
            user = f"u{rng.randrange(users)}"
            row = {"key": conversation_key("bench", "w", user), "platform": "bench",
                   "workspace": "w", "user": user, "step": "recovery.vent",
                   "data": json.dumps({"vents": ["It hurt", rng.choice(VENTS)]}),
                   "version": 2}
            bare_samples.append(_timed(
                lambda row=row: bare["conversations"].upsert(row, pk="key")))
    engine.close()
    bare.close()
    return engine_samples, bare_samples


def turn_beside_bare(turns: list[float], writes: list[float], bare: str,
                     users: int = USERS) -> dict[str, object]:
    """A turn's figures beside the bare write's, measured in the same run, and their ratios."""
    turn, write = _figures(turns), _figures(writes)
    return {
        "stored_users": users,
        "turn": turn,
        bare: write,
        "turn_over_bare_p50": round(turn["p50_ms"] / write["p50_ms"], 2),
        "turn_over_bare_p99": round(turn["p99_ms"] / write["p99_ms"], 2),
    }


def run() -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="rebound-bench-") as tmp:
        folder = Path(tmp)
        engine_big, bare_big = _measure(folder, USERS, TURNS)
        engine_small, _ = _measure(folder, SMALL, TURNS // 3)
    turn = _figures(engine_big)
    small = _figures(engine_small)
    return {
        **turn_beside_bare(engine_big, bare_big, "bare_sqlite_utils_upsert_commit"),
        "turn_with_1000_users": small,
        "p50_growth_1000_to_100000_users": round(turn["p50_ms"] / small["p50_ms"], 2),
        "target": "turn <= 3x bare write; p50 flat as stored users grow",
    }

"""All of Rebound's SQL, and nothing else.

Every row about a person carries their conversation key, so `export` and
`forget` can be complete by construction. A turn is one `BEGIN IMMEDIATE`
transaction: the write lock is taken up front, so two processes on one file
queue on the busy timeout instead of failing halfway through a turn.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

BUSY_TIMEOUT_MS = 10_000


@dataclass
class Conversation:
    """Where one person is in their dialogue; saved with every turn."""

    key: str
    platform: str
    workspace: str
    user: str
    step: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    history: list[str] = field(default_factory=list)
    version: int = 0
    timezone: str | None = None
    created_at: str = ""


def conversation_key(platform: str, workspace: str, user: str) -> str:
    return f"{platform}|{workspace}|{user}"


def _iso(moment: datetime) -> str:
    """UTC ISO text: stored times are compared as strings, so they must share one offset."""
    return moment.astimezone(UTC).isoformat()


def _v1(db: sqlite_utils.Database) -> None:
    db["conversations"].create(
        {
            "key": str, "platform": str, "workspace": str, "user": str, "step": str,
            "data": str, "history": str, "version": int, "timezone": str,
            "created_at": str, "updated_at": str,
        },
        pk="key",
    )
    db["seen"].create({"id": str, "at": str}, pk="id")
    db["seen"].create_index(["at"])
    db["actions"].create(
        {
            "id": int, "key": str, "title": str, "kind": str, "due": str,
            "status": str, "created_at": str, "done_at": str,
        },
        pk="id",
    )
    db["actions"].create_index(["key"])
    db["scheduled"].create(
        {
            "id": int, "key": str, "kind": str, "ref": int, "due_at": str,
            "payload": str, "lease_until": str, "sent_at": str,
        },
        pk="id",
    )
    db["scheduled"].create_index(["key"])
    db["scheduled"].create_index(["sent_at", "due_at"])
    db["referrals"].create({"day": str, "tier": str, "count": int}, pk=("day", "tier"))


MIGRATIONS: tuple[Callable[[sqlite_utils.Database], None], ...] = (_v1,)


class Store:
    """The embedded SQLite database behind one Engine."""

    def __init__(self, path: str) -> None:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        self.db = sqlite_utils.Database(conn)
        self._lock = threading.RLock()
        self.db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if path != ":memory:":
            self.db.execute("PRAGMA journal_mode=WAL")
        # FULL: a turn the person was told about survives a power cut, not just a crash.
        self.db.execute("PRAGMA synchronous=FULL")
        self._migrate()

    def _migrate(self) -> None:
        with self.transaction():
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
                migration(self.db)
                self.db.execute(f"PRAGMA user_version={number}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic unit of work; rolls back on any exception."""
        with self._lock:
            self.db.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self.db.conn.rollback()
                raise
            self.db.conn.commit()

    def close(self) -> None:
        self.db.close()

    # -- turns -------------------------------------------------------------

    def first_sight(self, event_key: str, now: datetime) -> bool:
        """Record an event id; False when it was seen before (a platform retry)."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO seen (id, at) VALUES (?, ?)", [event_key, _iso(now)]
        )
        return cursor.rowcount == 1

    def prune_seen(self, before: datetime) -> None:
        self.db.execute("DELETE FROM seen WHERE at < ?", [_iso(before)])

    def load(self, key: str) -> Conversation | None:
        row = self.db.execute(
            "SELECT key, platform, workspace, user, step, data, history, version, timezone,"
            " created_at FROM conversations WHERE key = ?",
            [key],
        ).fetchone()
        if row is None:
            return None
        return Conversation(
            key=row[0], platform=row[1], workspace=row[2], user=row[3], step=row[4],
            data=json.loads(row[5]), history=json.loads(row[6]), version=row[7],
            timezone=row[8], created_at=row[9],
        )

    def save(self, conv: Conversation, now: datetime) -> None:
        """Upsert by hand: this runs on every turn, and sqlite-utils' upsert re-reads the
        table's columns each call, which was a fifth of a turn's cost."""
        conv.version += 1
        self.db.execute(
            "INSERT INTO conversations (key, platform, workspace, user, step, data, history,"
            " version, timezone, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (key) DO UPDATE SET step = excluded.step, data = excluded.data,"
            " history = excluded.history, version = excluded.version,"
            " timezone = excluded.timezone, updated_at = excluded.updated_at",
            [conv.key, conv.platform, conv.workspace, conv.user, conv.step,
             json.dumps(conv.data), json.dumps(conv.history), conv.version, conv.timezone,
             conv.created_at or _iso(now), _iso(now)],
        )

    # -- plan --------------------------------------------------------------

    def add_action(self, key: str, title: str, kind: str, due: str, now: datetime) -> int:
        table = self.db["actions"]
        table.insert(
            {"key": key, "title": title, "kind": kind, "due": due, "status": "open",
             "created_at": _iso(now), "done_at": None}
        )
        return int(table.last_pk)

    def actions(self, key: str) -> list[dict[str, Any]]:
        return list(self.db.query(
            "SELECT * FROM actions WHERE key = ? ORDER BY status = 'done', due, id", [key]
        ))

    def action(self, key: str, action_id: int) -> dict[str, Any] | None:
        rows = list(self.db.query(
            "SELECT * FROM actions WHERE key = ? AND id = ?", [key, action_id]
        ))
        return rows[0] if rows else None

    def update_action(self, action_id: int, **changes: Any) -> None:
        self.db["actions"].update(action_id, changes)

    # -- scheduled messages ------------------------------------------------

    def schedule(self, key: str, kind: str, ref: int, due_at: datetime,
                 payload: dict[str, Any]) -> None:
        self.db["scheduled"].insert(
            {"key": key, "kind": kind, "ref": ref, "due_at": _iso(due_at),
             "payload": json.dumps(payload), "lease_until": None, "sent_at": None}
        )

    def cancel(self, key: str, kind: str, ref: int) -> None:
        self.db.execute(
            "DELETE FROM scheduled WHERE key = ? AND kind = ? AND ref = ? AND sent_at IS NULL",
            [key, kind, ref],
        )

    def lease_due(self, now: datetime, until: datetime, limit: int) -> list[dict[str, Any]]:
        """Claim unsent messages that are due and not leased by anyone else.

        Runs inside the caller's IMMEDIATE transaction, so two processes can
        never claim the same row; an expired lease (a crash before sending)
        makes the row claimable again.
        """
        rows = list(self.db.query(
            "SELECT s.id, s.key, s.kind, s.ref, s.due_at, s.payload, c.platform, c.workspace,"
            " c.user FROM scheduled s JOIN conversations c ON c.key = s.key"
            " WHERE s.sent_at IS NULL AND s.due_at <= ?"
            " AND (s.lease_until IS NULL OR s.lease_until <= ?) ORDER BY s.due_at LIMIT ?",
            [_iso(now), _iso(now), limit],
        ))
        for row in rows:
            self.db.execute(
                "UPDATE scheduled SET lease_until = ? WHERE id = ?", [_iso(until), row["id"]]
            )
        return rows

    def mark_sent(self, scheduled_id: int, now: datetime) -> None:
        self.db.execute(
            "UPDATE scheduled SET sent_at = ? WHERE id = ?", [_iso(now), scheduled_id]
        )

    # -- safety statistics ---------------------------------------------------

    def count_referral(self, day: str, tier: str) -> None:
        """A tally per day and tier: never who, never what they wrote."""
        self.db.execute(
            "INSERT INTO referrals (day, tier, count) VALUES (?, ?, 1)"
            " ON CONFLICT (day, tier) DO UPDATE SET count = count + 1",
            [day, tier],
        )

    def referrals(self) -> list[dict[str, Any]]:
        return list(self.db.query("SELECT * FROM referrals ORDER BY day, tier"))

    # -- privacy -------------------------------------------------------------

    PERSONAL_TABLES = ("conversations", "actions", "scheduled")

    def export(self, key: str) -> dict[str, Any]:
        """Every row about this person, with JSON columns decoded."""
        out: dict[str, Any] = {}
        for table in self.PERSONAL_TABLES:
            rows = list(self.db.query(f"SELECT * FROM {table} WHERE key = ?", [key]))
            for row in rows:
                for column in ("data", "history", "payload"):
                    if isinstance(row.get(column), str):
                        row[column] = json.loads(row[column])
            out[table] = rows
        return out

    def forget(self, key: str) -> None:
        for table in self.PERSONAL_TABLES:
            self.db.execute(f"DELETE FROM {table} WHERE key = ?", [key])

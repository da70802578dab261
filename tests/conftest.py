"""A collecting test backend: drive the engine as a person would, read what they'd see.

Every test that takes `db` (or `engine`, `chat`, which stand on it) runs twice:
on a SQLite file (`[sqlite]`) and on a fresh PostgreSQL database
(`[postgresql]`), copied from a template migrated once per session. The
server is the one `REBOUND_TEST_PG` names (`.ci/run` starts one), or else a
throwaway cluster started here; with no PostgreSQL installed the PostgreSQL
runs are skipped, except in CI (`CI` set), where that is a failure.
"""

from __future__ import annotations

import importlib.util
import os
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from adapters.markup import plain
from bench import pgserver
from bot import Engine, Event, Reply
from bot.sql import is_postgres
from bot.store import Store


class Clock:
    """An injected clock; tests move it, nothing sleeps."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Chat:
    """One person talking to an engine; keeps the last replies for assertions."""

    engine: Engine
    user: str = "amy"
    platform: str = "console"
    workspace: str = "local"
    timezone: str | None = "UTC"  # what Slack would tell us; None to be asked
    last: list[Reply] = field(default_factory=list)

    def event(self, **fields: object) -> list[Reply]:
        fields.setdefault("event_id", uuid.uuid4().hex)
        fields.setdefault("timezone", self.timezone)
        self.last = self.engine.handle(Event(self.platform, self.workspace, self.user,
                                             **fields))  # type: ignore[arg-type]
        return self.last

    def say(self, text: str, **fields: object) -> list[Reply]:
        return self.event(text=text, **fields)

    def click(self, choice_id: str) -> list[Reply]:
        return self.event(choice=choice_id)

    def pick(self, label: str) -> list[Reply]:
        """Click the offered button whose label contains `label`."""
        return self.click(self.choice(label))

    def choice(self, label: str) -> str:
        for reply in self.last:
            for choice in reply.choices:
                if label.lower() in choice.label.lower():
                    return choice.id
        raise AssertionError(f"no button like {label!r} in {self.labels}")

    @property
    def text(self) -> str:
        return "\n\n".join(plain(r.text) for r in self.last)

    @property
    def labels(self) -> list[str]:
        return [c.label for r in self.last for c in r.choices]


START = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)  # a Wednesday


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@dataclass
class Server:
    """A PostgreSQL server for the session, and the migrated database each test copies."""

    admin: str
    template: str

    def fresh(self) -> str:
        return pgserver.fresh(self.admin, template=self.template, prefix="rebound_test")


def _without_postgres(reason: str) -> None:
    """Skip the PostgreSQL runs here; in CI, where they must run, fail instead."""
    if os.environ.get("CI"):
        pytest.fail(f"CI needs PostgreSQL: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    if importlib.util.find_spec("psycopg") is None:
        _without_postgres("psycopg is not installed (pip install -e '.[test]')")
    if not os.environ.get(pgserver.ENV) and not pgserver.installed():
        _without_postgres("PostgreSQL is not installed here (no initdb), and REBOUND_TEST_PG"
                          " is unset")
    with pgserver.server() as admin:
        template = pgserver.fresh(admin, prefix="rebound_template")
        Store(template).close()
        try:
            yield Server(admin, urlsplit(template).path.lstrip("/"))
        finally:
            pgserver.drop(admin, template)


@pytest.fixture
def pg_db(pg_server: Server) -> Iterator[str]:
    """A new PostgreSQL database, migrated, for this test alone."""
    address = pg_server.fresh()
    try:
        yield address
    finally:
        pgserver.drop(pg_server.admin, address)


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path) -> str:
    """Where the engine keeps its data: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "rebound.db")
    return str(request.getfixturevalue("pg_db"))


def peek(db: str, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Rows read straight from the database, past the engine (`?` for values, as in SQLite)."""
    if not is_postgres(db):
        conn = sqlite3.connect(db)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()
    import psycopg

    with psycopg.connect(db, autocommit=True) as conn:
        return conn.execute(sql.replace("?", "%s"), params).fetchall()


def kept(db: str) -> bytes:
    """Everything the database holds: a SQLite file and its write-ahead log byte for byte;
    on PostgreSQL (whose files are the server's) every row of every table, as text."""
    if not is_postgres(db):
        return b"".join(p.read_bytes() for p in Path(db).parent.glob(Path(db).name + "*"))
    tables = [row[0] for row in peek(db, "SELECT table_name FROM information_schema.tables"
                                         " WHERE table_schema = current_schema()")]
    return "\n".join(repr(row) for table in tables
                     for row in peek(db, f'SELECT * FROM "{table}"')).encode()


@pytest.fixture
def engine(db, clock):
    eng = Engine(db, clock=clock, region="")
    yield eng
    eng.close()


@pytest.fixture
def chat(engine) -> Chat:
    return Chat(engine)

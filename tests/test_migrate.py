"""Upgrades: a database made by an earlier Rebound opens with its data, and moves to PostgreSQL.

`fixtures/rebound-v6.sql` is a SQLite database as the sqlite-utils store
(schema version 6) left it: amy mid-plan, a peer group with a check-in, a
message still in the inbox and replies waiting in the outbox.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from adapters.cli import main
from adapters.markup import plain
from bot import Engine
from bot.inbox import Workers
from bot.sql import Database, Schema
from bot.store import MIGRATIONS, TABLES, Store
from tests.conftest import Chat, peek
from tests.test_delivery import Platform, sender
from tests.test_groups import CHANNEL

OLD = Path(__file__).parent / "fixtures" / "rebound-v6.sql"
OLD_ROWS = {"conversations": 4, "seen": 26, "actions": 5, "groups": 1, "members": 2,
            "checkins": 1, "scheduled": 8, "tallies": 1, "inbox": 1, "outbox": 3}


@pytest.fixture
def old_db(tmp_path) -> str:
    path = str(tmp_path / "old.db")
    conn = sqlite3.connect(path)
    conn.executescript(OLD.read_text("utf-8"))
    conn.close()
    return path


def carries_on(engine: Engine) -> None:
    """What amy, bob and the waiting Slack message had before is all still there."""
    amy = Chat(engine)
    amy.say("my plan")
    assert "Send your thank-you reply to Acme" in amy.text
    assert "Reach out to one person in your network" in amy.text
    bob = Chat(engine, user="bob")
    bob.event(choice="group:checkin:1", channel=CHANNEL, name="Bob")
    assert "4 Good" in bob.labels  # still a member: asked how the week went, not to join
    assert Workers(engine).run_pending() == 1  # the message that waited in the inbox
    platform = Platform()
    sender(engine, platform).drain()
    assert platform.to("U1") and platform.to("U2")  # replies queued before, and the new one


def test_a_database_from_before_opens_with_everything_in_it(old_db, clock):
    engine = Engine(old_db, clock=clock, region="")
    assert peek(old_db, "PRAGMA user_version") == [(len(MIGRATIONS),)]
    carries_on(engine)
    engine.close()


def test_every_table_is_known_to_the_copy(db):
    Store(db).close()
    assert sorted(Store(db).db.tables()) == sorted(TABLES)


def test_rebound_migrate_moves_an_install_to_postgres(old_db, pg_db, clock, capsys):
    assert main(["migrate", "--from", old_db, "--to", pg_db]) == 0
    out = capsys.readouterr().out
    for table, count in OLD_ROWS.items():
        assert f"{table}: {count}" in out
        assert peek(pg_db, f"SELECT count(*) FROM {table}") == [(count,)]
    assert "Acme" not in out and "Sent three applications" not in out  # no row's contents
    ids = "SELECT id FROM actions ORDER BY id"
    assert peek(pg_db, ids) == peek(old_db, ids)
    engine = Engine(pg_db, clock=clock, region="")
    carries_on(engine)
    engine.close()
    store = Store(pg_db)
    with store.transaction():  # new rows count on from the copied ids
        assert store.add_action("console|local|amy", "Call Sam", "own", "2026-11-19",
                                clock.now) == 6
    store.close()

    assert main(["migrate", "--from", old_db, "--to", pg_db]) == 1
    assert "already holds Rebound data" in plain(capsys.readouterr().err)


def test_migrate_says_why_it_cannot_open_a_database(old_db, tmp_path, capsys):
    assert main(["migrate", "--from", str(tmp_path / "nothing.db"), "--to", old_db]) == 1
    assert "There's no Rebound database at" in capsys.readouterr().err
    wrong = "postgresql://rebound:secret@/no_such_database?host=/nonexistent"
    assert main(["migrate", "--from", old_db, "--to", wrong]) == 1
    err = capsys.readouterr().err
    assert "could not be opened" in err and "secret" not in err


def test_a_migration_in_the_documented_style_runs_once_on_either_backend(db):
    def _v_next(schema: Schema) -> None:
        schema.create("notes", {"id": int, "key": str, "text": str, "created_at": str},
                      pk="id")
        schema.index("notes", ["key"])
        schema.add_column("groups", "paused", int)
        schema.execute("UPDATE groups SET paused = 0")

    Store(db).close()
    ids = []
    for _ in range(2):  # the second start finds it applied, and the table as it was
        database = Database(db)
        database.migrate([*MIGRATIONS, _v_next])
        assert database.version() == len(MIGRATIONS) + 1
        with database.transaction():
            ids.append(database.insert("notes", {"key": "k", "text": "t", "created_at": ""}))
        database.close()
    assert ids == [1, 2]
    assert "paused" in Store(db).db.columns("groups")

"""When a server drops the bot, its groups go with everything said in them."""

from __future__ import annotations

import sqlite3

from bot import Engine
from tests.test_groups import CHANNEL, check_in, deliver, join, set_up
from tests.test_retention import on_disk


def test_a_servers_groups_and_check_ins_go_and_peoples_conversations_stay(db, clock):
    engine = Engine(db, clock=clock)
    set_up(engine)
    bob = join(engine, "bob")
    check_in(bob, "Okay", "Two interviews booked at Quuxly", "", "", ["win"])
    deliver(engine, clock.now)
    assert b"Quuxly" in on_disk(db)

    assert engine.forget_channels("console", "local", ["C-elsewhere"]) == 0
    assert engine.forget_channels("console", "local", [CHANNEL]) == 1
    store = sqlite3.connect(db)
    for table in ("groups", "members", "checkins", "roughs", "pairs"):
        assert store.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    assert not store.execute("SELECT count(*) FROM scheduled WHERE group_id IS NOT NULL"
                             ).fetchone()[0]
    assert b"Quuxly" not in on_disk(db)

    bob.say("hi")
    assert "went wrong on my side" not in bob.text and bob.text  # still theirs, still working
    assert store.execute("SELECT count(*) FROM conversations").fetchone()[0] == 2
    engine.close()

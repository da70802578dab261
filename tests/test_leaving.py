"""When a server drops the bot, its groups go with everything said in them."""

from __future__ import annotations

from bot import Engine
from tests.conftest import kept, peek
from tests.test_groups import CHANNEL, check_in, deliver, join, set_up


def test_a_servers_groups_and_check_ins_go_and_peoples_conversations_stay(db, clock):
    engine = Engine(db, clock=clock)
    set_up(engine)
    bob = join(engine, "bob")
    check_in(bob, "Okay", "Two interviews booked at Quuxly", "", "", ["win"])
    deliver(engine, clock.now)
    assert b"Quuxly" in kept(db)

    assert engine.forget_channels("console", "local", ["C-elsewhere"]) == 0
    assert engine.forget_channels("console", "local", [CHANNEL]) == 1
    for table in ("groups", "members", "checkins", "roughs", "pairs"):
        assert peek(db, f"SELECT count(*) FROM {table}") == [(0,)], table
    assert peek(db, "SELECT count(*) FROM scheduled WHERE group_id IS NOT NULL") == [(0,)]
    assert b"Quuxly" not in kept(db)

    bob.say("hi")
    assert "went wrong on my side" not in bob.text and bob.text  # still theirs, still working
    assert peek(db, "SELECT count(*) FROM conversations") == [(2,)]
    engine.close()

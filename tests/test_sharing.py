"""Several processes on one PostgreSQL: nobody's turns interleave, nothing is sent twice or lost.

Each `Engine` or `Store` here has connections of its own, as a process on
another host would; a process dying is its connection ending (the server
rolls its transaction back) or its leases left to run out.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest

from bench import pgserver
from bot import Engine
from bot.engine import LEASE, OUTBOX_LEASE
from bot.store import MIGRATIONS, TABLES, Store
from tests.conftest import Chat, peek
from tests.test_delivery import Platform, event, sender

PEOPLE = 12


def waiting_for_a_lock(db: str, timeout: float = 30.0) -> bool:
    """Whether some transaction on `db` is queued behind another's lock (polled until `timeout`)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if peek(db, "SELECT count(*) FROM pg_locks WHERE NOT granted") != [(0,)]:
            return True
        time.sleep(0.01)
    return False


def impatient(store: Store) -> None:
    """Within the transaction: waiting for a row lock is an error, not a hang."""
    store.db.execute("SET LOCAL lock_timeout = '5s'")


def notes_due(store: Store, now, people: int = PEOPLE) -> None:
    """One note due now for each of `people` people, as `group:cheer` would queue them."""
    with store.transaction():
        for n in range(people):
            store.schedule("message", now, platform="slack", workspace="T1",
                           key=f"slack|T1|U{n}", user=f"U{n}",
                           payload={"replies": [{"text": f"note {n}", "choices": []}]})


def test_one_persons_turns_on_two_hosts_run_one_after_the_other(pg_db, clock, monkeypatch):
    here, there = Engine(pg_db, clock=clock, region=""), Engine(pg_db, clock=clock, region="")
    amy = Chat(here)
    amy.say("hi")
    amy.say("I didn't get the job")
    amy.pick("Draft a reply")  # now asking which company
    inside, go_on = threading.Event(), threading.Event()
    save = here._store.save

    def slow_save(*args, **kwargs):
        inside.set()
        go_on.wait(30)
        return save(*args, **kwargs)

    monkeypatch.setattr(here._store, "save", slow_save)
    on_here, on_there = Chat(here), Chat(there)
    first = threading.Thread(target=on_here.say, args=("Acme",))
    first.start()
    assert inside.wait(30)  # "Acme" is mid-turn here, not saved yet
    second = threading.Thread(target=on_there.say, args=("Senior Analyst",))
    second.start()
    assert waiting_for_a_lock(pg_db)  # the other host's turn for amy waits for this one
    go_on.set()
    first.join(30)
    second.join(30)
    monkeypatch.undo()
    assert "How far did it get" in on_there.text  # it answered the question "Acme" led to
    amy.pick("Skip the rest")
    assert "Senior Analyst at Acme" in amy.text
    here.close()
    there.close()


def test_another_persons_turn_does_not_wait(pg_db, clock, monkeypatch):
    here, there = Engine(pg_db, clock=clock, region=""), Engine(pg_db, clock=clock, region="")
    inside, go_on = threading.Event(), threading.Event()
    save = here._store.save

    def slow_save(*args, **kwargs):
        inside.set()
        go_on.wait(30)
        return save(*args, **kwargs)

    monkeypatch.setattr(here._store, "save", slow_save)
    amy = threading.Thread(target=Chat(here).say, args=("hi",))
    amy.start()
    assert inside.wait(30)
    bo = Chat(there, user="bo")
    bo.say("hi")  # answered while amy's turn is still open
    assert "I'm Rebound" in bo.text
    go_on.set()
    amy.join(30)
    here.close()
    there.close()


def test_two_workers_claim_different_reminders(pg_db, clock):
    one, other = Store(pg_db), Store(pg_db)
    notes_due(one, clock.now)
    until = clock.now + LEASE
    with one.transaction():
        mine = one.lease_due(clock.now, until, 5)
        with other.transaction():  # while the first still holds its five, uncommitted
            impatient(other)
            theirs = other.lease_due(clock.now, until, 100)
    assert len(mine) == 5 and len(theirs) == PEOPLE - 5
    assert not {row.id for row in mine} & {row.id for row in theirs}
    one.close()
    other.close()


def test_two_senders_claim_different_replies_and_inbox_rows(pg_db, clock):
    here, there = Engine(pg_db, clock=clock, region=""), Engine(pg_db, clock=clock, region="")
    for n in range(4):
        here.receive(event("hi", f"person{n}"))
    one, other = here._store, there._store
    until = clock.now + timedelta(minutes=1)
    with one.transaction():
        mine = one.claim_inbound(clock.now, until)
        with other.transaction():
            impatient(other)
            theirs = other.claim_inbound(clock.now, until)
    assert mine and theirs and mine.key != theirs.key
    here.process(here.take())  # the two claimed rows are leased: these are the other two
    here.process(here.take())
    with one.transaction():
        mine = one.claim_outbound(clock.now, until, 1)
        with other.transaction():
            impatient(other)
            theirs = other.claim_outbound(clock.now, until, 10)
    assert len(mine) == 1 and len(theirs) == 1  # one lane each: two people have been answered
    assert mine[0].lane != theirs[0].lane
    here.close()
    there.close()


def test_reminders_from_two_processes_reach_each_person_once(pg_db, clock):
    engines = [Engine(pg_db, clock=clock, region="") for _ in range(2)]
    notes_due(engines[0]._store, clock.now, 40)
    platform = Platform()
    start = threading.Barrier(2)

    def deliver(engine: Engine) -> None:
        start.wait(30)
        for _ in range(3):
            sender(engine, platform, threads=2).drain()

    workers = [threading.Thread(target=deliver, args=(engine,)) for engine in engines]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    for n in range(40):
        assert platform.to(f"U{n}") == [f"note {n}"]
    for engine in engines:
        engine.close()


def test_a_process_that_dies_holding_claims_loses_none(pg_db, clock):
    dying, alive = Store(pg_db), Store(pg_db)
    notes_due(dying, clock.now, 3)
    with pytest.raises(dying.errors), dying.transaction():
        assert len(dying.lease_due(clock.now, clock.now + LEASE, 10)) == 3
        pid = dying.db.value("SELECT pg_backend_pid()")
        peek(pg_db, "SELECT pg_terminate_backend(?)", [pid])  # the host goes away
        dying.lease_due(clock.now, clock.now + LEASE, 10)
    with alive.transaction():
        assert len(alive.lease_due(clock.now, clock.now + LEASE, 10)) == 3  # free at once
    dying.close()
    alive.close()


def test_a_lease_left_by_a_dead_process_runs_out_and_the_reminder_still_goes(pg_db, clock):
    dying = Engine(pg_db, clock=clock, region="")
    notes_due(dying._store, clock.now, 3)
    assert len(dying.due()) == 3  # leased, then the process dies before sending
    dying.close()
    alive = Engine(pg_db, clock=clock, region="")
    assert alive.due() == []
    clock.advance(seconds=LEASE.total_seconds() + 60)
    assert sorted(d.user for d in alive.due()) == ["U0", "U1", "U2"]
    alive.close()


def test_a_reply_claimed_by_a_dead_sender_goes_out_after_its_lease(pg_db, clock):
    dying = Engine(pg_db, clock=clock, region="")
    dying.handle(event("hi"), queue=True)
    assert dying.outgoing(10)  # claimed, never sent
    dying.close()
    alive = Engine(pg_db, clock=clock, region="")
    platform = Platform()
    assert sender(alive, platform).drain() == 0
    clock.advance(seconds=OUTBOX_LEASE.total_seconds() + 60)
    assert sender(alive, platform).drain() == 1 and platform.to("amy")
    alive.close()


def test_an_empty_database_is_migrated_by_whichever_process_starts_first(pg_server, clock):
    address = pgserver.fresh(pg_server.admin, prefix="rebound_empty")
    try:
        started: list[Engine] = []
        threads = [threading.Thread(target=lambda: started.append(Engine(address, clock=clock)))
                   for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert len(started) == 3
        assert peek(address, "SELECT version FROM rebound_schema ORDER BY version") == [
            (n,) for n in range(1, len(MIGRATIONS) + 1)]
        assert Chat(started[0]).say("hi") and started[1].handle(event("hi", "bo"))
        for engine in started:
            engine.close()
        assert sorted(Store(address).db.tables()) == sorted(TABLES)
    finally:
        pgserver.drop(pg_server.admin, address)


def test_a_database_restart_between_turns_costs_no_turn(pg_db, clock):
    engine = Engine(pg_db, clock=clock, region="")
    amy = Chat(engine)
    amy.say("hi")
    assert engine.healthy()
    peek(pg_db, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()")
    assert engine.healthy()  # the dropped connection is replaced, not reported broken
    amy.say("They went with someone else")
    assert "Something went wrong" not in amy.text and amy.labels
    engine.close()

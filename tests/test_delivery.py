"""Nothing acknowledged is lost: a crash at any point between the ack and the post.

A kill is simulated by raising `Killed` (a BaseException, like the process
going away) inside the worker or the sender at that point; a new Engine and
sender on the same database file then carry on, after the dead one's leases
run out on the injected clock. Delivery is at least once: a post that went
out just before the crash may be repeated once, nothing is dropped.
"""

from __future__ import annotations

import uuid

import pytest

from adapters.markup import plain
from adapters.sender import Sender, TransientError
from bot import Engine, Event
from bot.engine import INBOX_LEASE, OUTBOX_LEASE
from bot.inbox import Workers
from bot.model import Outbound

SAID = ("hi", "I didn't get the job after the final round", "I feel flat")


class Killed(BaseException):
    """The process dying mid-step: nothing after it runs, no handler catches it."""


class Platform:
    """What reached the person, in order; optionally dies or refuses on a given call."""

    def __init__(self, *, die_before: int | None = None, die_after: int | None = None,
                 refuse: int = 0) -> None:
        self.posts: list[tuple[str | None, str]] = []
        self.calls = 0
        self.die_before, self.die_after, self.refuse = die_before, die_after, refuse

    def __call__(self, row: Outbound) -> str:
        self.calls += 1
        if self.calls == self.die_before:
            raise Killed
        if self.refuse:
            self.refuse -= 1
            raise TransientError("http_500")
        self.posts.append((row.user, plain(row.reply.text)))
        if self.calls == self.die_after:
            raise Killed
        return f"ts-{self.calls}"

    def to(self, user: str) -> list[str]:
        return [text for who, text in self.posts if who == user]


def event(text: str, user: str = "amy") -> Event:
    return Event("slack", "T1", user, text=text, event_id=uuid.uuid4().hex, timezone="UTC")


def sender(engine: Engine, platform: Platform, threads: int = 1) -> Sender:
    return Sender(engine, platform, platform="slack", sleep=lambda _: None, threads=threads)


@pytest.fixture
def expected(tmp_path, clock) -> list[str]:
    """What the person should read for SAID, from an engine that never crashed."""
    calm = Engine(tmp_path / "calm.db", clock=clock, region="")
    try:
        return [plain(r.text) for text in SAID for r in calm.handle(event(text))]
    finally:
        calm.close()


def restart(db: str, clock, platform: Platform, minutes: float) -> Engine:
    clock.advance(minutes=minutes)
    engine = Engine(db, clock=clock, region="")
    Workers(engine).run_pending()
    sender(engine, platform).drain()
    return engine


def test_killed_between_inbox_and_turn_loses_nothing(db, clock, expected):
    first = Engine(db, clock=clock, region="")
    for text in SAID:
        assert first.receive(event(text))  # acknowledged from here on

    def die(inbound):
        raise Killed

    with pytest.raises(Killed):
        Workers(first, prepare=die).run_pending()
    platform = Platform()
    second = restart(db, clock, platform, INBOX_LEASE.total_seconds() / 60 + 1)
    assert platform.to("amy") == expected
    second.close()
    first.close()


def test_killed_between_turn_and_send_loses_nothing(db, clock, expected):
    first = Engine(db, clock=clock, region="")
    for text in SAID:
        first.receive(event(text))
    Workers(first).run_pending()
    dying = Platform(die_before=2)
    with pytest.raises(Killed):
        sender(first, dying).drain()
    platform = Platform()
    second = restart(db, clock, platform, OUTBOX_LEASE.total_seconds() / 60 + 1)
    assert dying.to("amy") + platform.to("amy") == expected
    second.close()
    first.close()


def test_killed_between_send_and_mark_sent_repeats_one_post_at_most(db, clock, expected):
    first = Engine(db, clock=clock, region="")
    for text in SAID:
        first.receive(event(text))
    Workers(first).run_pending()
    dying = Platform(die_after=2)
    with pytest.raises(Killed):
        sender(first, dying).drain()
    platform = Platform()
    second = restart(db, clock, platform, OUTBOX_LEASE.total_seconds() / 60 + 1)
    got = dying.to("amy") + platform.to("amy")
    assert got[:2] + got[3:] == expected and got[2] == got[1]  # the second post, twice
    second.close()
    first.close()


def test_nothing_is_sent_again_after_a_clean_restart(db, clock, expected):
    first = Engine(db, clock=clock, region="")
    for text in SAID:
        first.receive(event(text))
    platform = Platform()
    Workers(first).run_pending()
    sender(first, platform).drain()
    first.close()
    again = Platform()
    restart(db, clock, again, 60).close()
    assert platform.to("amy") == expected and again.posts == []


def test_a_refusal_then_success_delivers_every_reply_in_order(engine, expected):
    for text in SAID:
        engine.receive(event(text))
    Workers(engine).run_pending()
    platform = Platform(refuse=1)
    assert sender(engine, platform).drain() == len(expected)
    assert platform.to("amy") == expected


def test_a_repeated_event_is_stored_once(engine):
    said = event("hi")
    assert engine.receive(said) and not engine.receive(said)
    assert Workers(engine).run_pending() == 1


def test_replies_to_each_person_stay_in_order_while_people_run_side_by_side(engine, expected):
    people = [f"person{n}" for n in range(6)]
    for text in SAID:
        for person in people:
            engine.receive(event(text, person))
    Workers(engine).run_pending()
    platform = Platform()
    sender(engine, platform, threads=4).drain()
    for person in people:
        assert platform.to(person) == expected


def test_two_processes_never_run_one_persons_turns_at_once(db, clock):
    a = Engine(db, clock=clock, region="")
    b = Engine(db, clock=clock, region="")
    for text in SAID[:2]:
        a.receive(event(text, "amy"))
    a.receive(event("hello", "bob"))
    taken = a.take()
    other = b.take()
    assert taken and other and taken.event.user == "amy" and other.event.user == "bob"
    assert b.take() is None  # amy's next waits for her first
    a.process(taken)
    assert (nxt := b.take()) is not None and nxt.event.text == SAID[1]
    a.close()
    b.close()

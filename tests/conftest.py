"""A collecting test backend: drive the engine as a person would, read what they'd see."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from adapters.markup import plain
from bot import Engine, Event, Reply


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


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "rebound.db")


@pytest.fixture
def engine(db, clock):
    eng = Engine(db, clock=clock, region="")
    yield eng
    eng.close()


@pytest.fixture
def chat(engine) -> Chat:
    return Chat(engine)

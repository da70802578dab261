"""A real ReboundBot logged in to the fake Discord, fed recorded payloads.

Incoming events go through discord.py's own parsers (the gateway's code path);
outgoing requests are real HTTP to the fake on 127.0.0.1. Tests wait for the
bot's handler tasks to finish (never a fixed sleep), which store and
acknowledge, then drain the inbox and the outbox as the background workers
and sender would, then read what was sent.
"""

from __future__ import annotations

import asyncio
import inspect
from pathlib import Path
from typing import Any

import discord
import pytest
from discord.gateway import DiscordWebSocket

from adapters.discord.bot import HANDLER_TASKS, ReboundBot, use_api_base
from adapters.discord.fake import Call, FakeDiscord
from bot import Engine
from tests.conftest import Clock
from tests.discord import payloads

TOKEN = "MTI5MDAwMDAwMDAwMDAwMDAwMQ.fake.rebound-test-token"


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests on a fresh event loop (no pytest-asyncio needed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    args = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
    asyncio.run(asyncio.wait_for(pyfuncitem.obj(**args), timeout=30))
    return True


async def deliver_due(bot: ReboundBot) -> int:
    """One pass of the bot's sender, as its background loop makes: queue what is due,
    send what can go (off the loop: sends use it); how many were sent."""
    return await asyncio.to_thread(bot.background.sender.drain)


class Harness:
    """One fake Discord, one database, and the bot(s) running on it."""

    def __init__(self, tmp_path: Path, clock: Clock, db: str) -> None:
        self.db = db
        self.state = tmp_path / "rebound.db.discord-commands.sha256"
        self.clock = clock
        self.fake = FakeDiscord()
        self.bots: list[ReboundBot] = []
        self.engines: list[Engine] = []

    async def __aenter__(self) -> Harness:
        self._saved = (discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
        use_api_base(await self.fake.start())
        self.bot = await self.start_bot()
        return self

    async def __aexit__(self, *exc: object) -> None:
        for bot in self.bots:
            await bot.close()
        for engine in self.engines:
            engine.close()
        await self.fake.stop()
        discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = self._saved

    async def start_bot(self, **options: Any) -> ReboundBot:
        """A new bot process, as after a restart: new engine on the same database."""
        engine = Engine(self.db, clock=self.clock, region="")
        self.engines.append(engine)
        options.setdefault("command_state", self.state)
        options.setdefault("sleep", lambda _: None)
        options.setdefault("clock", self.clock)
        bot = ReboundBot(engine, remind_every=None, **options)
        self.bots.append(bot)
        await bot.login(TOKEN)
        return bot

    async def restart(self) -> None:
        await self.bot.close()
        self.bot = await self.start_bot()

    async def idle(self, timeout: float = 10.0) -> None:
        """Wait until every event handler the bot started has finished."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        me = asyncio.current_task()
        while True:
            busy = [t for t in asyncio.all_tasks()
                    if t is not me and t.get_name().startswith(HANDLER_TASKS)]
            if not busy:
                return
            await asyncio.wait(busy, timeout=max(0.0, deadline - loop.time()))
            if loop.time() >= deadline:
                raise TimeoutError(f"handlers still running: {[t.get_name() for t in busy]}")

    async def drain(self) -> None:
        """Run the turns stored so far and send their replies (off the loop: sends use it)."""
        await asyncio.to_thread(self.bot.drain)

    async def feed(self, event: str, payload: dict[str, Any], *, drain: bool = True
                   ) -> list[Call]:
        """Hand a gateway payload to discord.py; the requests the bot made in response
        (only the acknowledgement without `drain`)."""
        mark = len(self.fake.calls)
        self.bot._connection.parsers[event](payload)
        await self.idle()
        if drain:
            await self.drain()
        return self.fake.calls[mark:]

    async def dm(self, text: str, **options: Any) -> list[Call]:
        return await self.feed("MESSAGE_CREATE", payloads.dm(text, **options))

    async def slash(self, **options: Any) -> list[Call]:
        return await self.feed("INTERACTION_CREATE", payloads.slash(**options))

    async def click(self, custom_id: str, message: dict[str, Any], **options: Any) -> list[Call]:
        return await self.feed("INTERACTION_CREATE", payloads.click(custom_id, message, **options))

    async def submit(self, custom_id: str, values: dict[str, Any], message: dict[str, Any],
                     **options: Any) -> list[Call]:
        return await self.feed("INTERACTION_CREATE",
                               payloads.submit(custom_id, values, message, **options))


def sent(calls: list[Call]) -> list[Call]:
    """Messages that reach a person: channel messages, interaction messages and followups."""
    return [c for c in calls if c.method in ("POST", "PATCH") and (
        c.path.endswith("/messages") or "/webhooks/" in c.path
        or (c.path.endswith("/callback") and c.body.get("type") in (4, 7)))]


def text(calls: list[Call]) -> str:
    return "\n\n".join(c.content for c in sent(calls))


def message_with(fake: FakeDiscord, custom_id: str) -> dict[str, Any]:
    """The latest message the bot sent that carries a button with `custom_id`."""
    for message in reversed(list(fake.messages.values())):
        for row in message.get("components", []):
            if any(c.get("custom_id") == custom_id for c in row.get("components", [])):
                return message
    raise AssertionError(f"no message with a {custom_id!r} button")


def button(fake: FakeDiscord, label: str) -> tuple[str, dict[str, Any]]:
    """The custom_id and message of the latest button whose label contains `label`."""
    for message in reversed(list(fake.messages.values())):
        for row in message.get("components", []):
            for c in row.get("components", []):
                if label.lower() in str(c.get("label", "")).lower():
                    return c["custom_id"], message
    raise AssertionError(f"no button like {label!r}")


@pytest.fixture
def harness(tmp_path: Path, clock: Clock, db: str) -> Harness:
    return Harness(tmp_path, clock, db)

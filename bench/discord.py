"""What a DM turn and `/rejected` cost through the Discord adapter, next to a bare discord.py bot.

Both bots are real discord.py clients in this process, logged in to the same
fake Discord on 127.0.0.1 (the loopback is the network for both), and are fed
the same gateway payloads through discord.py's own parsers. A sample runs from
handing the payload to discord.py until the fake received the last request
the bot made for it; `ack` is until the first interaction callback (what
Discord's 3-second deadline is about).

- DM turn: the bare bot sends one fixed message. The adapter runs a full turn
  (engine, markdown to Discord, escaping, four buttons) that is also one message.
- `/rejected` in a server: the bare bot answers ephemerally at once (one
  request). The adapter defers ephemerally, runs the turn, sends the
  conversation to the person's DMs and then fills in the ephemeral note:
  three requests by design, so `done` compares unlike work; `ack` does not.

`engine_turn` is `Engine.handle` alone, timed inside the adapter's DM samples:
on the loopback it costs about as much as the bare bot's whole answer, so
read `dm_turn` against it. Samples are interleaved in blocks so drift on the
machine hits both alike.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import discord
from discord import app_commands
from discord.gateway import DiscordWebSocket

from adapters.discord.bot import HANDLER_TASKS, ReboundBot, use_api_base
from adapters.discord.fake import APP_ID, Call, FakeDiscord
from bot import Engine, Reply

TURNS = 400
BLOCK = 50
WARM_UP = 20
PEOPLE = 50
TOKEN = "MTI5MDAwMDAwMDAwMDAwMDAwMQ.bench.token"
VENTS = ("They said no after the final round and I'm gutted",
         "I spent weeks on that application, it's so frustrating",
         "I keep replaying the interview in my head")
REPLY = "Thanks for telling me. I'm listening."
GUILD = "1101456781234567890"
CHANNEL = "1101456789990001111"


class BareBot(discord.Client):
    """The floor: parse the payload, answer once, nothing else."""

    def __init__(self) -> None:
        intents = discord.Intents.none()
        intents.guilds = intents.dm_messages = True
        super().__init__(intents=intents, allowed_mentions=discord.AllowedMentions.none(),
                         max_messages=None)
        self.tree = app_commands.CommandTree(self)

        @self.tree.command(name="rejected", description="Talk it through")
        async def rejected(interaction: discord.Interaction) -> None:
            await interaction.response.send_message(REPLY, ephemeral=True)

    async def on_message(self, message: discord.Message) -> None:
        if not message.author.bot:
            await message.channel.send(REPLY)


def _person(n: int) -> dict[str, Any]:
    return {"id": str(1187231209311200000 + n), "username": f"person{n}", "global_name": None,
            "discriminator": "0", "avatar": None, "public_flags": 0}


def _dm(n: int, text: str, ident: str) -> dict[str, Any]:
    return {"id": ident, "channel_id": str(1309870011233300000 + n), "channel_type": 1,
            "author": _person(n), "content": text, "type": 0, "flags": 0, "tts": False,
            "timestamp": "2026-11-21T10:00:00+00:00", "edited_timestamp": None,
            "mention_everyone": False, "mentions": [], "mention_roles": [], "attachments": [],
            "embeds": [], "components": [], "pinned": False}


def _slash(n: int, ident: str) -> dict[str, Any]:
    return {
        "id": ident, "application_id": APP_ID, "type": 2, "token": f"bench-{ident}",
        "version": 1, "locale": "en-GB", "guild_locale": "en-US", "context": 0,
        "data": {"id": "1309860000000000001", "name": "rejected", "type": 1},
        "guild_id": GUILD, "guild": {"id": GUILD, "locale": "en-US", "features": []},
        "channel_id": CHANNEL,
        "channel": {"id": CHANNEL, "type": 0, "guild_id": GUILD, "name": "job-hunt",
                    "position": 1, "permission_overwrites": [], "nsfw": False,
                    "parent_id": None, "flags": 0},
        "member": {"user": _person(n), "roles": [], "joined_at": "2025-06-02T18:21:44+00:00",
                   "deaf": False, "mute": False, "flags": 0, "pending": False,
                   "permissions": "2248473465835073", "nick": None, "avatar": None},
        "app_permissions": "562949953601536", "entitlements": [],
        "authorizing_integration_owners": {"0": GUILD}, "attachment_size_limit": 10485760,
    }


async def _idle() -> None:
    """Until every handler the bots started has finished."""
    me = asyncio.current_task()
    while busy := [t for t in asyncio.all_tasks()
                   if t is not me and t.get_name().startswith(HANDLER_TASKS)]:
        await asyncio.wait(busy)


class _Sampler:
    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.ids = iter(range(1330000000000000000, 1340000000000000000))

    async def sample(self, client: discord.Client, event: str,
                     payload: Callable[[str], dict[str, Any]]) -> tuple[float, float]:
        """(ack, done) seconds for one payload; ack is done when there is no callback."""
        mark = len(self.fake.calls)
        data = payload(str(next(self.ids)))
        start = time.perf_counter()
        client._connection.parsers[event](data)
        await _idle()
        if isinstance(client, ReboundBot):
            # Stored events become turns and their replies are sent, as the workers would.
            await asyncio.to_thread(client.drain)
            await _idle()
        calls: list[Call] = self.fake.calls[mark:]
        done = max(c.at for c in calls) - start
        acks = [c.at for c in calls if c.path.endswith("/callback")]
        return (min(acks) - start if acks else done), done


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _figures(samples: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(_percentile(samples, 0.50) * 1000, 3),
        "p99_ms": round(_percentile(samples, 0.99) * 1000, 3),
        "mean_ms": round(statistics.fmean(samples) * 1000, 3),
    }


def _compare(adapter: list[float], bare: list[float]) -> dict[str, Any]:
    ours, floor = _figures(adapter), _figures(bare)
    return {"adapter": ours, "bare_discord_py": floor,
            "ratio_p50": round(ours["p50_ms"] / floor["p50_ms"], 2),
            "ratio_p99": round(ours["p99_ms"] / floor["p99_ms"], 2)}


async def _measure(turns: int) -> dict[str, Any]:
    fake = FakeDiscord()
    use_api_base(await fake.start())
    with tempfile.TemporaryDirectory() as folder:
        engine = Engine(Path(folder) / "bench.db", region="")
        turn_times: list[float] = []
        process = engine.process

        def timed_process(*args: Any, **kwargs: Any) -> list[Reply]:
            start = time.perf_counter()
            try:
                return process(*args, **kwargs)
            finally:
                turn_times.append(time.perf_counter() - start)

        engine.process = timed_process  # type: ignore[method-assign]
        adapter = ReboundBot(engine, remind_every=None)
        bare = BareBot()
        try:
            for client in (adapter, bare):
                await client.login(TOKEN)
            sampler = _Sampler(fake)
            for n in range(PEOPLE):  # everyone mid-conversation, DM channel known
                for text in ("hi", VENTS[0]):
                    await sampler.sample(adapter, "MESSAGE_CREATE",
                                         lambda i, n=n, text=text: _dm(n, text, i))
                await sampler.sample(adapter, "INTERACTION_CREATE",
                                     lambda i, n=n: _slash(n, i))
            samples: dict[str, dict[str, list[float]]] = {
                kind: {"adapter": [], "bare": []} for kind in ("dm", "slash_ack", "slash_done")}
            engine_turns: list[float] = []
            for block in range(0, turns + WARM_UP, BLOCK):
                for name, client in (("adapter", adapter), ("bare", bare)):
                    for k in range(block, block + BLOCK):
                        n, vent = k % PEOPLE, VENTS[k % len(VENTS)]
                        turn_times.clear()
                        _, dm = await sampler.sample(
                            client, "MESSAGE_CREATE", lambda i, n=n, vent=vent: _dm(n, vent, i))
                        ack, done = await sampler.sample(
                            client, "INTERACTION_CREATE", lambda i, n=n: _slash(n, i))
                        if k >= WARM_UP:
                            engine_turns.extend(turn_times[:1] if name == "adapter" else [])
                            samples["dm"][name].append(dm)
                            samples["slash_ack"][name].append(ack)
                            samples["slash_done"][name].append(done)
        finally:
            for client in (adapter, bare):
                await client.close()
            engine.close()
            await fake.stop()
    return {
        "turns": turns,
        "dm_turn": _compare(samples["dm"]["adapter"], samples["dm"]["bare"]),
        "engine_turn": _figures(engine_turns),
        "slash_command_ack": _compare(samples["slash_ack"]["adapter"],
                                      samples["slash_ack"]["bare"]),
        "slash_command_done": _compare(samples["slash_done"]["adapter"],
                                       samples["slash_done"]["bare"]),
    }


def run(turns: int = TURNS) -> dict[str, Any]:
    """The figures as JSON-ready data; leaves discord.py's globals as it found them."""
    saved = discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    try:
        return asyncio.run(_measure(turns))
    finally:
        discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = saved

"""`rebound discord` as a real process: REST and gateway both from DISCORD_API_BASE."""

from __future__ import annotations

import asyncio
import os
import signal
import sys

import pytest

from adapters.cli import parser
from adapters.discord.cli import run
from adapters.discord.fake import APP_ID, FakeDiscord
from tests.discord import payloads
from tests.discord.conftest import TOKEN

SHARDS = {"plain": ([], None), "auto": (["--shards", "auto"], [0, 1]),
          "one of two": (["--shard-ids", "0", "--shard-count", "2"], [0, 2])}


@pytest.mark.parametrize("case", list(SHARDS))
async def test_rebound_discord_connects_through_the_configured_api_and_answers_a_dm(
        tmp_path, case):
    options, shard = SHARDS[case]
    fake = FakeDiscord()
    base = await fake.start()
    db = tmp_path / "rebound.db"
    env = {**os.environ, "DISCORD_TOKEN": TOKEN, "DISCORD_API_BASE": base,
           "REBOUND_DB": str(db), "REBOUND_LOG_LEVEL": "DEBUG"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "adapters.cli", "discord", *options, env=env, cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        await asyncio.wait_for(fake.identified.wait(), timeout=20)
        assert fake.identify["intents"] == 1 | 1 << 12  # guilds, DMs: nothing privileged
        assert fake.identify.get("shard") == shard
        assert fake.find("GET", r"^/gateway(/bot)?$")
        assert fake.find("PUT", rf"^/applications/{APP_ID}/commands$")
        mark = len(fake.calls)
        await fake.dispatch("MESSAGE_CREATE", payloads.dm("hi, I just got a rejection email"))
        reply = await fake.wait_for(
            lambda c: c.method == "POST" and c.path.endswith("/messages"), after=mark, timeout=10)
        assert "I'm a bot" in reply.content
    finally:
        process.send_signal(signal.SIGTERM)  # how a deploy stops it
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=20)
        await fake.stop()
    assert process.returncode == 0
    log = stderr.decode()
    assert "rejection email" not in log and TOKEN not in log
    assert "Traceback" not in log  # replies in flight were finished, not cut off
    assert (tmp_path / "rebound.db.discord-commands.sha256").exists()


def test_without_a_token_it_says_what_is_missing(monkeypatch, capsys):
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    assert run(parser().parse_args(["discord"])) == 2
    err = capsys.readouterr().err
    assert err.startswith("rebound discord: DISCORD_TOKEN is not set") and err.count("\n") == 1


def test_shards_must_be_auto_or_a_number(monkeypatch, capsys):
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    assert run(parser().parse_args(["discord", "--shards", "lots"])) == 2
    assert capsys.readouterr().err == "rebound discord: --shards takes 'auto' or a number\n"


@pytest.mark.parametrize(("options", "said"), [
    (["--shard-ids", "0,1"], "--shard-count takes the number of shards in all (with --shard-ids)"),
    (["--shard-ids", "2", "--shard-count", "2"],
     "--shard-ids takes shard numbers below --shard-count (2), e.g. 0,1"),
    (["--shard-ids", "one", "--shard-count", "2"],
     "--shard-ids takes shard numbers below --shard-count (2), e.g. 0,1"),
    (["--shards", "3", "--shard-count", "2"],
     "--shards and --shard-count disagree; give one of them"),
])
def test_a_shard_split_that_cannot_work_is_one_line(monkeypatch, capsys, options, said):
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    assert run(parser().parse_args(["discord", *options])) == 2
    assert capsys.readouterr().err == f"rebound discord: {said}\n"

"""A server that removes the bot takes its groups with it; people's DMs stay theirs."""

from __future__ import annotations

import logging

from tests.conftest import peek
from tests.discord.conftest import Harness, button, text
from tests.discord.payloads import GUILD_CHANNEL, load
from tests.discord.test_groups import OTHER, set_up_group

GUILD = load("interaction_slash_guild")["guild_id"]
ELSEWHERE = "1101456781234500000"


def guild(ident: str, channels: list[str]) -> dict:
    """GUILD_CREATE, as Discord sends it when the bot is in a server (guilds intent)."""
    return {"id": ident, "name": "Job seekers", "unavailable": False, "member_count": 2,
            "owner_id": "1101456780000000001", "roles": [], "members": [], "threads": [],
            "emojis": [], "stickers": [], "features": [], "verification_level": 0,
            "channels": [{"id": c, "type": 0, "name": f"channel-{c[-4:]}", "position": n,
                          "permission_overwrites": []} for n, c in enumerate(channels)]}


def count(h: Harness, table: str) -> int:
    return peek(h.db, f"SELECT count(*) FROM {table}")[0][0]


async def test_guild_remove_deletes_that_servers_groups_not_peoples_dms(harness, caplog):
    async with harness as h:
        await h.feed("GUILD_CREATE", guild(GUILD, [GUILD_CHANNEL]))
        await h.feed("GUILD_CREATE", guild(ELSEWHERE, ["1101456789990009999"]))
        post = await set_up_group(h)
        await h.click(button(h.fake, "Join this group")[0], post, server=True, user=OTHER)
        assert (count(h, "groups"), count(h, "members")) == (1, 2)
        await h.slash(command="rejected-settings", admin=True)
        await h.click(*button(h.fake, "Turn notes off"))
        assert count(h, "place_settings") == 1

        await h.feed("GUILD_DELETE", {"id": ELSEWHERE})  # another server: nothing of ours
        assert (count(h, "groups"), count(h, "members")) == (1, 2)

        with caplog.at_level(logging.INFO, logger="rebound.discord"):
            await h.feed("GUILD_DELETE", {"id": GUILD})
        assert (count(h, "groups"), count(h, "members"), count(h, "place_settings")) == (0, 0, 0)
        assert [r.getMessage() for r in caplog.records if "removed" in r.getMessage()] == [
            f"removed from server {GUILD}; its groups were deleted"]

        assert count(h, "conversations") == 2  # the set-up DM and the joiner's, kept
        calls = await h.dm("my plan")
        assert "Something went wrong" not in text(calls) and text(calls)

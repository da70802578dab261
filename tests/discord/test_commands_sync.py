"""The slash command is synced at start-up only when its definition changed, or on --sync."""

from __future__ import annotations

import discord
from discord import app_commands

from adapters.discord.bot import ReboundBot
from adapters.discord.fake import APP_ID
from tests.discord.conftest import TOKEN

SYNC = rf"^/applications/{APP_ID}/commands$"


async def test_first_start_syncs_the_rejected_command(harness):
    async with harness as h:
        [sync] = h.fake.find("PUT", SYNC)
        command, settings = sync.body
        assert command["name"] == "rejected" and not command.get("default_member_permissions")
        assert command["contexts"] == [0, 1] and command["integration_types"] == [0]
        action, story = command["options"]
        assert [c["value"] for c in action["choices"]] == [
            "start", "help", "plan", "journey", "progress", "group", "checkin", "export", "forget"]
        assert story["name"] == "what_happened" and not story.get("required")
        assert len(h.state.read_text().strip()) == 64
        # Admin settings: its own command, out of members' menus (Manage Server), servers only.
        assert settings["name"] == "rejected-settings"
        assert int(settings["default_member_permissions"]) == 1 << 5
        assert settings["contexts"] == [0] and not settings.get("options")


async def test_a_restart_with_the_same_commands_does_not_sync(harness):
    async with harness as h:
        await h.restart()
        await h.restart()
        assert len(h.fake.find("PUT", SYNC)) == 1


async def test_sync_flag_forces_a_sync(harness):
    async with harness as h:
        await h.start_bot(force_sync=True)
        assert len(h.fake.find("PUT", SYNC)) == 2


async def test_changed_definitions_are_synced(harness):
    async with harness as h:
        bot = ReboundBot(h.engines[0], command_state=h.state, remind_every=None)
        h.bots.append(bot)

        @app_commands.command(name="checkin", description="A weekly check-in")
        async def checkin(interaction: discord.Interaction) -> None:
            """Only its definition matters here."""

        bot.tree.add_command(checkin)
        await bot.login(TOKEN)
        [_, sync] = h.fake.find("PUT", SYNC)
        assert [c["name"] for c in sync.body] == ["rejected", "rejected-settings", "checkin"]

"""Admin controls on Discord: Manage Channels sets up a group, Manage Server the settings."""

from __future__ import annotations

from tests.discord.conftest import button, text
from tests.discord.payloads import USER

MEMBER = "1187231209311290002"


async def test_a_member_without_manage_channels_cannot_set_up_a_group(harness):
    async with harness as h:
        calls = await h.slash(action="group", user=MEMBER)
        assert "set up by people who can manage channels" in text(calls)
        assert "/rejected-settings" in text(calls)
        assert "set up your peer group" not in text(calls)


async def test_a_member_running_the_settings_command_gets_a_kind_no(harness):
    async with harness as h:
        calls = await h.slash(command="rejected-settings", user=MEMBER)
        assert "need the Manage Server permission" in text(calls)
        assert "Let members set up groups" not in text(calls)


async def test_a_server_admin_lets_members_set_up_groups(harness):
    async with harness as h:
        calls = await h.slash(command="rejected-settings", admin=True)
        assert "Here's how Rebound works in this server" in text(calls)
        assert "only admins set groups up" in text(calls)
        custom_id, message = button(h.fake, "Let members set up groups")
        calls = await h.click(custom_id, message, user=USER)  # in the DM: held from the command
        assert "any member can turn a channel into a group" in text(calls)
        calls = await h.slash(action="group", user=MEMBER)
        assert "sent you a direct message to set up the group" in text(calls)

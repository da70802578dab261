"""Admin controls on Slack: users.info's is_admin decides who sets up groups and settings."""

from __future__ import annotations

from tests.slack.conftest import visible

BOB = "U0BOB"


def test_a_member_cannot_set_up_a_group_until_an_admin_allows_it(slack, fake):
    slack.command("group", user=BOB)
    assert "peer groups are set up by workspace admins" in visible(fake.calls("webhook")[-1])
    assert "set up your peer group" not in slack.said()

    slack.command("settings", user=BOB)
    assert "its admins and owners" in visible(fake.calls("webhook")[-1])
    assert "Here's how Rebound works" not in slack.said()

    slack.command("settings")  # Amy: users.info says is_admin
    assert "Here's how Rebound works in this workspace" in slack.said()
    slack.press("Let members set up groups")
    assert "any member can turn a channel into a group" in slack.said()

    slack.command("group", user=BOB)
    assert "direct message to set up the group" in visible(fake.calls("webhook")[-1])

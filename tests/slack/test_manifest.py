"""The manifest asks Slack for exactly what the adapter uses, so one paste makes a working app."""

from __future__ import annotations

import re
from pathlib import Path

from adapters.slack.oauth import REDIRECT_PATH, SCOPES

MANIFEST = (Path(__file__).resolve().parents[2] / "manifest.yml").read_text("utf-8")


def listed(key: str) -> set[str]:
    """The `- item` lines under `key:` (the manifest is simple YAML; no parser needed)."""
    block = re.search(rf"^(\s*){key}:\n((?:\1\s+- .+\n)+)", MANIFEST, re.M)
    assert block, f"{key} missing"
    return {line.strip()[2:] for line in block.group(2).splitlines()}


def test_scopes_events_and_command_match_the_adapter():
    assert listed("bot") == {"commands", "chat:write", "im:history", "im:write", "users:read",
                             "chat:write.public", "files:write"}
    assert listed("bot_events") == {"app_home_opened", "message.im"}
    assert "- command: /rejected" in MANIFEST


def test_home_tab_messages_tab_interactivity_and_socket_mode_are_on():
    for setting in ("home_tab_enabled: true", "messages_tab_enabled: true",
                    "messages_tab_read_only_enabled: false", "socket_mode_enabled: true"):
        assert setting in MANIFEST
    assert re.search(r"interactivity:\n\s+is_enabled: true", MANIFEST)


def test_installs_ask_for_the_manifests_scopes_and_come_back_to_the_redirect_path():
    assert set(SCOPES) == listed("bot")
    [redirect] = re.findall(r"^\s*#\s+- (https://\S+)$", MANIFEST, re.M)
    assert redirect == "https://YOUR-HOST" + REDIRECT_PATH


def test_the_directory_listing_has_a_long_description_slack_accepts():
    [long] = re.findall(r'^  long_description: "(.*)"$', MANIFEST, re.M)
    assert 175 <= len(long.replace("\\n", "\n")) <= 4000

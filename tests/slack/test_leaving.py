"""Uninstalling Rebound from a Slack workspace deletes that workspace's data, and only that."""

from __future__ import annotations

import logging

import pytest

from tests.conftest import peek
from tests.slack.conftest import CHANNEL, Slack, buttons, payload

BOB = "U0BOB"
ELSEWHERE = "T0ELSEWHERE"


def rows(db: str, table: str, team: str) -> int:
    column = "key LIKE ?" if table != "groups" else "workspace || '|' LIKE ?"
    pattern = f"slack|{team}|%" if table != "groups" else f"{team}|%"
    return peek(db, f"SELECT count(*) FROM {table} WHERE {column}", [pattern])[0][0]


def dm_from_elsewhere(slack: Slack, text: str) -> None:
    """A DM from someone in another workspace the same app is installed in."""
    body = payload("message_im")
    body["team_id"] = body["context_team_id"] = body["event"]["team"] = ELSEWHERE
    body["authorizations"][0]["team_id"] = ELSEWHERE
    body["event_id"] = f"Ev0ELSE{len(text):05d}"
    body["event"].update(text=text, user="U0ZOE", channel="D0ZOE")
    slack.event(body)


def a_workspace_in_use(slack: Slack) -> None:
    slack.command("group")
    for answer in ("Job Hunters", None, "9am", "London", "yes"):
        slack.press("Monday") if answer is None else slack.dm(answer)
    slack.bot.background.sender.drain()
    announcement = next(c for c in slack.posted() if c.params["channel"] == CHANNEL)
    join = next(b for b in buttons(announcement) if b["value"].startswith("group:join:"))
    slack.click(join["value"], action_id=join["action_id"], user=BOB, channel=CHANNEL)
    slack.dm("They went with someone internal and I'm gutted", user=BOB)
    dm_from_elsewhere(slack, "hi")
    dm_from_elsewhere(slack, "Turned down again after three rounds")


@pytest.mark.parametrize("event", ["app_uninstalled", "tokens_revoked"])
def test_uninstalling_deletes_exactly_that_workspaces_rows(slack: Slack, db, caplog, event):
    a_workspace_in_use(slack)
    assert rows(db, "conversations", "T0REBOUND") == 2 and rows(db, "groups", "T0REBOUND") == 1
    assert rows(db, "members", "T0REBOUND") == 2
    slack.command("settings")
    slack.press("Turn notes off")
    assert "notes between group members: off" in slack.said()
    settings = "SELECT count(*) FROM place_settings WHERE place = 'T0REBOUND'"
    assert peek(db, settings) == [(1,)]

    with caplog.at_level(logging.INFO, logger="rebound.slack"):
        slack.event(payload(event))

    for table in ("conversations", "groups", "members", "actions", "scheduled", "outbox"):
        assert rows(db, table, "T0REBOUND") == 0, table
    assert peek(db, "SELECT count(*) FROM scheduled") == [(0,)]
    assert peek(db, settings) == [(0,)]
    assert rows(db, "conversations", ELSEWHERE) == 1
    stored = peek(db, "SELECT data FROM conversations")[0][0]
    assert "Turned down again" in stored  # the other workspace's conversation is untouched
    assert [r.getMessage() for r in caplog.records if "workspace" in r.getMessage()] == [
        "uninstalled from workspace T0REBOUND; its data was deleted"]


def test_revoking_only_a_persons_token_deletes_nothing(slack: Slack, db):
    a_workspace_in_use(slack)
    body = payload("tokens_revoked")
    body["event"]["tokens"] = {"oauth": ["U0AMY"]}
    slack.event(body)
    assert rows(db, "conversations", "T0REBOUND") == 2 and rows(db, "groups", "T0REBOUND") == 1

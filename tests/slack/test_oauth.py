"""One Rebound, many Slack workspaces: installed from a browser, each answered as itself."""

from __future__ import annotations

import json
import logging

import pytest

from adapters.slack.fake import Call
from adapters.slack.oauth import STATE_SECONDS, authorize_url
from bot import Engine
from tests.slack.installs import CLIENT_ID, REDIRECT, Many, query

ONE, TWO = "T0ONE", "T0TWO"
PEOPLE = {"U0ANNA": ONE, "U0BEN": TWO}


@pytest.fixture
def many(engine, fake, clock):
    made = Many(engine, fake, clock)
    yield made
    made.close()


def token(call: Call) -> str:
    return call.headers.get("authorization", "").removeprefix("Bearer ")


def replies_to(many: Many, user: str) -> list[Call]:
    return [c for c in many.fake.calls("chat.postMessage") if c.params["channel"] == "D" + user[1:]]


def test_install_then_that_workspace_is_answered_with_its_own_token(many, fake, caplog):
    browser = many.browser()
    with caplog.at_level(logging.DEBUG):
        started = browser.start()
        assert started.status == 302
        sent_to = str(started.header("Location"))
        assert sent_to.startswith(authorize_url(fake.url) + "?")
        asked = query(sent_to)
        assert asked["client_id"] == CLIENT_ID and asked["redirect_uri"] == REDIRECT
        assert set(asked["scope"].split(",")) >= {"commands", "chat:write", "im:history"}
        assert asked["state"] and browser.cookies["slack-app-oauth-state"] == asked["state"]

        fake.install_team = ONE
        done = browser.finish(browser.approve(started))
        assert done.status == 200
        assert "Rebound is ready" in done.body and "Workspace T0ONE" in done.body
        exchange = fake.wait("oauth.v2.access")[0]
        assert exchange.headers["authorization"].startswith("Basic ")  # client id and secret

        many.dm(ONE, "U0ANNA", "They turned me down after the last round", "Ev0ONE1")

    answers = replies_to(many, "U0ANNA")
    assert answers, "no reply reached the person who wrote"
    assert {fake.token_team(token(c)) for c in answers} == {ONE}
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "installed in workspace T0ONE" in logged
    assert "xoxb-" not in logged and "code-for-" not in logged and asked["state"] not in logged


def test_two_workspaces_replies_never_cross(many, fake):
    for team in (ONE, TWO):
        assert many.browser().install(team).status == 200
    for n, (user, team) in enumerate(PEOPLE.items()):
        many.dm(team, user, "hi", f"Ev0CROSS{n}")
        many.dm(team, user, "I didn't get the job and it stings", f"Ev0CROSS{n}b")

    tokens = {team: {token(c) for c in replies_to(many, user)} for user, team in PEOPLE.items()}
    assert all(len(found) == 1 for found in tokens.values()), tokens
    assert tokens[ONE] != tokens[TWO]
    for user, team in PEOPLE.items():
        assert {fake.token_team(t) for t in tokens[team]} == {team}
        looked_up = [c for c in fake.calls() if c.method in ("users.info", "conversations.open")
                     and user in (c.params.get("user"), c.params.get("users"))]
        assert looked_up and {fake.token_team(token(c)) for c in looked_up} == {team}


def test_installs_survive_a_restart(many, fake, db, clock):
    many.browser().install(ONE)
    many.close()
    again = Many(Engine(db, clock=clock, region=""), fake, clock)
    try:
        again.dm(ONE, "U0ANNA", "hello again", "Ev0AFTER")
        answers = replies_to(again, "U0ANNA")
        assert answers and {fake.token_team(token(c)) for c in answers} == {ONE}
    finally:
        again.close()
        again.engine.close()


@pytest.mark.parametrize("event", ["app_uninstalled", "tokens_revoked"])
def test_uninstall_deletes_the_workspace_and_its_token(many, fake, caplog, event):
    for team in (ONE, TWO):
        many.browser().install(team)
    for n, (user, team) in enumerate(PEOPLE.items()):
        many.dm(team, user, "They went with someone else", f"Ev0GONE{n}")
    with caplog.at_level(logging.INFO, logger="rebound.slack"):
        many.event(event, ONE)

    def count(table: str, team: str) -> int:
        column = "key" if table != "installations" else "'slack|' || workspace || '|'"
        return many.engine.store.db.value(
            f"SELECT count(*) FROM {table} WHERE {column} LIKE ?", [f"slack|{team}|%"])

    assert count("installations", ONE) == 0 and count("conversations", ONE) == 0
    assert count("installations", TWO) == 1 and count("conversations", TWO) == 1
    lines = [r.getMessage() for r in caplog.records if ONE in r.getMessage()]
    assert lines == [f"uninstalled from workspace {ONE}; its data was deleted"]

    before = len(fake.calls("chat.postMessage"))
    many.dm(ONE, "U0ANNA", "hello?", "Ev0GONE9")
    assert len(fake.calls("chat.postMessage")) == before  # nobody answers as that workspace now
    many.dm(TWO, "U0BEN", "still here", "Ev0STILL")
    assert len(fake.calls("chat.postMessage")) > before


def test_a_replayed_state_is_refused(many, fake):
    browser = many.browser()
    fake.install_team = ONE
    redirect = browser.approve(browser.start())
    assert browser.finish(redirect).status == 200
    browser.cookies["slack-app-oauth-state"] = query(redirect)["state"]  # as if never spent
    replay = browser.finish(redirect)
    assert replay.status == 401 and "didn't go through" in replay.body
    assert 'href="/slack/install"' in replay.body
    assert len(fake.calls("oauth.v2.access")) == 1


def test_an_expired_state_is_refused(many, fake, clock):
    browser = many.browser()
    fake.install_team = ONE
    started = browser.start()
    clock.advance(seconds=STATE_SECONDS + 1)
    late = browser.finish(browser.approve(started))
    assert late.status == 401 and "didn't go through" in late.body
    assert not fake.calls("oauth.v2.access")
    assert not many.engine.store.db.value("SELECT count(*) FROM installations")


def test_a_state_from_another_browser_is_refused(many, fake):
    fake.install_team = ONE
    redirect = many.browser().approve(many.browser().start())
    stranger = many.browser()
    assert stranger.finish(redirect).status == 400
    assert not fake.calls("oauth.v2.access")


def test_cancelling_on_slack_says_nothing_changed(many):
    browser = many.browser()
    state = query(str(browser.start().header("Location")))["state"]
    cancelled = browser.get(f"/slack/oauth_redirect?error=access_denied&state={state}")
    assert "cancelled" in cancelled.body and "nothing changed" in cancelled.body


def test_export_never_holds_the_workspace_token(many, fake):
    many.browser().install(ONE)
    many.dm(ONE, "U0ANNA", "They turned me down", "Ev0EXP1")
    many.dm(ONE, "U0ANNA", "export my data", "Ev0EXP2")
    sent = json.dumps([c.params for c in replies_to(many, "U0ANNA")])
    [upload] = fake.calls("upload")
    exported_file = upload.params["data"].decode()
    assert "turned me down" in exported_file  # the export went out, with what they wrote
    assert "xoxb-" not in sent and "xoxb-" not in exported_file
    exported = many.engine.store.export("slack|T0ONE|U0ANNA")
    assert "xoxb-" not in json.dumps(exported)


def test_the_front_page_offers_the_install(many):
    home = many.browser().get("/")
    assert home.status == 200 and home.header("Content-Type").startswith("text/html")
    assert 'href="/slack/install"' in home.body and "Add to Slack" in home.body
    assert f"{many.engine.retain_days} days after someone's last message" in home.body
    assert "<script" not in home.body


def test_a_code_slack_refuses_ends_on_the_failure_page_and_logs_no_code(many, fake, caplog):
    fake.fail("oauth.v2.access", error="invalid_code")
    with caplog.at_level(logging.DEBUG):
        refused = many.browser().install(ONE)
    assert refused.status == 401 and "didn't go through" in refused.body
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "a Slack install did not finish: invalid_code" in logged
    assert "code-for-" not in logged  # Bolt's own line names the code; it is redacted
    assert not many.engine.store.find_installation("slack", ONE)

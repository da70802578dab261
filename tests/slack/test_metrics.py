"""What an operator's Prometheus and health checks see of `rebound slack`, and never see."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from argparse import Namespace

import pytest
from slack_bolt.request import BoltRequest

from adapters.metrics import Metrics
from adapters.slack import cli
from adapters.slack.fake import signed_headers
from adapters.slack.server import wsgi_app
from bot import metrics
from tests.slack.conftest import AMY, AMY_DM, SECRET, TOKEN, payload
from tests.slack.socket_fake import FakeSocketMode
from tests.slack.test_process import free_port, http

TEAM = "T0REBOUND"


@pytest.fixture
def watched(engine):
    """This process's counts go to a fresh registry for the test, and nowhere after it."""
    meter = Metrics(engine)
    before = metrics.use(meter)
    yield meter
    metrics.use(before)


def get(app, path: str) -> tuple[str, str]:
    """GET `path` from a WSGI app: the status line and the body."""
    answer: list[str] = []
    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "wsgi.input": io.BytesIO(b"")}
    body = b"".join(app(environ, lambda status, headers: answer.append(status)))
    return answer[0], body.decode()


def sample(page: str, name: str, **labels: str) -> float:
    """One sample's value from the Prometheus text, 0 if it isn't there."""
    for line in page.splitlines():
        found = re.fullmatch(rf"{name}(?:\{{(.*)\}})? (\S+)", line)
        if found and dict(re.findall(r'(\w+)="([^"]*)"', found.group(1) or "")) == labels:
            return float(found.group(2))
    return 0.0


def test_metrics_count_a_conversation_and_name_nobody(slack, fake, bot, watched):
    fake.fail("chat.postMessage", error="ratelimited")  # the first post is tried again
    slack.dm("hi")
    slack.dm("They turned me down after the final round")
    slack.dm("I want to kill myself")
    fake.fail("chat.postMessage", error="channel_not_found")
    slack.dm("are you there")
    status, page = get(wsgi_app(bot[0].app, SECRET, watched), "/metrics")
    assert status == "200 OK"
    assert sample(page, "rebound_turns_total", outcome="answered") == 4
    assert sample(page, "rebound_turn_seconds_count") == 4
    assert sample(page, "rebound_deliveries_total", kind="reply") >= 4
    assert sample(page, "rebound_crisis_referrals_total", kind="intent") == 1
    assert sample(page, "rebound_platform_api_errors_total", transient="true",
                  code="ratelimited") == 1
    assert sample(page, "rebound_platform_api_retries_total") == 1
    assert sample(page, "rebound_platform_api_errors_total", transient="false",
                  code="channel_not_found") == 1
    assert sample(page, "rebound_delivery_failures_total", kind="reply", reason="refused") == 1
    assert sample(page, "rebound_inbox_depth") == 0
    assert sample(page, "rebound_outbox_depth") == 0
    for private in (AMY, AMY_DM, TEAM, "kill", "final round"):
        assert private not in page


def test_depths_show_what_waits(bot, watched):
    """Stored but not yet run: the inbox shows it; run but not yet sent: the outbox."""
    app = wsgi_app(bot[0].app, SECRET, watched)
    body = payload("message_im")
    body["event"]["text"] = "hello"
    raw = json.dumps(body)
    headers = dict(signed_headers(raw, SECRET, content_type="application/json"))
    bot[0].app.dispatch(BoltRequest(body=raw, headers=headers))  # acked; no turn has run yet
    assert sample(get(app, "/metrics")[1], "rebound_inbox_depth") == 1
    bot[0].background.workers.run_pending()
    page = get(app, "/metrics")[1]
    assert sample(page, "rebound_inbox_depth") == 0
    assert sample(page, "rebound_outbox_depth") >= 1


def test_healthz_reads_the_database(bot, engine, watched):
    app = wsgi_app(bot[0].app, SECRET, watched)
    assert get(app, "/healthz") == ("200 OK", "ok")
    engine.close()
    status, _ = get(app, "/healthz")
    assert status.startswith("503")


def test_metrics_can_leave_the_public_port(bot, watched):
    app = wsgi_app(bot[0].app, SECRET, watched, metrics=False)
    assert get(app, "/metrics")[0].startswith("404")
    assert get(app, "/healthz") == ("200 OK", "ok")


def test_rebound_slack_http_serves_metrics_without_ids(tmp_path, fake):
    """The real process: a signed DM over HTTP, then what Prometheus would scrape."""
    port = free_port()
    env = {**os.environ, "SLACK_API_URL": fake.url, "SLACK_SIGNING_SECRET": SECRET,
           "SLACK_BOT_TOKEN": TOKEN, "REBOUND_DB": str(tmp_path / "rebound.db")}
    process = subprocess.Popen(
        [sys.executable, "-m", "adapters.cli", "slack", "--http", "--host", "127.0.0.1",
         "--port", str(port)],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, process)
        body = payload("message_im")
        body["event"]["text"] = "They said no after four interviews"
        raw = json.dumps(body)
        http(base + "/slack/events", raw.encode(),
             signed_headers(raw, SECRET, content_type="application/json"))
        fake.wait("chat.postMessage", timeout=15)
        deadline = time.monotonic() + 15
        while True:  # the sender marks the row sent just after Slack answers
            status, page = http(base + "/metrics")
            text = page.decode()
            if sample(text, "rebound_deliveries_total", kind="reply") >= 1 or \
                    time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert status == 200
        assert sample(text, "rebound_turns_total", outcome="answered") == 1
        assert sample(text, "rebound_deliveries_total", kind="reply") >= 1
        for private in (AMY, AMY_DM, TEAM, "interviews"):
            assert private not in text
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=15)
    assert process.returncode == 0


def wait_healthy(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            if http(base + "/healthz") == (200, b"ok"):
                return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"did not become healthy: {process.communicate()[1]}")
        time.sleep(0.05)


def test_socket_mode_serves_health_and_metrics_on_the_metrics_port(tmp_path, fake):
    link = FakeSocketMode()
    fake.socket_url = link.url
    port = free_port()
    env = {**os.environ, "SLACK_API_URL": fake.url, "SLACK_BOT_TOKEN": TOKEN,
           "SLACK_APP_TOKEN": "xapp-1-test-app-token", "REBOUND_DB": str(tmp_path / "r.db")}
    process = subprocess.Popen(
        [sys.executable, "-m", "adapters.cli", "slack", "--metrics-port", str(port),
         "--metrics-host", "127.0.0.1"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_healthy(base, process)
        status, page = http(base + "/metrics")
        assert status == 200 and "rebound_inbox_depth 0.0" in page.decode()
        assert http(base + "/elsewhere")[0] == 404
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=15)
        link.close()
    assert process.returncode == 0


# -- settings Slack would refuse: one line, exit 2 ----------------------------------


def closed_url() -> str:
    """A local port nothing listens on: connecting is refused at once."""
    return f"http://127.0.0.1:{free_port()}/api/"


@pytest.mark.parametrize(("setting", "value", "named"), [
    ("SLACK_API_URL", "slack.com/api", "SLACK_API_URL: use"),
    ("SLACK_API_URL", None, "SLACK_API_URL: could not reach Slack"),
    ("SLACK_BOT_TOKEN", "xapp-1-wrong-kind", "SLACK_BOT_TOKEN: use the token that starts"),
    ("SLACK_APP_TOKEN", "xoxb-wrong-kind", "SLACK_APP_TOKEN: use the token that starts"),
])
def test_a_setting_slack_cannot_use_is_one_line_and_exit_2(monkeypatch, capsys, tmp_path,
                                                           setting, value, named):
    monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-test-app-token")
    monkeypatch.delenv("SLACK_API_URL", raising=False)
    monkeypatch.setenv(setting, value if value is not None else closed_url())
    args = Namespace(http=False, host="127.0.0.1", port=None, db=str(tmp_path / "r.db"))
    assert cli.run(args) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"rebound slack: {named}") and err.count("\n") == 1
    assert "Traceback" not in err and TOKEN not in err
    assert not (tmp_path / "r.db").exists()  # nothing started


@pytest.mark.parametrize(("status", "error", "named"), [
    (200, "invalid_auth", "SLACK_BOT_TOKEN: Slack refused it (invalid_auth)"),
    (404, "not_found", "SLACK_API_URL: "),
])
def test_what_auth_test_refuses_names_the_setting(monkeypatch, capsys, tmp_path, fake,
                                                  status, error, named):
    monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SECRET)
    monkeypatch.setenv("SLACK_API_URL", fake.url)
    fake.fail("auth.test", status=status, error=error)
    args = Namespace(http=True, host="127.0.0.1", port=None, db=str(tmp_path / "r.db"))
    assert cli.run(args) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"rebound slack: {named}") and err.count("\n") == 1


def test_a_refused_app_token_is_named(monkeypatch, capsys, tmp_path, fake):
    monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-revoked")
    monkeypatch.setenv("SLACK_API_URL", fake.url)
    fake.fail("apps.connections.open", error="invalid_auth")
    args = Namespace(http=False, host="127.0.0.1", port=None, db=str(tmp_path / "r.db"))
    assert cli.run(args) == 2
    err = capsys.readouterr().err
    assert err == "rebound slack: SLACK_APP_TOKEN: Slack refused a Socket Mode connection " \
                  "(invalid_auth)\n"


def test_a_metrics_port_in_use_is_one_line_and_exit_2(monkeypatch, capsys, tmp_path, fake):
    monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-test-app-token")
    monkeypatch.setenv("SLACK_API_URL", fake.url)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        args = Namespace(http=False, host="127.0.0.1", port=None, db=str(tmp_path / "r.db"),
                         metrics_port=port, metrics_host="127.0.0.1")
        assert cli.run(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("rebound slack: --metrics-port: can't listen") and \
        err.count("\n") == 1

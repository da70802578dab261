"""`rebound slack` as it runs: over real HTTP as a subprocess, and Socket Mode envelopes."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from argparse import Namespace

import pytest
from slack_bolt.adapter.socket_mode.builtin import SocketModeHandler
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from adapters.slack import cli
from adapters.slack.fake import signed_headers
from tests.slack.conftest import AMY_DM, SECRET, TOKEN, payload, visible
from tests.slack.socket_fake import FakeSocketMode


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http(url: str, body: bytes | None = None,
         headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


@pytest.fixture
def served(tmp_path, fake):
    """`rebound slack --http` in its own process, on a free port, talking to the fake."""
    port = free_port()
    env = {**os.environ, "SLACK_API_URL": fake.url, "SLACK_SIGNING_SECRET": SECRET,
           "SLACK_BOT_TOKEN": TOKEN, "REBOUND_DB": str(tmp_path / "rebound.db"),
           "REBOUND_LOG_LEVEL": "DEBUG"}
    env.pop("PORT", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "adapters.cli", "slack", "--http", "--host", "127.0.0.1",
         "--port", str(port)],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if http(base + "/healthz")[0] == 200:
                break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"server did not start: {process.communicate()[1]}")
        time.sleep(0.05)
    yield base, process
    if process.poll() is None:
        process.kill()
        process.communicate()


def test_rebound_slack_http_serves_signed_events_and_health(served, fake):
    base, process = served
    assert http(base + "/healthz") == (200, b"ok")
    body = payload("message_im")
    body["event"]["text"] = "They rejected me after the final round, Priya's team"
    raw = json.dumps(body)
    status, _ = http(base + "/slack/events", raw.encode(),
                     signed_headers(raw, SECRET, content_type="application/json"))
    assert status == 200
    posted = fake.wait("chat.postMessage", count=3, timeout=15)
    assert {call.params["channel"] for call in posted} == {AMY_DM}
    assert "I'm Rebound" in "".join(visible(call) for call in posted)
    forged = signed_headers(raw, "wrong-secret", content_type="application/json")
    assert http(base + "/slack/events", raw.encode(), forged)[0] == 401
    assert http(base + "/nothing-here")[0] == 404
    process.send_signal(signal.SIGTERM)
    _, logs = process.communicate(timeout=15)
    assert process.returncode == 0
    assert "Priya" not in logs and TOKEN not in logs


def test_junk_at_the_real_server_is_refused_quietly(served, fake):
    """Unsigned junk, forgeries and a giant, at the process `rebound slack --http` runs."""
    base, process = served
    for n in range(60):
        junk = b"{not json at all, Quibblefrost " + str(n).encode()
        status, _ = http(base + "/slack/events", junk, {"Content-Type": "application/json"})
        assert status == 401
    with socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1])), timeout=5) as conn:
        conn.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\n"
                     b"Content-Length: 5000000\r\n\r\nQuibblefrost")
        assert conn.recv(64).startswith(b"HTTP/1.1 413")
    process.send_signal(signal.SIGTERM)
    _, logs = process.communicate(timeout=15)
    assert "Traceback" not in logs and "Quibblefrost" not in logs
    assert logs.count("refused a Slack request") == 1
    assert not fake.calls("chat.postMessage")


def test_rebound_slack_socket_mode_end_to_end(tmp_path, fake):
    """`rebound slack` connects to the Socket Mode URL Slack hands out, acks and answers."""
    link = FakeSocketMode()
    fake.socket_url = link.url
    env = {**os.environ, "SLACK_API_URL": fake.url, "SLACK_BOT_TOKEN": TOKEN,
           "SLACK_APP_TOKEN": "xapp-1-test-app-token", "REBOUND_DB": str(tmp_path / "r.db")}
    env.pop("SLACK_SIGNING_SECRET", None)
    process = subprocess.Popen([sys.executable, "-m", "adapters.cli", "slack"], cwd=tmp_path,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        envelope = payload("socket_mode_events_api")
        link.send(envelope)
        assert link.ack_for(envelope["envelope_id"])
        [posted] = fake.wait("chat.postMessage", timeout=15)
        assert posted.params["channel"] == AMY_DM and "I'm Rebound" in visible(posted)
        command = payload("socket_mode_slash_commands")
        command["payload"]["response_url"] = fake.webhook_url()
        link.send(command)
        assert not link.ack_for(command["envelope_id"]).get("payload")
        [note] = fake.wait("webhook", timeout=15)
        assert note.params["response_type"] == "ephemeral"
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=15)
        assert process.returncode == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
        link.close()


class RecordingSocket:
    """Stands in for the Socket Mode connection: keeps the acks Bolt sends back."""

    def __init__(self, logger) -> None:
        self.logger = logger
        self.sent: list[SocketModeResponse] = []

    def send_socket_mode_response(self, response: SocketModeResponse) -> None:
        self.sent.append(response)


@pytest.fixture
def socket_mode(slack):
    handler = SocketModeHandler(slack.bot.app, app_token="xapp-1-test")
    yield handler, RecordingSocket(slack.bot.app.logger)
    handler.close()


def test_socket_mode_events_are_acked_and_answered_once(socket_mode, slack):
    handler, connection = socket_mode
    envelope = payload("socket_mode_events_api")
    handler.handle(connection, SocketModeRequest.from_dict(envelope))
    slack.settle()
    assert [r.envelope_id for r in connection.sent] == [envelope["envelope_id"]]
    answered = len(slack.posted())
    assert answered and "I'm Rebound" in slack.said()
    retry = {**envelope, "envelope_id": "retry-envelope", "retry_attempt": 1,
             "retry_reason": "timeout"}
    handler.handle(connection, SocketModeRequest.from_dict(retry))
    slack.settle()
    assert [r.envelope_id for r in connection.sent][-1] == "retry-envelope"
    assert len(slack.posted()) == answered


def test_socket_mode_slash_command_is_private_in_the_channel(socket_mode, slack, fake):
    handler, connection = socket_mode
    envelope = payload("socket_mode_slash_commands")
    envelope["payload"]["response_url"] = fake.webhook_url()
    handler.handle(connection, SocketModeRequest.from_dict(envelope))
    slack.settle()
    [ack] = connection.sent
    assert ack.envelope_id == envelope["envelope_id"] and not ack.payload
    [note] = fake.calls("webhook")
    assert note.params["response_type"] == "ephemeral"
    assert "Here's what you can type" in slack.said()
    assert {call.params["channel"] for call in slack.posted()} == {AMY_DM}


@pytest.mark.parametrize(("http_mode", "missing"), [
    (False, "SLACK_APP_TOKEN"), (True, "SLACK_SIGNING_SECRET")])
def test_missing_settings_are_named_not_crashed_on(monkeypatch, capsys, http_mode, missing):
    monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
    for name in ("SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    args = Namespace(http=http_mode, host="127.0.0.1", port=None, db=None)
    assert cli.run(args) == 2
    assert missing in capsys.readouterr().err

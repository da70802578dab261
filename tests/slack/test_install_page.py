"""`rebound slack --http` for many workspaces, as a process: its front page in a real browser,
and an install all the way to a workspace being answered with its own token."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urljoin

import pytest

from adapters import cli
from adapters.slack.fake import FakeSlack, signed_headers
from tests.slack import chromium
from tests.slack.conftest import SECRET, payload
from tests.slack.installs import CLIENT_ID, CLIENT_SECRET, query

needs_chromium = pytest.mark.skipif(
    chromium.BINARY is None and not os.environ.get("CI"),
    reason="no chromium binary here (apt-get install -y chromium); CI always runs this test")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Stay(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def fetch(url: str, cookies: dict[str, str] | None = None, body: bytes | None = None,
          headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    """One request, redirects not followed; cookies it sets go into `cookies`."""
    sent = dict(headers or {})
    if cookies:
        sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    request = urllib.request.Request(url, data=body, headers=sent)
    try:
        with urllib.request.build_opener(_Stay).open(request, timeout=5) as answer:
            status, got, text = answer.status, answer.headers, answer.read().decode()
    except urllib.error.HTTPError as err:
        status, got, text = err.code, err.headers, err.read().decode()
    if cookies is not None:
        for value in got.get_all("Set-Cookie") or []:
            for morsel in SimpleCookie(value).values():
                cookies[morsel.key] = morsel.value
    return status, dict(got.items()), text


@pytest.fixture
def served(tmp_path: Path, fake: FakeSlack) -> Iterator[str]:
    """`rebound slack --http` installed by many workspaces, in its own process."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "SLACK_API_URL": fake.url, "SLACK_SIGNING_SECRET": SECRET,
           "SLACK_CLIENT_ID": CLIENT_ID, "SLACK_CLIENT_SECRET": CLIENT_SECRET,
           "REBOUND_DB": str(tmp_path / "rebound.db"), "REBOUND_LOG_LEVEL": "DEBUG"}
    for name in ("PORT", "SLACK_BOT_TOKEN", "SLACK_OAUTH_REDIRECT_URL"):
        env.pop(name, None)
    process = subprocess.Popen(
        [sys.executable, "-m", "adapters.cli", "slack", "--http", "--host", "127.0.0.1",
         "--port", str(port), "--public-url", base],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while True:
        try:
            if fetch(base + "/healthz")[0] == 200:
                break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"server did not start: {process.communicate()[1]}")
        time.sleep(0.05)
    yield base
    process.terminate()
    _, logged = process.communicate(timeout=10)
    assert "xoxb-" not in logged and CLIENT_SECRET not in logged  # no secret in any log line


def test_an_install_over_http_then_that_workspace_is_answered_as_itself(served, fake):
    fake.install_team = "T0HTTP"
    cookies: dict[str, str] = {}
    status, headers, _ = fetch(served + "/slack/install", cookies)
    assert status == 302
    url = headers["Location"]
    while not url.startswith(served + "/slack/oauth_redirect"):  # Slack's page, approved
        status, headers, _ = fetch(url, cookies)
        assert status == 302
        url = urljoin(url, headers["Location"])
    status, _, page = fetch(url, cookies)
    assert status == 200 and "Rebound is ready" in page

    body = payload("message_im")
    body["team_id"] = body["context_team_id"] = body["event"]["team"] = "T0HTTP"
    body["authorizations"][0]["team_id"] = "T0HTTP"
    body["event"]["text"] = "They rejected me after the final round"
    raw = json.dumps(body)
    status, _, _ = fetch(served + "/slack/events", body=raw.encode(),
                         headers=signed_headers(raw, SECRET, content_type="application/json"))
    assert status == 200
    posted = fake.wait("chat.postMessage")[0]
    bearer = posted.headers["authorization"].removeprefix("Bearer ")
    assert fake.token_team(bearer) == "T0HTTP"


@needs_chromium
def test_the_front_page_in_chromium_and_its_button_installs(served, fake, tmp_path):
    assert chromium.BINARY, "CI is set but there is no chromium binary: .ci/run installs it"
    dom = chromium.dump_dom(served + "/", tmp_path / "profile-dump")
    assert "Add to Slack" in dom and 'href="/slack/install"' in dom
    assert "export my data" in dom and "forget me" in dom  # the privacy summary is there

    fake.install_team = "T0CLICK"

    async def click_through() -> tuple[str, str]:
        async with chromium.Chromium(tmp_path / "profile-click") as browser:
            tab = await browser.tab()
            await tab.call("Page.navigate", url=served + "/")
            await tab.loaded()
            await tab.click("#add-to-slack")
            await tab.loaded()
            return (await tab.value("location.href"),
                    await tab.value("document.body.innerText"))

    landed, text = asyncio.run(click_through())
    authorize = fake.wait("authorize")[0]
    assert authorize.params["client_id"] == CLIENT_ID
    assert {"commands", "chat:write"} <= set(authorize.params["scope"].split(","))
    assert authorize.params["state"] and authorize.params["redirect_uri"] == (
        served + "/slack/oauth_redirect")
    assert landed.startswith(served + "/slack/oauth_redirect?")
    assert query(landed)["state"] == authorize.params["state"]
    assert "Rebound is ready" in text and "Workspace T0CLICK" in text


@pytest.mark.parametrize(("settings", "flags", "named"), [
    ({"SLACK_BOT_TOKEN": "xoxb-1-2", "SLACK_CLIENT_ID": CLIENT_ID,
      "SLACK_CLIENT_SECRET": CLIENT_SECRET}, ["--http"], "not both"),
    ({"SLACK_CLIENT_ID": CLIENT_ID, "SLACK_CLIENT_SECRET": CLIENT_SECRET}, [], "needs `--http`"),
    ({"SLACK_CLIENT_ID": CLIENT_ID}, ["--http"], "SLACK_CLIENT_SECRET and SLACK_SIGNING_SECRET"),
    ({"SLACK_CLIENT_ID": CLIENT_ID, "SLACK_CLIENT_SECRET": CLIENT_SECRET},
     ["--http", "--public-url", "rebound.example"], "--public-url: use the web address"),
])
def test_settings_for_many_workspaces_that_cannot_work_are_one_line(
        monkeypatch, capsys, fake, settings, flags, named):
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET",
                 "SLACK_SIGNING_SECRET", "SLACK_OAUTH_REDIRECT_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SLACK_API_URL", fake.url)
    if "SLACK_CLIENT_SECRET" in settings:
        monkeypatch.setenv("SLACK_SIGNING_SECRET", SECRET)
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    assert cli.main(["slack", *flags]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("rebound slack: ") and named in line

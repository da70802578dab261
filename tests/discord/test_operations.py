"""`rebound discord` for an operator: health and metrics beside the bot, one-line setting errors."""

from __future__ import annotations

import asyncio
import http.server
import os
import sys
import threading
import urllib.request

import pytest

from adapters.discord.fake import FakeDiscord
from tests.discord.conftest import TOKEN
from tests.slack.test_process import free_port


def rebound_discord(tmp_path, base: str, *options: str) -> asyncio.Future:
    env = {**os.environ, "DISCORD_TOKEN": TOKEN, "DISCORD_API_BASE": base,
           "REBOUND_DB": str(tmp_path / "rebound.db")}
    return asyncio.create_subprocess_exec(
        sys.executable, "-m", "adapters.cli", "discord", *options, env=env, cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read().decode()


async def test_the_metrics_port_answers_health_and_metrics(tmp_path):
    fake = FakeDiscord()
    base = await fake.start()
    port = free_port()
    process = await rebound_discord(tmp_path, base, "--metrics-port", str(port),
                                    "--metrics-host", "127.0.0.1")
    try:
        await asyncio.wait_for(fake.identified.wait(), timeout=20)
        status, body = await asyncio.to_thread(fetch, f"http://127.0.0.1:{port}/healthz")
        assert (status, body) == (200, "ok")
        status, page = await asyncio.to_thread(fetch, f"http://127.0.0.1:{port}/metrics")
        assert status == 200 and "rebound_outbox_depth" in page and "rebound_turns" in page
    finally:
        process.terminate()
        await asyncio.wait_for(process.communicate(), timeout=20)
        await fake.stop()
    assert process.returncode == 0


async def test_a_token_discord_refuses_is_one_line_and_exit_2(tmp_path):
    fake = FakeDiscord()
    base = await fake.start()
    fake.fail("GET", r"^/users/@me$", 401, times=5)
    try:
        process = await rebound_discord(tmp_path, base)
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    finally:
        await fake.stop()
    assert process.returncode == 2
    assert last_line(stderr) == "rebound discord: DISCORD_TOKEN: Discord refused this token"


class NotDiscord(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(404)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<html>Quibblefrost's web page</html>")

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def not_discord():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), NotDiscord)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api/v10"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(("base", "says"), [
    ("discord.com/api/v10", "DISCORD_API_BASE: use a web address"),
    ("closed", "DISCORD_API_BASE: could not reach Discord at http://127.0.0.1:"),
    ("not_discord", "DISCORD_API_BASE: http://127.0.0.1:"),
])
async def test_a_discord_api_base_that_cannot_work_is_one_line_and_exit_2(
        tmp_path, not_discord, base, says):
    if base == "closed":
        base = f"http://127.0.0.1:{free_port()}/api/v10"
    elif base == "not_discord":
        base = not_discord
    process = await rebound_discord(tmp_path, base)
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 2
    text = stderr.decode()
    assert last_line(stderr).startswith(f"rebound discord: {says}")
    assert text.count("rebound discord:") == 1
    assert "Traceback" not in text and "Quibblefrost" not in text and TOKEN not in text


def last_line(stderr: bytes) -> str:
    return stderr.decode().strip().splitlines()[-1]

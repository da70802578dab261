"""What a DM turn costs through the Slack adapter, next to a bare Bolt app.

Both apps are real Bolt apps in this process, verify the same kind of signed
Events API request, and post to the same fake Slack on 127.0.0.1 (so the
network is the loopback for both). A sample runs from `dispatch()` of the
signed request until the fake has received the chat.postMessage it causes.
The bare app acks and posts one fixed message; the adapter runs a full turn
(engine, Block Kit rendering, escaping) that produces one reply. Samples are
interleaved in blocks so drift on the machine hits both alike.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from slack_bolt import App
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient

from adapters.slack.app import SlackBot, web_client
from adapters.slack.fake import FakeSlack, signed_headers
from bot import Engine

TURNS = 1000
BLOCK = 20
WARM_UP = 20
SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench"
VENTS = ("They said no after the final round and I'm gutted",
         "I spent weeks on that application, it's so frustrating",
         "I keep replaying the interview in my head")
EVENT = {
    "token": "unused", "team_id": "T0BENCH", "api_app_id": "A0BENCH", "type": "event_callback",
    "event_time": 1795000000,
    "authorizations": [{"enterprise_id": None, "team_id": "T0BENCH", "user_id": "U0REBOUND",
                        "is_bot": True, "is_enterprise_install": False}],
}


def _bare_app(fake: FakeSlack) -> App:
    """The floor: verify, ack, post one message."""
    app = App(client=WebClient(token=TOKEN, base_url=fake.url), signing_secret=SECRET,
              token_verification_enabled=False)

    @app.event("message")
    def answer(event: dict[str, Any], client: WebClient) -> None:
        client.chat_postMessage(channel=event["channel"], text="Thanks for your message.")

    return app


def _request(user: str, text: str, event_id: str) -> BoltRequest:
    body = json.dumps({**EVENT, "event_id": event_id, "event": {
        "type": "message", "channel_type": "im", "user": user, "channel": "D" + user[1:],
        "text": text, "ts": "1795000000.000100", "event_ts": "1795000000.000100"}})
    return BoltRequest(body=body, headers=signed_headers(body, SECRET,
                                                         content_type="application/json"))


def _sample(app: App, fake: FakeSlack, request: BoltRequest) -> float:
    fake.clear()
    start = time.perf_counter()
    app.dispatch(request)
    fake.wait("chat.postMessage", 1, timeout=10)
    return time.perf_counter() - start


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _ms(samples: list[float], q: float) -> float:
    return round(_percentile(samples, q) * 1000, 3)


def _measure(fake: FakeSlack, folder: Path) -> tuple[list[float], list[float]]:
    engine = Engine(folder / "slack-bench.db")
    adapter = SlackBot(engine, web_client(TOKEN, fake.url), signing_secret=SECRET,
                       token_verification=False)
    adapter.start()  # turn workers and the sender, as `rebound slack` runs them
    bare = _bare_app(fake)
    ids = iter(range(10**9))

    def turn(app: App, user: str) -> Callable[[], float]:
        def one() -> float:
            n = next(ids)
            return _sample(app, fake, _request(user, VENTS[n % len(VENTS)], f"Ev{n}"))
        return one

    adapter_turn, bare_turn = turn(adapter.app, "U0BENCH"), turn(bare, "U0BARE")
    # Past the greeting and the first vent (two replies); from here each turn is one reply.
    for text, replies in (("hi", 1), (VENTS[0], 2)):
        fake.clear()
        adapter.app.dispatch(_request("U0BENCH", text, f"warm-{text}"))
        fake.wait("chat.postMessage", replies, timeout=10)
    for _ in range(WARM_UP):
        adapter_turn()
        bare_turn()
    ours: list[float] = []
    floor: list[float] = []
    try:
        for _ in range(TURNS // BLOCK):
            ours.extend(adapter_turn() for _ in range(BLOCK))
            floor.extend(bare_turn() for _ in range(BLOCK))
    finally:
        adapter.stop()
        engine.close()
    return ours, floor


def run() -> dict[str, object]:
    """The figures for `python -m bench`: per-turn p50/p99 for both, and their ratio."""
    with tempfile.TemporaryDirectory(prefix="rebound-slack-bench-") as tmp, FakeSlack() as fake:
        ours, floor = _measure(fake, Path(tmp))
    return {
        "dm_turns": len(ours),
        "slack_dm_turn_ms_p50": _ms(ours, 0.50),
        "slack_dm_turn_ms_p99": _ms(ours, 0.99),
        "slack_dm_turn_ms_mean": round(statistics.fmean(ours) * 1000, 3),
        "bare_bolt_ms_p50": _ms(floor, 0.50),
        "bare_bolt_ms_p99": _ms(floor, 0.99),
        "bare_bolt_ms_mean": round(statistics.fmean(floor) * 1000, 3),
        "ratio_p50": round(_percentile(ours, 0.5) / _percentile(floor, 0.5), 2),
        "ratio_p99": round(_percentile(ours, 0.99) / _percentile(floor, 0.99), 2),
        "target": "Slack DM turn <= 2x a bare Bolt app that acks and posts (p50)",
    }

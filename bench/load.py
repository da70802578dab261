"""Acks under load: `rebound slack --http` beside a bare Bolt app, 50 and 200 people at once.

Each app runs as its own process on 127.0.0.1 (Rebound as the real
`rebound slack --http`, its Web API pointed at the fake Slack in this
process); simulated people, one thread each, send signed DMs and button
clicks with a short pause between them, for LEVEL_SECONDS per level. The
figure is the time from sending a request to Slack's ack (the HTTP
response): p50, p99, max and how many took over three seconds, which Slack
counts as failed. The bare app is Bolt's default: ack when a listener starts
on its five-thread pool, then post one fixed message. `replies` counts the
chat.postMessage calls each app made in the window (Rebound's workers keep
answering after the window; acks are what is measured).

Then a crash: `rebound slack --http` under KILL_PEOPLE people is killed with
SIGKILL mid-load, restarted on the same database, and left to finish. Every
event Slack was told had arrived (an HTTP 200) must end answered: stored,
its turn run, its replies sent. `duplicates` counts channels whose first
post after the restart repeats their last one before the kill (a reply
posted, then posted again because the crash came before it was marked
sent). Rows the dead process held wait out their leases (a minute for a
turn, five for a send) before the new process takes them.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from adapters.slack.fake import FakeSlack, signed_headers

LEVELS = (50, 200)
LEVEL_SECONDS = 10.0
PAUSE = (0.2, 1.0)
"""Seconds a simulated person waits between requests (uniform)."""
SLACK_LIMIT = 3.0
SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench"
PAYLOADS = Path(__file__).resolve().parent.parent / "tests" / "payloads" / "slack"
TEXTS = ("hi", "They said no after the final round and I'm gutted",
         "I spent weeks on that application", "I keep replaying the interview")
CHOICES = ("recovery.vent:reflect", "recovery.vent:plan", "go:resume")
KILL_PEOPLE = 200
KILL_AFTER = 4.0
"""Seconds of load before the SIGKILL; the people carry on KILL_TAIL more against the dead app."""
KILL_TAIL = 1.0
DRAIN_TIMEOUT = 420.0


def _payload(name: str) -> dict[str, Any]:
    return json.loads((PAYLOADS / f"{name}.json").read_text("utf-8"))


class Person(threading.Thread):
    """One simulated person: a DM or a click, a pause, again, until the window closes."""

    def __init__(self, n: int, port: int, until: float, samples: list[float],
                 acked: list[str] | None = None) -> None:
        super().__init__(daemon=True)
        self.user, self.port, self.until, self.samples = f"U{n:07d}", port, until, samples
        self.acked = acked if acked is not None else []
        self.count = 0

    def run(self) -> None:
        rng = random.Random(self.user)
        time.sleep(rng.uniform(*PAUSE))
        while time.monotonic() < self.until:
            body, kind, event_id = self._dm() if self.count % 3 != 2 else self._click()
            headers = {**signed_headers(body, SECRET, content_type=kind), "Connection": "close"}
            start = time.perf_counter()
            # A connection per request, as Slack's deliveries from many hosts arrive.
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                conn.request("POST", "/slack/events", body=body, headers=headers)
                answer = conn.getresponse()
                answer.read()
                if answer.status == 200:
                    self.acked.append(event_id)
            except (OSError, http.client.HTTPException):
                pass  # counted at the time it took to fail
            finally:
                conn.close()
            self.samples.append(time.perf_counter() - start)
            self.count += 1
            time.sleep(rng.uniform(*PAUSE))

    def _dm(self) -> tuple[str, str, str]:
        body = _payload("message_im")
        body["event_id"] = f"Ev{self.user}{self.count}"
        body["event"].update(text=TEXTS[self.count % len(TEXTS)], user=self.user,
                             channel="D" + self.user[1:], ts=f"1795000100.{self.count:06d}")
        return json.dumps(body), "application/json", body["event_id"]

    def _click(self) -> tuple[str, str, str]:
        body = _payload("block_actions")
        body["user"]["id"] = self.user
        body["container"]["channel_id"] = body["channel"]["id"] = "D" + self.user[1:]
        body["actions"][0].update(value=CHOICES[self.count % len(CHOICES)],
                                  action_ts=f"1795000200.{self.count:06d}")
        ts = body["actions"][0]["action_ts"]
        return (urlencode({"payload": json.dumps(body)}), "application/x-www-form-urlencoded",
                f"click:{self.user}:{ts}")


def _free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_ready(port: int, proc: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the app under test exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the app under test did not start")


def _start(kind: str, fake: FakeSlack, folder: Path, db: Path | None = None
           ) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    env = {**os.environ, "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET,
           "SLACK_API_URL": fake.url, "REBOUND_DB": str(db or folder / f"load-{port}.db"),
           "REBOUND_LOG_LEVEL": "ERROR"}
    command = ([sys.executable, "-m", "adapters.cli", "slack", "--http", "--host", "127.0.0.1",
                "--port", str(port)] if kind == "rebound" else
               [sys.executable, "-m", "bench.load", "bare", str(port)])
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _wait_ready(port, proc)
    return proc, port


def _level(kind: str, people: int, fake: FakeSlack, folder: Path) -> dict[str, object]:
    proc, port = _start(kind, fake, folder)
    try:
        fake.clear()
        samples: list[float] = []
        until = time.monotonic() + LEVEL_SECONDS
        crowd = [Person(n, port, until, samples) for n in range(people)]
        for person in crowd:
            person.start()
        for person in crowd:
            person.join()
        replies = len(fake.calls("chat.postMessage"))
    finally:
        proc.terminate()
        proc.wait(30)
    ordered = sorted(samples)

    def ms(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)

    return {"requests": len(ordered), "ack_ms_p50": ms(0.5), "ack_ms_p99": ms(0.99),
            "ack_ms_max": round(ordered[-1] * 1000, 1),
            "acks_over_3s": sum(s > SLACK_LIMIT for s in ordered), "replies": replies}


def _pending(db: Path) -> tuple[int, int]:
    """Inbox rows not yet turned into replies, outbox rows not yet sent."""
    with sqlite3.connect(db, timeout=30) as conn:
        inbox = conn.execute("SELECT count(*) FROM inbox").fetchone()[0]
        outbox = conn.execute("SELECT count(*) FROM outbox WHERE done_at IS NULL").fetchone()[0]
    return int(inbox), int(outbox)


def _stored(db: Path) -> set[str]:
    """Event ids the engine has seen (its dedupe keys end with the platform's id)."""
    with sqlite3.connect(db, timeout=30) as conn:
        return {key.split("|", 2)[-1] for (key,) in conn.execute("SELECT id FROM seen")}


def _kill_and_restart(fake: FakeSlack, folder: Path) -> dict[str, object]:
    db = folder / "kill.db"
    proc, port = _start("rebound", fake, folder, db)
    fake.clear()
    acked: list[str] = []
    until = time.monotonic() + KILL_AFTER + KILL_TAIL
    crowd = [Person(n, port, until, [], acked) for n in range(KILL_PEOPLE)]
    for person in crowd:
        person.start()
    time.sleep(KILL_AFTER)
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    before = fake.calls("chat.postMessage")
    for person in crowd:
        person.join()
    left_at_kill = _pending(db)
    restarted = time.monotonic()
    proc, _ = _start("rebound", fake, folder, db)
    try:
        while _pending(db) != (0, 0) and time.monotonic() - restarted < DRAIN_TIMEOUT:
            time.sleep(0.5)
        drained = round(time.monotonic() - restarted, 1)
        inbox, outbox = _pending(db)
        unstored = len(set(acked) - _stored(db))
    finally:
        proc.terminate()
        proc.wait(30)
    last = {c.params.get("channel"): c.params.get("text") for c in before}
    after = fake.calls("chat.postMessage")[len(before):]
    first: dict[object, object] = {}
    for call in after:
        first.setdefault(call.params.get("channel"), call.params.get("text"))
    duplicates = sum(1 for channel, text in first.items() if last.get(channel) == text)
    return {"people": KILL_PEOPLE, "acked": len(acked),
            "inbox_and_outbox_left_at_kill": list(left_at_kill),
            "acked_but_unanswered": unstored + inbox + outbox, "duplicates": duplicates,
            "seconds_to_answer_all_after_restart": drained}


def run() -> dict[str, object]:
    """Both apps at each level, Rebound first; then Rebound killed and restarted."""
    out: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="rebound-load-") as tmp, FakeSlack() as fake:
        for people in LEVELS:
            for kind in ("rebound", "bare_bolt"):
                out[f"{kind}_{people}_people"] = _level(kind, people, fake, Path(tmp))
        out["rebound_kill_9"] = _kill_and_restart(fake, Path(tmp))
    out["seconds_per_level"] = LEVEL_SECONDS
    out["target"] = ("no ack over 3 s at 200 people; ack p99 under 100 ms at 50 people;"
                     " every acknowledged event answered after a kill -9 and restart")
    return out


def _bare(port: int) -> None:
    """The floor, as a process of its own: Bolt's defaults under waitress, one fixed reply."""
    from slack_bolt import App
    from slack_sdk import WebClient

    from adapters.slack.server import server

    app = App(client=WebClient(token=TOKEN, base_url=os.environ["SLACK_API_URL"]),
              signing_secret=SECRET, token_verification_enabled=False)

    @app.event("message")
    def answer(event: dict[str, Any], client: WebClient) -> None:
        client.chat_postMessage(channel=event["channel"], text="Thanks for your message.")

    @app.action({"type": "block_actions"})
    def click(ack: Any, body: dict[str, Any], client: WebClient) -> None:
        ack()
        client.chat_postMessage(channel=body["channel"]["id"], text="Thanks for clicking.")

    server(app, "127.0.0.1", port, SECRET).run()


if __name__ == "__main__" and sys.argv[1:2] == ["bare"]:
    _bare(int(sys.argv[2]))

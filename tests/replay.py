"""Whole conversations recorded as JSON, replayed against the engine turn by turn.

A recording is a list of inputs (what people typed, clicked and submitted,
plus scheduled deliveries, modal look-ups and restarts) with what each one
produced. `tests/test_replay.py` feeds the inputs to a fresh engine and
requires the same replies: the words, the buttons with their ids and labels,
the forms with their ids and fields. Scenarios live in
`tests/replay_scenarios.py`; `python -m tests.replay_scenarios` re-records them
(only ever on purpose: a recording is the behaviour people had).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot import Engine, Event
from bot.model import Form, Reply
from tests.conftest import Clock

FIXTURES = Path(__file__).parent / "fixtures" / "replay"
START = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)  # a Wednesday


def reply_json(reply: Reply) -> dict[str, Any]:
    """What a person would notice of a reply: only fields that differ from the defaults."""
    out: dict[str, Any] = {"text": reply.text}
    if reply.choices:
        out["choices"] = [[c.id, c.label] for c in reply.choices]
    if reply.menu:
        out["menu"] = [[c.id, c.label] for c in reply.menu]
        out["menu_label"] = reply.menu_label
    if reply.form:
        out["form"] = form_json(reply.form)
    for name in ("private", "channel", "user", "thread"):
        if getattr(reply, name):
            out[name] = getattr(reply, name)
    if reply.errors:
        out["errors"] = [list(pair) for pair in reply.errors]
    for attached in reply.attachments:
        # The content is the person's stored data, whose shape is not behaviour.
        out["attachment"] = [attached.filename, attached.media_type]
    if reply.links:
        out["links"] = [[link.label, link.url] for link in reply.links]
    return out


def form_json(form: Form | None) -> dict[str, Any] | None:
    if form is None:
        return None
    return {"id": form.id, "title": form.title, "submit": form.submit,
            "open_label": form.open_label,
            "fields": [{"id": f.id, "label": f.label, "kind": f.kind,
                        "options": [[o.id, o.label] for o in f.options],
                        "required": f.required, "max_length": f.max_length, "hint": f.hint,
                        "value": f.value} for f in form.fields]}


class Session:
    """An engine on one database with an injected clock, and the people talking to it."""

    def __init__(self, db: str, start: datetime = START, region: str = "") -> None:
        self.db = db
        self.clock = Clock(start)
        self.region = region
        self.engine = Engine(db, clock=self.clock, region=region)
        self.count = 0

    def close(self) -> None:
        self.engine.close()

    def run(self, turn: dict[str, Any]) -> Any:
        """Do what `turn` says; the outputs as JSON."""
        if turn.get("advance"):
            self.clock.advance(seconds=turn["advance"])
        op = turn.get("op", "handle")
        if op == "handle":
            self.count += 1
            fields = dict(turn["event"])
            fields.setdefault("event_id", f"e{self.count}")
            event = Event(turn.get("platform", "console"), turn.get("workspace", "local"),
                          turn["user"], **fields)
            return [reply_json(r) for r in self.engine.handle(event)]
        if op == "due":
            out = []
            for _ in range(5):
                batch = self.engine.due(self.clock.now)
                for delivery in batch:
                    self.engine.mark_sent(delivery.id, f"ref-{delivery.id}"
                                          if delivery.channel else None)
                    out.append({"user": delivery.user, "channel": delivery.channel,
                                "replies": [reply_json(r) for r in delivery.replies]})
                if not batch:
                    break
            return out
        if op == "form":
            return form_json(self.engine.form(turn.get("platform", "console"),
                                              turn.get("workspace", "local"), turn["user"],
                                              turn["form_id"]))
        if op == "home":
            return [reply_json(r) for r in self.engine.home(
                turn.get("platform", "console"), turn.get("workspace", "local"), turn["user"])]
        if op == "restart":
            self.engine.close()
            self.engine = Engine(self.db, clock=self.clock, region=self.region)
            return None
        raise ValueError(f"unknown op {op}")


def load(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def names() -> list[str]:
    return sorted(p.stem for p in FIXTURES.glob("*.json"))

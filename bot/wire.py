"""Events and replies as JSON, for the rows that hold them between a crash and a restart.

The inbox keeps an `Event` from before the platform is acknowledged until its
turn commits; the outbox keeps each `Reply` until the platform has it. Both
must come back exactly as they went in, nested forms and choices included.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from bot.model import Attachment, Choice, Event, Field, Form, Reply


def dump_event(event: Event) -> str:
    data = asdict(event)
    if event.values is not None:
        data["values"] = dict(event.values)
    return json.dumps(data)


def load_event(text: str) -> Event:
    return Event(**json.loads(text))


def dump_reply(reply: Reply) -> str:
    return json.dumps(asdict(reply))


def load_reply(text: str) -> Reply:
    data: dict[str, Any] = json.loads(text)
    form = data.get("form")
    attachment = data.get("attachment")
    return Reply(**{
        **data,
        "choices": _choices(data.get("choices")),
        "menu": _choices(data.get("menu")),
        "form": None if form is None else Form(**{**form, "fields": tuple(
            Field(**{**f, "options": _choices(f.get("options"))}) for f in form["fields"])}),
        "errors": tuple(tuple(pair) for pair in data.get("errors") or ()),
        "attachment": None if attachment is None else Attachment(**attachment),
    })


def _choices(items: list[dict[str, str]] | None) -> tuple[Choice, ...]:
    return tuple(Choice(**item) for item in items or ())

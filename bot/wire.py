"""Events and replies as JSON, for the rows that hold them between a crash and a restart.

The inbox keeps an `Event` from before the platform is acknowledged until its
turn commits; the outbox keeps each `Reply` until the platform has it. Both
must come back exactly as they went in, nested forms and choices included,
and an attachment's bytes too (as base64, since JSON holds only text).
"""

from __future__ import annotations

import base64
import json
from dataclasses import asdict
from typing import Any

from bot.model import Attachment, Choice, Event, Field, Form, Link, Reply


def dump_event(event: Event) -> str:
    data = asdict(event)
    if event.values is not None:
        data["values"] = dict(event.values)
    return json.dumps(data)


def load_event(text: str) -> Event:
    return Event(**json.loads(text))


def dump_reply(reply: Reply) -> str:
    data = asdict(reply)
    data["attachments"] = [{**item, "data": base64.b64encode(item["data"]).decode("ascii")}
                           for item in data["attachments"]]
    return json.dumps(data)


def load_reply(text: str) -> Reply:
    data: dict[str, Any] = json.loads(text)
    form = data.get("form")
    attachments = [_attachment(item) for item in data.get("attachments") or ()]
    older = data.pop("attachment", None)  # a row queued before replies had several files
    if older is not None:
        attachments.append(Attachment(older["name"], older.get("mime", "application/json"),
                                      older["content"].encode("utf-8")))
    return Reply(**{
        **data,
        "choices": _choices(data.get("choices")),
        "menu": _choices(data.get("menu")),
        "form": None if form is None else Form(**{**form, "fields": tuple(
            Field(**{**f, "options": _choices(f.get("options"))}) for f in form["fields"])}),
        "errors": tuple(tuple(pair) for pair in data.get("errors") or ()),
        "attachments": tuple(attachments),
        "links": tuple(Link(**item) for item in data.get("links") or ()),
    })


def _attachment(item: dict[str, Any]) -> Attachment:
    return Attachment(**{**item, "data": base64.b64decode(item["data"])})


def _choices(items: list[dict[str, str]] | None) -> tuple[Choice, ...]:
    return tuple(Choice(**item) for item in items or ())

"""Replies survive the outbox as JSON exactly, files' bytes and links included."""

from __future__ import annotations

import json

from bot import wire
from bot.model import Attachment, Choice, Field, Form, Link, Reply


def test_a_reply_with_links_and_files_comes_back_as_it_went_in():
    reply = Reply(
        text="Your plan, a picture and a draft",
        choices=(Choice("a:b", "Next"),),
        form=Form("f", "Title", "Save", "Open", (Field("x", "X", "select",
                                                      (Choice("1", "One"),)),)),
        links=(Link("Open in my email app", "mailto:?subject=Caf%C3%A9%20%26%20co"),),
        attachments=(Attachment("progress.png", "image/png", bytes(range(256)) * 3,
                                alt_text="Steps per week"),
                     Attachment("rebound-plan.ics", "text/calendar", "Café\r\n".encode())),
        thread="123.456",
    )
    stored = wire.dump_reply(reply)
    json.loads(stored)  # plain JSON, bytes as base64 text
    assert wire.load_reply(stored) == reply


def test_a_row_queued_before_files_became_a_list_still_loads():
    stored = json.dumps({"text": "Here it is", "attachment": {
        "name": "rebound-my-data.json", "content": '{"a": "é"}', "mime": "application/json"}})
    [file] = wire.load_reply(stored).attachments
    assert file == Attachment("rebound-my-data.json", "application/json",
                              '{"a": "é"}'.encode())

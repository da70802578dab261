"""Odd payloads from the gateway: typed at the edge, answered kindly, never a traceback."""

from __future__ import annotations

import logging

import pytest

from adapters.discord.views import submitted
from tests.discord.conftest import message_with, sent, text
from tests.discord.payloads import dm, submit
from tests.discord.test_conversation import open_facts_form

MARKER = "Quibblefrost"


def clean_log(caplog: pytest.LogCaptureFixture) -> None:
    assert "Traceback" not in caplog.text and MARKER not in caplog.text
    assert all(record.exc_info is None for record in caplog.records)


ODD_COMPONENTS = [
    MARKER, 5, None, [MARKER, 7, None], [{"component": MARKER, "components": MARKER}],
    [{"type": 18, "component": {"type": 4, "custom_id": 5, "value": MARKER}}],
    [{"type": 18, "component": {"type": 4, "custom_id": "company", "value": 12}}],
    [{"type": 18, "component": {"type": 3, "custom_id": "stage", "values": MARKER}}],
    [{"type": 18, "component": {"type": 3, "custom_id": "stage", "values": [None]}}],
]


@pytest.mark.parametrize("components", ODD_COMPONENTS)
def test_odd_modal_components_read_as_empty_answers(components):
    values = submitted({"components": components})
    assert all(isinstance(v, str) and MARKER not in v for v in values.values())
    assert set(values) <= {"company", "stage"}


async def test_an_odd_modal_submit_is_answered_not_crashed_on(harness, caplog):
    caplog.set_level(logging.DEBUG)
    async with harness as h:
        await open_facts_form(h)
        form_message = message_with(h.fake, "rb:o:recovery.facts")
        for components in ODD_COMPONENTS:
            payload = submit("rb:f:recovery.facts", {}, form_message)
            payload["data"]["components"] = components
            calls = await h.feed("INTERACTION_CREATE", payload)
            assert calls and calls[0].body["type"] == 6  # acknowledged
            assert sent(calls) and "went wrong" not in text(calls)
    clean_log(caplog)


async def test_a_dm_whose_content_is_not_text_is_answered(harness, caplog):
    caplog.set_level(logging.DEBUG)
    async with harness as h:
        await h.dm("hi")
        payload = dm("x")
        payload["content"] = 12345
        calls = await h.feed("MESSAGE_CREATE", payload)
        assert sent(calls) and "went wrong" not in text(calls)
    clean_log(caplog)

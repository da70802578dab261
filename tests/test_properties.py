"""Property tests: no input, in any order, breaks a turn or leaks markup."""

from __future__ import annotations

import re
import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.markup import parse, plain
from bot import Engine, Event
from bot.flows.facts import FIELDS
from bot.render import escape
from tests.conftest import START, Clock

WORDS = ["hi", "help", "back", "pause", "start over", "my plan", "done 1", "1", "2", "3", "7",
         "skip", "yes", "no", "take them all", "save my plan", "add walk on friday",
         "2 tomorrow", "drop 1", "export my data", "forget me", "I'm useless", "start",
         "I want to give up", "Thank you, why didn't you hire me?", "{{ 7*7 }}", "<!here>"]
CHOICES = ["recovery.vent:reflect", "recovery.vent:draft", "recovery.vent:plan",
           "recovery.facts:skip_all", "recovery.facts:stage=final", "recovery.draft:brief",
           "recovery.draft:fix", "recovery.plan.pick:all", "recovery.plan.edit:save",
           "care.after:resume", "care.check:no", "privacy.forget:yes", "privacy.forget:no",
           "plan:done:1", "plan:snooze:1:7", "plan:drop:1", "go:resume", "go:restart",
           "plan:new", "go:help"]

actions = st.one_of(
    st.builds(lambda t: {"text": t}, st.sampled_from(WORDS)),
    st.builds(lambda t: {"text": t}, st.text(max_size=300)),
    st.builds(lambda c: {"choice": c}, st.sampled_from(CHOICES)),
    st.builds(lambda v: {"values": v},
              st.dictionaries(st.sampled_from([f.id for f in FIELDS]), st.text(max_size=50))),
    st.builds(lambda t: {"command": "rejected", "text": t, "channel": "C1"},
              st.sampled_from(["", "help", "plan", "forget", "whatever"])),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(actions, min_size=1, max_size=25))
def test_any_sequence_of_inputs_always_gets_a_reply(sequence):
    with tempfile.TemporaryDirectory() as folder:
        engine = Engine(f"{folder}/rebound.db", clock=Clock(START))
        try:
            for n, fields in enumerate(sequence):
                replies = engine.handle(Event("console", "local", "amy", event_id=str(n),
                                              **fields))
                assert replies, fields
                for reply in replies:
                    assert "Something went wrong on my side" not in reply.text, fields
                    parse(reply.text)
        finally:
            engine.close()


@given(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=200))
def test_escaped_text_reads_back_as_itself(text):
    """Whatever a person typed (control characters are cleaned on the way in) reads back as-is."""
    expected = "\n".join(line.strip() for line in re.split(r"\r\n|\r|\n", text) if line.strip())
    blocks = parse(escape(text))
    assert all(block.kind == "paragraph" for block in blocks)
    assert all(not (s.bold or s.italic or s.code or s.link) for b in blocks for s in b.spans)
    assert plain(escape(text)) == expected

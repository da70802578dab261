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
           "plan:new", "go:help", "group:join:1", "group:leave:1", "group:checkin:1",
           "group:cheer:c1", "group:cheer:r1", "group:mute:bob", "group:settings:1",
           "group:nopair:1", "groups.setup:keep", "groups.setup:mon", "checkin.mood:m3",
           "checkin.ask:skip", "checkin.share:all", "peers.note:cancel", "recovery.rest:rough"]

actions = st.one_of(
    st.builds(lambda t: {"text": t}, st.sampled_from(WORDS)),
    st.builds(lambda t: {"text": t}, st.text(max_size=300)),
    st.builds(lambda c: {"choice": c}, st.sampled_from(CHOICES)),
    st.builds(lambda c: {"choice": c, "channel": "C1"}, st.sampled_from(CHOICES)),
    st.builds(lambda v: {"values": v},
              st.dictionaries(st.sampled_from([f.id for f in FIELDS]), st.text(max_size=50))),
    st.builds(lambda t: {"command": "rejected", "text": t, "channel": "C1"},
              st.sampled_from(["", "help", "plan", "forget", "whatever", "group", "checkin"])),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["amy", "bo"]), actions), min_size=1, max_size=25))
def test_any_sequence_of_inputs_always_gets_a_reply(sequence):
    """Two people, any order of texts, clicks, forms and commands: every turn answers."""
    with tempfile.TemporaryDirectory() as folder:
        clock = Clock(START)
        engine = Engine(f"{folder}/rebound.db", clock=clock)
        try:
            for n, (user, fields) in enumerate(sequence):
                clock.advance(hours=7)
                for delivery in engine.due():
                    engine.mark_sent(delivery.id, "ref")
                replies = engine.handle(Event("console", "local", user, event_id=str(n),
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

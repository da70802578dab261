"""The conversation's memory: typed, every key declared once, stored as the same JSON."""

from __future__ import annotations

from bot import state
from bot.state import Frame, State


def test_stored_json_reads_back_into_the_same_json():
    stored = {"facts": {"company": "Acme"}, "vents": ["no luck"], "_offered": [["a:b", "B"]],
              "mood": {"open": {"moment": "before", "step": "recovery.vent", "since": None},
                       "answers": [{"moment": "before", "rating": 3, "day": "2026-11-18"}]},
              "stack": [{"entry": "care.check", "caller": "recovery.vent", "then": "recovery.vent",
                         "base": 1}]}
    loaded = state.load(stored)
    assert loaded.facts["company"] == "Acme" and loaded.offered == [["a:b", "B"]]
    assert loaded.mood.open is not None and loaded.mood.open.step == "recovery.vent"
    assert loaded.stack == [Frame("care.check", "recovery.vent", "recovery.vent", 1)]
    assert state.dump(loaded) == stored


def test_defaults_are_not_stored_and_unknown_keys_are_kept():
    assert state.dump(State()) == {}
    kept = state.load({"from_a_newer_release": [1, 2], "tone": "brief"})
    assert kept.tone == "brief"
    assert state.dump(kept) == {"from_a_newer_release": [1, 2], "tone": "brief"}

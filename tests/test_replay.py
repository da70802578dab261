"""Recorded conversations replay word for word: a refactor of the dialogue changes no reply."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from tests.replay import Session, load, names


@pytest.mark.parametrize("name", names())
def test_a_recorded_conversation_replays_identically(name, tmp_path):
    recording = load(name)
    session = Session(str(tmp_path / "rebound.db"), datetime.fromisoformat(recording["start"]))
    try:
        for number, turn in enumerate(recording["turns"]):
            expected = turn.pop("out")
            got = session.run(turn)
            assert got == expected, (
                f"{name}, turn {number}: {json.dumps(turn, ensure_ascii=False)}\n"
                f"expected {json.dumps(expected, indent=1, ensure_ascii=False)}\n"
                f"got {json.dumps(got, indent=1, ensure_ascii=False)}")
    finally:
        session.close()


def test_every_scenario_is_recorded():
    from tests.replay_scenarios import SCENARIOS

    assert set(names()) == set(SCENARIOS)

"""People parked mid-conversation by an earlier release carry on where they were."""

from __future__ import annotations

import json
import shutil
from datetime import datetime

import pytest

from tests.parked import DATABASE, NEXT
from tests.replay import Session

RECORDED = json.loads(NEXT.read_text())

UNDERSTOOD = {
    "facts": "How far did it get?",  # "Senior Analyst" was the role they were asked for
    "form": "Let's turn this into a few concrete steps",  # the rest of the form, then the plan
    "draft": "Thank you – Lead Analyst",  # the changed detail, in the draft
    "care": "What was the role?",  # out of the crisis response, back to the facts
    "plan": "People and places that take your mind off it",  # the safety plan's next question
    "zone": "Got it: Europe\\/London",  # the time zone, then the plan's dates
    "admin": "In which time zone?",  # the group's check-in time, then its zone
    "new": "One win from this week",  # the check-in's mood, then the next question
    "ask": "Is there anything you could use a hand with?",  # "what's next", then the last one
    "lead": "Sent. That'll mean a lot to Mo.",  # the note they were writing
    "pause": "Welcome back",  # paused in the reflection
    "half": "Thanks for checking in with **Job Hunters**",  # the rest of a check-in form
}


@pytest.fixture
def session(tmp_path):
    copy = tmp_path / "parked.sqlite"
    shutil.copyfile(DATABASE, copy)
    opened = Session(str(copy), datetime.fromisoformat(RECORDED["start"]))
    yield opened
    opened.close()


def test_each_parked_conversation_resumes_as_it_would_have(session):
    firsts: dict[str, str] = {}
    for turn in RECORDED["turns"]:
        turn = dict(turn)
        expected = turn.pop("out")
        got = session.run(turn)
        assert got == expected, (turn, expected, got)
        firsts.setdefault(turn["user"], "\n".join(reply["text"] for reply in got))
    for user, says in UNDERSTOOD.items():
        assert says in firsts[user], (user, firsts[user])

"""People parked mid-conversation in a database written by an earlier release.

`tests/fixtures/parked.sqlite` was made by the code as it stood before the
dialogue model was rebuilt (issue 11): each person below stopped somewhere
in the middle (half-way through the facts, inside a crisis response, inside
the time-zone question, half-way through setting up a group or a check-in).
`tests/fixtures/parked.json` holds what that release answered to the next
messages each of them sent. `tests/test_parked.py` opens a copy of the file
with today's code and requires the same answers: an upgrade never loses
anyone's place. Run `python -m tests.parked` only to make both files afresh
(with the release whose behaviour they should pin).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from tests.replay import START, Session
from tests.replay_scenarios import CHANNEL, SLACK, Recorder

FIXTURES = Path(__file__).parent / "fixtures"
DATABASE = FIXTURES / "parked.sqlite"
NEXT = FIXTURES / "parked.json"


def park(r: Recorder) -> None:
    """Walk each person to where they stop."""
    # mid-facts, on the role question, on the way to the draft
    r.say("facts", "hi")
    r.say("facts", "I didn't get the job")
    r.pick("facts", "Draft a reply")
    r.say("facts", "Acme")
    # mid-facts by form: half of it submitted, the rest still to come
    r.say("form", "hi")
    r.say("form", "I was turned down again")
    r.pick("form", "Make a plan")
    r.submit("form", {"company": "Initech", "role": "Analyst", "stage": "interview",
                      "met_manager": "yes", "news": "call"})
    # mid-draft: changing one detail
    r.say("draft", "hi")
    r.say("draft", "They said no after the final round")
    r.pick("draft", "Draft a reply")
    r.pick("draft", "That's right")
    r.pick("draft", "Skip the rest")
    r.pick("draft", "Change a detail")
    r.pick("draft", "Role")
    # inside a crisis response, from the middle of the facts
    r.say("care", "hi")
    r.say("care", "Rejected again")
    r.pick("care", "Reflect")
    r.say("care", "Globex")
    r.say("care", "what's even the point of anything anymore")
    # inside a safety plan that began in a crisis response, from the reflection
    r.say("plan", "hi")
    r.say("plan", "Rejected again")
    r.pick("plan", "Reflect")
    r.pick("plan", "Skip the rest")
    r.say("plan", "I want to kill myself")
    r.pick("plan", "I'm safe for now")
    r.pick("plan", "safety plan")
    r.say("plan", "I go quiet")
    # inside the time-zone question, before the plan's dates
    r.say("zone", "hi", timezone=None)
    r.say("zone", "no offer from Hooli", timezone=None)
    r.pick("zone", "Make a plan", timezone=None)
    r.pick("zone", "That's right", timezone=None)
    r.pick("zone", "Skip the rest", timezone=None)
    # mid group set-up, from the middle of venting, on the time question
    r.say("admin", "hi", **SLACK)
    r.say("admin", "another no from Globex", **SLACK)
    r.event("admin", command="rejected", text="group", channel=CHANNEL, name="Ada", admin=True,
            **SLACK)
    r.say("admin", "Night Owls", **SLACK)
    r.pick("admin", "Tuesday", **SLACK)
    # a group to check in with, and two people mid check-in
    r.event("lead", command="rejected", text="group", channel=CHANNEL.lower(), admin=True,
            name="Lee", **SLACK)
    for answer in ("Job Hunters", "Monday", "9am", "London", "no"):
        r.say("lead", answer, **SLACK)
    r.event("mem", choice="group:join:1", channel=CHANNEL.lower(), name="Mo", **SLACK)
    r.event("mem", choice="group:checkin:1", channel=CHANNEL.lower(), name="Mo", **SLACK)
    r.pick("mem", "4", **SLACK)
    r.say("mem", "Sent two applications", **SLACK)
    r.event("new", choice="group:join:1", channel=CHANNEL.lower(), name="Nia", **SLACK)
    r.event("new", choice="group:checkin:1", channel=CHANNEL.lower(), name="Nia", **SLACK)
    # mid note to a check-in's author
    r.pick("mem", "Skip", **SLACK)
    r.pick("mem", "Skip", **SLACK)
    r.pick("mem", "Share all", **SLACK)
    r.event("lead", choice="group:cheer:c1", channel=CHANNEL.lower(), name="Lee", **SLACK)
    # paused in the reflection
    r.say("pause", "hi")
    r.say("pause", "no luck with Wayne Enterprises")
    r.pick("pause", "Reflect")
    r.pick("pause", "Skip the rest")
    r.say("pause", "pause")
    # half-way through the check-in's questions
    r.event("ask", choice="group:join:1", channel=CHANNEL.lower(), name="Ari", **SLACK)
    r.event("ask", choice="group:checkin:1", channel=CHANNEL.lower(), name="Ari", **SLACK)
    r.pick("ask", "3", **SLACK)
    r.say("ask", "Went to a meetup", **SLACK)
    # a check-in form half submitted
    r.event("half", choice="group:join:1", channel=CHANNEL.lower(), name="Hal", **SLACK)
    r.event("half", choice="group:checkin:1", channel=CHANNEL.lower(), name="Hal", **SLACK)
    r.submit("half", {"mood": "3", "win": "Booked a mock interview", "next": "", "hand": "",
                      "share_mood": "yes"}, **SLACK)


NEXT_TURNS: dict[str, list[dict[str, Any]]] = {
    "facts": [{"text": "Senior Analyst"}, {"choice": "recovery.facts:stage=final"}],
    "form": [{"values": {"interviewer": "Sam", "enjoyed": "the team"}}, {"text": "back"}],
    "draft": [{"text": "Lead Analyst"}, {"choice": "recovery.draft:brief"}],
    "care": [{"choice": "care.check:no"}, {"text": "Data Analyst"}],
    "plan": [{"text": "a long walk"}, {"choice": "safety_plan.distract:stop"},
             {"text": "It went fine"}],
    "zone": [{"text": "London", "timezone": None}, {"choice": "recovery.plan.pick:suggested",
                                                   "timezone": None}],
    "admin": [{"text": "9am"}, {"text": "London"}, {"text": "yes"}, {"text": "still flat"}],
    "ask": [{"text": "Interview prep"}, {"choice": "checkin.ask:skip"},
            {"choice": "checkin.share:none"}],
    "new": [{"choice": "checkin.mood:m2"}, {"text": "Updated my CV"},
            {"choice": "checkin.ask:skip"}, {"choice": "checkin.ask:skip"},
            {"choice": "checkin.share:all"}],
    "lead": [{"text": "Well done on the applications!"}, {"text": "anything else"}],
    "pause": [{"text": "hello"}, {"text": "I stayed calm"}],
    "half": [{"values": {"share_win": "yes"}}],
}
PLATFORM = {"admin": SLACK, "ask": SLACK, "new": SLACK, "lead": SLACK, "half": SLACK}


def next_turns() -> list[dict[str, Any]]:
    """Each parked person's next messages, as replay turns (one minute apart)."""
    turns: list[dict[str, Any]] = []
    for user, events in NEXT_TURNS.items():
        for event in events:
            turns.append({"user": user, "advance": 60, **PLATFORM.get(user, {}),
                          "event": {"timezone": "UTC", "event_id": f"next-{len(turns)}",
                                    **event}})
    return turns


def make() -> None:
    """Write the parked database and what this release says next to each person."""
    with tempfile.TemporaryDirectory() as folder:
        built = Path(folder) / "parked.sqlite"
        recorder = Recorder(str(built))
        park(recorder)
        recorder.session.close()
        sqlite3.connect(built).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
        DATABASE.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, DATABASE)
        stopped = recorder.session.clock.now
        shutil.copyfile(built, Path(folder) / "copy.sqlite")
        session = Session(str(Path(folder) / "copy.sqlite"), stopped)
        turns = []
        for turn in next_turns():
            turns.append({**turn, "out": session.run(turn)})
        session.close()
    NEXT.write_text(json.dumps({"start": stopped.isoformat(), "made_from": START.isoformat(),
                                "turns": turns}, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    make()

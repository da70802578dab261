"""The conversations behind `tests/fixtures/replay/`, written as a person would have them.

Run `python -m tests.replay_scenarios [name ...]` to record them again: only
when a change in what people see is meant, and the diff of the JSON reviewed.
Buttons are picked by label here; the recording keeps the id that was clicked,
so a replay clicks exactly what a person's old message would send.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.replay import FIXTURES, START, Session

CHANNEL = "C-hunters"


class Recorder:
    """Drives a `Session`, remembering each input with what it produced."""

    def __init__(self, db: str) -> None:
        self.session = Session(db)
        self.turns: list[dict[str, Any]] = []
        self.last: dict[str, list[dict[str, Any]]] = {}

    def _do(self, turn: dict[str, Any]) -> Any:
        out = self.session.run(turn)
        self.turns.append({**turn, "out": out})
        return out

    def event(self, user: str, advance: float = 30, platform: str = "console",
              workspace: str = "local", **fields: Any) -> list[dict[str, Any]]:
        fields.setdefault("timezone", "UTC")
        turn = {"user": user, "event": fields, "advance": advance}
        if platform != "console":
            turn.update(platform=platform, workspace=workspace)
        self.last[user] = self._do(turn)
        return self.last[user]

    def say(self, user: str, text: str, **fields: Any) -> list[dict[str, Any]]:
        return self.event(user, text=text, **fields)

    def choice(self, user: str, label: str) -> str:
        """The newest button on this person's screen whose label contains `label`."""
        for turn in reversed(self.turns):
            if turn.get("user") != user or turn.get("op", "handle") != "handle":
                continue
            for reply in turn["out"]:
                for ident, shown in [*reply.get("choices", []), *reply.get("menu", [])]:
                    if label.lower() in shown.lower():
                        return ident
        raise AssertionError(f"no button like {label!r} for {user}: {self.last.get(user)}")

    def pick(self, user: str, label: str, **fields: Any) -> list[dict[str, Any]]:
        return self.event(user, choice=self.choice(user, label), **fields)

    def click(self, user: str, ident: str, **fields: Any) -> list[dict[str, Any]]:
        return self.event(user, choice=ident, **fields)

    def submit(self, user: str, values: dict[str, str], **fields: Any) -> list[dict[str, Any]]:
        return self.event(user, values=values, **fields)

    def due(self, advance: float = 0) -> Any:
        return self._do({"op": "due", "advance": advance})

    def form(self, user: str, form_id: str, **where: str) -> Any:
        return self._do({"op": "form", "user": user, "form_id": form_id, **where})

    def home(self, user: str) -> Any:
        return self._do({"op": "home", "user": user})

    def restart(self) -> None:
        self._do({"op": "restart"})

    def text(self, user: str) -> str:
        return "\n".join(r["text"] for r in self.last.get(user, []))


def recovery_by_buttons(r: Recorder) -> None:
    """Vent, reflect, draft, plan, mostly by clicking; the plan used from anywhere after."""
    r.say("amy", "hi")
    r.say("amy", "They turned me down for the analyst job at Initech after the final round")
    r.say("amy", "I feel so stupid, I really thought I had it")
    r.pick("amy", "2")  # the mood question after the second reply
    r.pick("amy", "Reflect on what happened")
    r.pick("amy", "That's right")
    for _ in range(6):
        labels = [c[1] for rep in r.last["amy"] for c in rep.get("choices", [])]
        if "Yes" in labels:
            r.pick("amy", "Yes")
        elif "An email" in labels:
            r.pick("amy", "An email")
        elif any("Skip the rest" in x for x in labels) and "name" in r.text("amy"):
            r.say("amy", "Priya Shah")
        elif any("Skip the rest" in x for x in labels):
            r.pick("amy", "Skip the rest")
            break
    r.say("amy", "I explained my SQL project well")
    r.pick("amy", "Skip this one")
    r.say("amy", "Why do you want to work in analytics?")
    r.say("amy", "Tableau; stakeholder management")
    r.pick("amy", "Already done")
    r.pick("amy", "Draft a reply")
    r.pick("amy", "shorter")
    r.pick("amy", "more formal")
    r.pick("amy", "Change a detail")
    r.pick("amy", "Company")
    r.say("amy", "Initech Ltd")
    r.pick("amy", "Check my own draft")
    r.say("amy", "Hi Priya, thanks for letting me know. Honestly I think you made a mistake "
                 "and I deserved the job more than anyone. Why didn't you hire me? "
                 "Please tell me what I did wrong. Regards, Amy")
    r.pick("amy", "Show me your draft")
    r.pick("amy", "Make a plan")
    r.pick("amy", "Take them all")
    r.say("amy", "drop 2")
    r.say("amy", "add call Sam about referrals on Friday")
    r.say("amy", "1 = send the thank-you note")
    r.say("amy", "3 next Monday")
    r.say("amy", "nonsense here")
    r.pick("amy", "Save my plan")
    r.pick("amy", "Show my plan")
    r.pick("amy", "Done:")
    r.say("amy", "done 1")
    r.say("amy", "my plan")
    r.home("amy")
    r.due(advance=60 * 60 * 24)
    r.click("amy", "plan:snooze:8:1")
    r.click("amy", "plan:drop:8")
    r.click("amy", "plan:drop:8")
    r.click("amy", "plan:done:999")
    r.click("amy", "mood:after:3")
    r.click("amy", "plan:new")
    r.say("amy", "stop reminders")
    r.say("amy", "reminders on")
    r.say("amy", "export my data")


def recovery_by_text(r: Recorder) -> None:
    """The whole way through in typed words: numbers, labels, yes/no and dates."""
    r.say("bo", "hello")
    r.say("bo", "I lost out on the designer job at Acme and I'm gutted")
    r.say("bo", "reflect on what happened")
    r.say("bo", "change something")
    for answer in ("Acme", "Product Designer", "final round", "yes", "an email", "Sam Lee",
                   "the whiteboard session"):
        r.say("bo", answer)
    r.say("bo", "I connected with the team")
    r.say("bo", "I'd prepare more stories")
    r.say("bo", "Tell me about a time you disagreed with a PM?")
    r.say("bo", "Figma prototyping")
    r.say("bo", "yes")
    r.say("bo", "draft a reply to them")
    r.say("bo", "make it warmer")
    r.say("bo", "make a plan")
    r.say("bo", "1 2 3")
    r.say("bo", "2 next Friday")
    r.say("bo", "save my plan")
    r.say("bo", "that's all for now")
    r.say("bo", "4")
    r.say("bo", "actually one more thing, I keep thinking I'm useless at interviews")


def facts_one_at_a_time(r: Recorder) -> None:
    """The facts asked one by one: buttons, text, a bad answer, keep, skip, too long."""
    r.say("cy", "hi")
    r.say("cy", "No luck again, they said no")
    r.pick("cy", "Draft a reply")
    r.say("cy", "Globex")
    r.pick("cy", "Skip")
    r.say("cy", "somewhere on the moon")
    r.restart()
    r.pick("cy", "Interview")
    r.pick("cy", "Not sure")
    r.say("cy", "a phone call")
    r.pick("cy", "A call")
    r.say("cy", "x" * 120)
    r.say("cy", "Jordan")
    r.say("cy", "hearing about their roadmap for the new product line")
    r.pick("cy", "Change a detail")
    r.pick("cy", "How far it went")
    r.pick("cy", "Final round")
    r.pick("cy", "Change a detail")
    r.pick("cy", "Interviewer")
    r.pick("cy", "Skip")
    r.say("cy", "back")
    r.say("cy", "back")
    r.say("cy", "back")


def facts_as_a_form(r: Recorder) -> None:
    """The facts as a modal, in parts, with a mistake; then the same through the form look-up."""
    r.say("dee", "hi")
    r.say("dee", "Rejected by Umbrella after the phone screen, no reason given")
    r.pick("dee", "Make a plan")
    r.form("dee", "recovery.facts")
    r.form("dee", "groups.setup")
    r.submit("dee", {"company": "Umbrella", "role": "Data Engineer", "stage": "astronaut",
                     "met_manager": "", "news": "email"})
    r.submit("dee", {"company": "Umbrella", "role": "Data Engineer", "stage": "Phone screen",
                     "met_manager": "no", "news": "email"})
    r.form("dee", "recovery.facts")
    r.submit("dee", {"interviewer": "Ada", "enjoyed": "talking about pipelines"})
    r.pick("dee", "Save the suggested ones")
    r.submit("dee", {"company": "late"})
    r.pick("dee", "Draft a reply")
    r.say("dee", "I already followed up and heard nothing")


def facts_form_partial_then_text(r: Recorder) -> None:
    """Half the facts from a form, the rest typed; a confirm of what was understood."""
    r.say("eli", "Dana interviewed me for the frontend engineer position at Stripe, and I "
                 "heard back by email today that it's a no")
    r.pick("eli", "Draft a reply")
    r.pick("eli", "That's right")
    r.submit("eli", {"met_manager": "yes"})
    r.pick("eli", "Skip the rest")
    r.pick("eli", "shorter")


def back_pause_restart(r: Recorder) -> None:
    """Back through the steps, pause and welcome back, start over, a stale click."""
    r.say("fay", "hi")
    r.say("fay", "I was turned down again")
    old = r.choice("fay", "That's all for now")
    r.pick("fay", "Reflect")
    r.say("fay", "Hooli")
    r.say("fay", "back")
    r.say("fay", "back")
    r.say("fay", "back")
    r.pick("fay", "Reflect")
    r.pick("fay", "Skip the rest")
    r.say("fay", "I was on time")
    r.say("fay", "back")
    r.say("fay", "pause")
    r.say("fay", "hello again")
    r.say("fay", "I was calm")
    r.click("fay", old)
    r.click("fay", "recovery.vent:reflect")
    r.event("fay", values={"company": "stale"})
    r.event("fay")
    r.say("fay", "help")
    r.say("fay", "privacy")
    r.say("fay", "start over")
    r.say("fay", "rejected again")
    r.say("fay", "start")
    r.pick("fay", "Carry on")
    r.event("fay", command="rejected", text="", channel="C1")
    r.pick("fay", "Start over")
    r.say("fay", "forget me")
    r.pick("fay", "No, keep it")
    r.say("fay", "forget me")
    r.pick("fay", "Yes, delete everything")
    r.say("fay", "hello")


def care_detour(r: Recorder) -> None:
    """A risky message mid-facts: the response, then back to the same question."""
    r.say("gus", "hi")
    r.say("gus", "They rejected me again and I'm gutted")
    r.pick("gus", "Reflect")
    r.say("gus", "Initech")
    r.say("gus", "honestly I just want to end my life")
    r.say("gus", "I don't know")
    r.pick("gus", "I'm safe for now")
    r.pick("gus", "Keep talking")
    r.say("gus", "Data Analyst")
    r.say("gus", "what's even the point of anything anymore")
    r.pick("gus", "No")
    r.pick("gus", "Skip the rest")
    r.say("gus", "I want to kill myself")
    r.pick("gus", "I'm not safe")
    r.pick("gus", "I'm safe now")
    r.pick("gus", "safety plan")
    r.say("gus", "I stop answering messages")
    r.pick("gus", "Skip")
    r.pick("gus", "Stop for now")
    r.say("gus", "I want to kill myself")
    r.pick("gus", "Talk about something else")
    r.say("gus", "helplines")
    r.say("gus", "region UK")
    r.say("gus", "my partner hit me last night")
    r.pick("gus", "I'm safe for now")
    r.pick("gus", "Pause")
    r.say("gus", "hello")
    r.say("gus", "I was prepared")
    r.say("gus", "make a safety plan")
    r.say("gus", "going for a walk")
    r.pick("gus", "Stop for now")
    r.say("gus", "my safety plan")


def timezone_detour(r: Recorder) -> None:
    """No time zone from the platform: asked before the first date, then back to the plan."""
    r.say("hal", "hi", timezone=None)
    r.say("hal", "Turned down by Wonka after the first interview", timezone=None)
    r.pick("hal", "Make a plan", timezone=None)
    r.pick("hal", "That's right", timezone=None)
    r.pick("hal", "Skip the rest", timezone=None)
    r.say("hal", "Narnia", timezone=None)
    r.say("hal", "London", timezone=None)
    r.pick("hal", "Save the suggested ones", timezone=None)
    r.say("hal", "hello", timezone=None)
    r.say("ivy", "hi", timezone=None)
    r.say("ivy", "no offer from Hooli", timezone=None)
    r.pick("ivy", "Make a plan", timezone=None)
    r.pick("ivy", "That's right", timezone=None)
    r.pick("ivy", "Skip the rest", timezone=None)
    r.pick("ivy", "Central Europe", timezone=None)
    r.say("ivy", "back", timezone=None)


SLACK = {"platform": "slack", "workspace": "T1"}


def groups_and_checkin(r: Recorder) -> None:
    """Set up a group mid-conversation, people join, check in (by text and by form), a note."""
    r.say("ann", "hi", **SLACK)
    r.say("ann", "Another rejection from Globex, the third this month", **SLACK)
    r.event("ann", command="rejected", text="group", channel=CHANNEL, name="Ann", admin=True,
            **SLACK)
    r.form("ann", "groups.setup", **SLACK)
    r.say("ann", "Job Hunters", **SLACK)
    r.say("ann", "someday", **SLACK)
    r.pick("ann", "Monday", **SLACK)
    r.pick("ann", "9", **SLACK)
    r.say("ann", "back", **SLACK)
    r.event("ann", command="rejected", text="group", channel=CHANNEL, name="Ann", admin=True,
            **SLACK)
    r.say("ann", "Job Hunters", **SLACK)
    r.pick("ann", "Monday", **SLACK)
    r.say("ann", "9am", **SLACK)
    r.say("ann", "nowhere", **SLACK)
    r.say("ann", "London", **SLACK)
    r.say("ann", "yes", **SLACK)
    r.say("ann", "and I still feel flat", **SLACK)
    r.due()
    r.event("ben", choice="group:join:1", channel=CHANNEL, name="Ben", **SLACK)
    r.event("cat", choice="group:join:1", channel=CHANNEL, name="Cat", **SLACK)
    r.event("ben", command="rejected", text="group", channel=CHANNEL, **SLACK)
    r.due(advance=5 * 24 * 3600 - 3600)  # Monday 9:00 in London: the prompt
    r.event("ben", choice="group:checkin:1", channel=CHANNEL, name="Ben", **SLACK)
    r.pick("ben", "4", **SLACK)
    r.say("ben", "Sent three applications", **SLACK)
    r.pick("ben", "Skip", **SLACK)
    r.say("ben", "SQL practice", **SLACK)
    r.pick("ben", "Let me choose", **SLACK)
    r.pick("ben", "Share it", **SLACK)
    r.pick("ben", "Keep it private", **SLACK)
    r.pick("ben", "Share it", **SLACK)
    r.event("cat", choice="group:checkin:1", channel=CHANNEL, name="Cat", **SLACK)
    r.form("cat", "checkin.mood", **SLACK)
    r.submit("cat", {"mood": "9", "win": "", "next": "", "hand": ""}, **SLACK)
    r.submit("cat", {"mood": "2", "win": "Finished a course", "next": "", "hand": "",
                     "share_mood": "no"}, **SLACK)
    r.form("cat", "checkin.mood", **SLACK)
    r.submit("cat", {"share_win": "yes"}, **SLACK)
    r.event("ann", choice="group:checkin:1", channel=CHANNEL, name="Ann", **SLACK)
    r.pick("ann", "Skip", **SLACK)
    r.pick("ann", "Skip", **SLACK)
    r.pick("ann", "Skip", **SLACK)
    r.pick("ann", "Skip", **SLACK)
    r.say("ann", "still here", **SLACK)
    r.due(advance=24 * 3600)  # the digest
    r.event("ann", choice="group:cheer:c1", channel=CHANNEL, name="Ann", **SLACK)
    r.say("ann", "you're a loser", **SLACK)
    r.say("ann", "Three applications in a week is brilliant!", **SLACK)
    r.event("ann", choice="group:cheer:c2", channel=CHANNEL, name="Ann", **SLACK)
    r.pick("ann", "Never mind", **SLACK)
    r.due()
    r.event("ann", choice="group:settings:1", channel=CHANNEL, admin=True, **SLACK)
    r.submit("ann", {"name": "Job Hunters", "day": "friday", "time": "25:00",
                     "timezone": "Europe/London", "buddies": "no"}, **SLACK)
    r.submit("ann", {"name": "Job Hunters", "day": "fri", "time": "17:30",
                     "timezone": "Europe/London", "buddies": "no"}, **SLACK)
    r.event("ann", choice="group:settings:1", channel=CHANNEL, admin=True, **SLACK)
    r.pick("ann", "Keep", **SLACK)
    r.pick("ann", "Keep", **SLACK)
    r.pick("ann", "17", **SLACK)
    r.pick("ann", "Keep", **SLACK)
    r.pick("ann", "Keep", **SLACK)
    r.event("ben", command="rejected", text="checkin", **SLACK)
    r.pick("ben", "Skip", **SLACK)
    r.say("ben", "back", **SLACK)
    r.say("ben", "3", **SLACK)
    r.say("ben", "pause", **SLACK)
    r.say("ben", "hello", **SLACK)
    r.pick("ben", "Skip", **SLACK)
    r.pick("ben", "Skip", **SLACK)
    r.pick("ben", "Skip", **SLACK)
    r.pick("ben", "Keep it all private", **SLACK)
    r.event("cat", command="rejected", text="", channel=CHANNEL, name="Cat", **SLACK)
    r.say("cat", "Globex said no after five rounds and I'm crushed", **SLACK)
    r.pick("cat", "That's all for now", **SLACK)
    r.pick("cat", "rough day", **SLACK)
    r.due()
    r.event("ben", choice="group:cheer:r1", channel=CHANNEL, **SLACK)
    r.submit("ben", {"note": "Sending you good vibes, Cat"}, **SLACK)
    r.event("ben", choice="group:mute:ann", **SLACK)
    r.event("ben", choice="group:leave:1", channel=CHANNEL, **SLACK)
    r.event("ben", choice="group:checkin:1", channel=CHANNEL, **SLACK)
    r.due()


def admin_settings(r: Recorder) -> None:
    """An admin's settings mid-conversation: toggles, typed region and retention, done."""
    r.say("root", "hi", **SLACK)
    r.say("root", "another rejection from Hooli", **SLACK)
    r.event("root", command="rejected", text="settings", channel=CHANNEL, admin=True, **SLACK)
    r.pick("root", "Let members set up groups", **SLACK)
    r.pick("root", "crisis lines", **SLACK)
    r.say("root", "Atlantis", **SLACK)
    r.say("root", "UK", **SLACK)
    r.pick("root", "how long", **SLACK)
    r.say("root", "14 days", **SLACK)
    r.pick("root", "Done", **SLACK)
    r.say("root", "still annoyed", **SLACK)
    r.event("sam", command="rejected", text="settings", channel=CHANNEL, **SLACK)


SCENARIOS: dict[str, Callable[[Recorder], None]] = {
    "recovery_by_buttons": recovery_by_buttons,
    "recovery_by_text": recovery_by_text,
    "facts_one_at_a_time": facts_one_at_a_time,
    "facts_as_a_form": facts_as_a_form,
    "facts_form_partial_then_text": facts_form_partial_then_text,
    "back_pause_restart": back_pause_restart,
    "care_detour": care_detour,
    "timezone_detour": timezone_detour,
    "groups_and_checkin": groups_and_checkin,
    "admin_settings": admin_settings,
}


def record(name: str) -> Path:
    with tempfile.TemporaryDirectory() as folder:
        recorder = Recorder(str(Path(folder) / "rebound.db"))
        try:
            SCENARIOS[name](recorder)
        finally:
            recorder.session.close()
    path = FIXTURES / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"name": name, "doc": SCENARIOS[name].__doc__,
                                "start": START.isoformat(), "turns": recorder.turns},
                               indent=1, ensure_ascii=False) + "\n")
    return path


if __name__ == "__main__":
    for wanted in sys.argv[1:] or list(SCENARIOS):
        print(record(wanted))

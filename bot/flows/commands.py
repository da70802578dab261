"""What a person can say or click at any step: the ways out and around.

Typed commands must be the whole message ("back", "my plan"), so someone
venting "I want to go back to my old job" is never mistaken for a command.
"""

from __future__ import annotations

import re

from bot import choices
from bot.flows import (
    care,
    checkin,
    groups,
    mood_check,
    peers,
    plan,
    privacy,
    safety_plan,
    server_admin,
)
from bot.flows.base import STEPS, Turn, back, go, reask
from bot.listening.intent import wants_draft
from bot.model import Choice
from bot.state import State
from bot.text import normal, row_id

START = "recovery.vent"

TEXT_COMMANDS: dict[str, frozenset[str]] = {
    "help": frozenset({"help", "commands", "what can you do", "options", "menu"}),
    "back": frozenset({"back", "go back", "undo"}),
    "pause": frozenset({"pause", "stop", "pause for now", "not now", "later"}),
    "restart": frozenset({"start over", "restart", "start again", "reset", "start from scratch"}),
    "start": frozenset({"start", "begin"}),
    "plan": frozenset({"my plan", "show my plan", "show plan", "plan status", "view plan"}),
    "export": frozenset({"export", "export my data", "my data", "download my data"}),
    "forget": frozenset({"forget me", "delete me", "delete my data", "forget my data", "erase me"}),
    "reminders_off": frozenset({"stop reminders", "no more reminders", "reminders off",
                                "stop reminding me"}),
    "reminders_on": frozenset({"start reminders", "reminders on", "turn reminders on"}),
    "safety_plan": frozenset({"my safety plan", "show my safety plan", "show safety plan",
                              "view safety plan"}),
    "make_safety_plan": frozenset({"make a safety plan", "make my safety plan",
                                   "new safety plan", "edit my safety plan",
                                   "change my safety plan"}),
    "privacy": frozenset({"privacy", "privacy policy", "your privacy policy", "my privacy",
                          "what do you keep", "what do you store", "what do you keep about me"}),
    "helplines": frozenset({"helplines", "helpline", "crisis lines", "hotlines", "hotline",
                            "show the lines", "show helplines"}),
}
_DONE = re.compile(r"^(?:done|did|finished|completed?)\s+#?(\d+)$")
_REGION = re.compile(r"^(?:my\s+)?region(?:\s+(?:is\s+)?(.+))?$")
_GREETINGS = frozenset({"hi", "hello", "hey", "hiya", "yo", "start", "begin", "rejected",
                        "help", "good morning", "good evening", "hi there", "hello there"})


def by_text(t: Turn) -> bool:
    """Run the command that the whole message names; False if it names none."""
    said = normal(t.text)
    done = _DONE.match(said)
    if done:
        plan.done_by_number(t, int(done.group(1)))
        return True
    region = _REGION.match(said)
    if region:
        care.choose_region(t, region.group(1))
        return True
    for command, phrases in TEXT_COMMANDS.items():
        if said in phrases:
            run(t, command)
            return True
    return False


def run(t: Turn, command: str) -> None:
    if command == "help":
        t.say("global/help", privacy_url=t.privacy_url, admin=t.event.admin,
              platform=t.conv.platform)
        reask(t)
    elif command == "back":
        if not back(t):
            t.say("global/nothing_back")
            reask(t)
    elif command == "pause":
        t.data.paused = True
        t.say("global/paused")
    elif command == "restart":
        restart(t)
    elif command == "start":
        resume_or_restart(t)
    elif command == "plan":
        plan.show(t)
    elif command == "export":
        privacy.export(t)
    elif command == "forget":
        go(t, "privacy.forget")
    elif command == "reminders_off":
        t.data.reminders_off = True
        t.say("settings/reminders_off")
    elif command == "reminders_on":
        t.data.reminders_off = False
        t.data.recaps_off = False
        t.say("settings/reminders_on")
    elif command == "safety_plan":
        safety_plan.show(t)
    elif command == "make_safety_plan":
        safety_plan.begin(t)
    elif command == "helplines":
        care.contacts(t)
    elif command == "privacy":
        privacy.policy(t)
        reask(t)


def by_choice(t: Turn, choice: str) -> None:
    """Buttons that work from any message: ``go:<command>`` and ``plan:<verb>:<id>``."""
    button = choices.parse(choice)
    rest = button.part(0)
    if button.kind == choices.PLAN:
        plan.click(t, button)
    elif button.kind == choices.GROUP:
        group_click(t, button)
    elif button.kind == choices.MOOD:
        mood_check.click(t, button)
    elif rest == "resume":
        t.say("global/welcome_back")
        reask(t)
    elif rest in TEXT_COMMANDS:
        run(t, rest)
    else:
        t.say("global/stale_click")
        reask(t)


def group_click(t: Turn, button: choices.Parsed) -> None:
    verb, ident = button.part(0), button.part(1)
    if verb == "cheer":
        peers.start_note(t, ident)
    elif verb == "mute":
        peers.mute(t, ident)
    elif verb == "checkin" and (group := groups.reachable(t, row_id(ident))):
        checkin.start(t, group)
    else:
        groups.click(t, verb, ident)


def slash(t: Turn, new: bool) -> None:
    """``/rejected [help|plan|forget|export|group|checkin|settings|start]``; else what
    happened."""
    said = normal(t.text)
    if said == "group":
        groups.command(t)
        return
    if said == "settings":
        server_admin.command(t)
        return
    if said in ("checkin", "check in"):
        checkin.command(t, groups.group_here(t))
        return
    if t.event.channel:
        t.say("global/moved_to_dm", private=True, channel=t.event.channel)
        group = groups.group_here(t)
        if group:
            t.data.origin_group = group["id"]
    if said == "help":
        t.say("global/help", privacy_url=t.privacy_url, admin=t.event.admin,
              platform=t.conv.platform)
        if not new:
            reask(t)
    elif said in ("plan", "my plan"):
        plan.show(t)
    elif said in ("forget", "forget me"):
        go(t, "privacy.forget", remember=not new)
    elif said in ("export", "export my data"):
        privacy.export(t)
    elif said == "privacy":
        privacy.policy(t)
        if not new:
            reask(t)
    elif new:
        begin(t)
    elif said in ("", "start"):
        resume_or_restart(t)
    else:
        STEPS[START].answer(t) if t.conv.step == START else resume_or_restart(t)


def begin(t: Turn) -> None:
    """A first contact: say who we are; if they already said what happened, hear it."""
    go(t, START, remember=False)
    words = len(t.text.split())
    if t.text and normal(t.text) not in _GREETINGS and (words >= 3 or wants_draft(t.text)):
        following = STEPS[START].answer(t)
        if following:
            go(t, following)


def restart(t: Turn) -> None:
    t.data = State(restarted=True)
    t.conv.history = []
    t.conv.step = ""
    go(t, START, remember=False)


def resume_or_restart(t: Turn) -> None:
    t.say("global/resume_or_restart", choices=[
        Choice(choices.go("resume"), t.label("global.resume")),
        Choice(choices.go("restart"), t.label("global.restart")),
    ])

"""What a person can say or click at any step: the ways out and around.

Typed commands must be the whole message ("back", "my plan"), so someone
venting "I want to go back to my old job" is never mistaken for a command.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot import choices
from bot.flows import (
    actions,
    care,
    checkin,
    groups,
    journey_log,
    members,
    mood_check,
    nav,
    peers,
    privacy,
    safety_plan,
    server_admin,
)
from bot.flows.base import Turn
from bot.flows.names import FORGET, START
from bot.listening.intent import wants_draft
from bot.model import Choice
from bot.state import State
from bot.text import normal, row_id

TEXT_COMMANDS: dict[str, frozenset[str]] = {
    "help": frozenset({"help", "commands", "what can you do", "options", "menu"}),
    "back": frozenset({"back", "go back", "undo"}),
    "pause": frozenset({"pause", "stop", "pause for now", "not now", "later"}),
    "restart": frozenset({"start over", "restart", "start again", "reset", "start from scratch"}),
    "start": frozenset({"start", "begin"}),
    "plan": frozenset({"my plan", "show my plan", "show plan", "plan status", "view plan"}),
    "journey": frozenset({"my journey", "show my journey", "journey", "my search"}),
    "progress": frozenset({"my progress", "show my progress", "progress picture",
                           "my progress picture"}),
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
        actions.done_by_number(t, int(done.group(1)))
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
    COMMANDS[command](t)


def _help(t: Turn) -> None:
    t.say("global/help", privacy_url=t.privacy_url, admin=t.event.admin,
          platform=t.conv.platform)


def _and_again(said: Callable[[Turn], None]) -> Callable[[Turn], None]:
    """A command that answers, then asks the current question again."""
    def command(t: Turn) -> None:
        said(t)
        nav.reask(t)
    return command


def _back(t: Turn) -> None:
    if not nav.back(t):
        t.say("global/nothing_back")
        nav.reask(t)


def _pause(t: Turn) -> None:
    t.data.paused = True
    t.say("global/paused")


def _reminders(on: bool) -> Callable[[Turn], None]:
    def command(t: Turn) -> None:
        t.data.reminders_off = not on
        if on:
            t.data.recaps_off = False
        t.say(f"settings/reminders_{'on' if on else 'off'}")
    return command


def restart(t: Turn) -> None:
    t.data = State(restarted=True, mood_chart=t.data.mood_chart)
    nav.start_over(t)


def resume_or_restart(t: Turn) -> None:
    t.say("global/resume_or_restart", choices=[
        Choice(choices.go("resume"), t.label("global.resume")),
        Choice(choices.go("restart"), t.label("global.restart")),
    ])


COMMANDS: dict[str, Callable[[Turn], None]] = {
    "help": _and_again(_help),
    "back": _back,
    "pause": _pause,
    "restart": restart,
    "start": resume_or_restart,
    "plan": actions.show,
    "journey": journey_log.show,
    "progress": journey_log.progress,
    "progress_moods": journey_log.moods_shown(True),
    "progress_plain": journey_log.moods_shown(False),
    "export": privacy.export,
    "forget": lambda t: nav.go(t, FORGET),
    "reminders_off": _reminders(on=False),
    "reminders_on": _reminders(on=True),
    "safety_plan": safety_plan.show,
    "make_safety_plan": safety_plan.begin,
    "helplines": care.contacts,
    "privacy": _and_again(privacy.policy),
}
"""What each of TEXT_COMMANDS does (also from ``go:<command>`` buttons)."""


def by_choice(t: Turn, choice: str) -> None:
    """Buttons that work from any message: ``go:<command>``, ``plan:…``, ``group:…``,
    ``mood:…``."""
    button = choices.parse(choice)
    command = button.part(0)
    if button.kind in ON_ANY_STEP:
        ON_ANY_STEP[button.kind](t, button)
    elif command == "resume":
        t.say("global/welcome_back")
        nav.reask(t)
    elif command in COMMANDS:
        run(t, command)
    else:
        t.say("global/stale_click")
        nav.reask(t)


def group_click(t: Turn, button: choices.Parsed) -> None:
    verb, ident = button.part(0), button.part(1)
    if verb == "cheer":
        peers.start_note(t, ident)
    elif verb == "mute":
        peers.mute(t, ident)
    elif verb == "checkin" and (group := members.reachable(t, row_id(ident))):
        checkin.start(t, group)
    else:
        groups.click(t, verb, ident)


ON_ANY_STEP: dict[str, Callable[[Turn, choices.Parsed], None]] = {
    choices.PLAN: actions.click,
    choices.GROUP: group_click,
    choices.MOOD: mood_check.click,
}


def slash(t: Turn, new: bool) -> None:
    """``/rejected [help|plan|forget|export|privacy|group|checkin|settings|start]``; else
    what happened."""
    said = normal(t.text)
    if said in IN_CHANNEL:
        IN_CHANNEL[said](t)
        return
    if t.event.channel:
        t.say("global/moved_to_dm", private=True, channel=t.event.channel)
        group = members.group_here(t)
        if group:
            t.data.origin_group = group.id
    if said in SLASH:
        SLASH[said](t, new)
    elif new:
        begin(t)
    elif said in ("", "start") or t.conv.step != START:
        resume_or_restart(t)
    else:
        nav.hand_over(t, START)


def _informing(said: Callable[[Turn], None]) -> Callable[[Turn, bool], None]:
    """A sub-command that answers, then (for someone mid-conversation) asks their question."""
    def command(t: Turn, new: bool) -> None:
        said(t)
        if not new:
            nav.reask(t)
    return command


def _forget(t: Turn, new: bool) -> None:
    nav.go(t, FORGET, remember=not new)


IN_CHANNEL: dict[str, Callable[[Turn], None]] = {
    "group": groups.command,
    "settings": server_admin.command,
    "checkin": lambda t: checkin.command(t, members.group_here(t)),
    "check in": lambda t: checkin.command(t, members.group_here(t)),
}
"""Sub-commands about the channel they were run in: answered there, privately."""
SLASH: dict[str, Callable[[Turn, bool], None]] = {
    "help": _informing(_help),
    "plan": lambda t, new: actions.show(t),
    "my plan": lambda t, new: actions.show(t),
    "forget": _forget,
    "forget me": _forget,
    "journey": lambda t, new: journey_log.show(t),
    "my journey": lambda t, new: journey_log.show(t),
    "progress": lambda t, new: journey_log.progress(t),
    "my progress": lambda t, new: journey_log.progress(t),
    "export": lambda t, new: privacy.export(t),
    "export my data": lambda t, new: privacy.export(t),
    "privacy": _informing(privacy.policy),
}
"""Sub-commands answered in DMs."""


def begin(t: Turn) -> None:
    """A first contact: say who we are; if they already said what happened, hear it."""
    nav.begin(t)
    words = len(t.text.split())
    if t.text and normal(t.text) not in _GREETINGS and (words >= 3 or wants_draft(t.text)):
        nav.hand_over(t, START)

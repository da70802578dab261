"""Peer groups: a channel whose members check in on each other weekly.

Set-up happens privately in DMs (name, day, time, time zone, buddy pairs);
the channel only ever sees the bot's own posts. Joining and leaving are one
button. Only an admin (or, where the admins allow it, any member) turns a
channel into a group: otherwise anyone could make the bot post weekly in a
channel of their choosing. Settings can be changed, and the group removed, by
whoever set it up or by an admin of that workspace or server.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot import choices
from bot.dates import parse_time, parse_zone
from bot.flows import nav
from bot.flows.base import Turn, step
from bot.flows.form import FormStep, Slot
from bot.flows.members import (
    DAYS,
    creator_name,
    group_here,
    may_change,
    may_set_up,
    reachable,
    schedule_prompt,
    when,
    who,
)
from bot.flows.names import SETUP
from bot.model import Choice, Field
from bot.rows import Group, Member
from bot.state import GroupSetup
from bot.text import NO, YES, normal, row_id

TIMES = ("09:00", "12:00", "17:00")
NAME_MAX = 60


def command(t: Turn) -> None:
    """`/rejected group`: set up this channel as a group, or show it (privately)."""
    channel = t.event.channel
    if not channel:
        t.say("groups/needs_channel")
        return
    group = group_here(t)
    if group is None and not may_set_up(t):
        t.say("groups/not_allowed_here", platform=t.conv.platform, private=True,
              channel=channel)
        return
    if group is None:
        t.say("groups/setting_up", private=True, channel=channel)
        start_setup(t, None, channel)
        return
    status(t, group)


def status(t: Turn, group: Group) -> None:
    """The group as one person sees it: when it meets, and their buttons."""
    gid = group.id
    member = t.store.member(gid, t.conv.user)
    buttons = [Choice(choices.group("checkin", gid), t.label("groups.checkin"))]
    if member:
        buttons.append(Choice(choices.group("leave", gid), t.label("groups.leave")))
        if group.buddies:
            toggle = "pair" if member.no_pairing else "nopair"
            buttons.append(Choice(choices.group(toggle, gid), t.label(f"groups.{toggle}")))
    else:
        buttons.insert(0, Choice(choices.group("join", gid), t.label("groups.join")))
    if may_change(t, group):
        buttons.append(Choice(choices.group("settings", gid), t.label("groups.settings")))
        buttons.append(Choice(choices.group("remove", gid), t.label("groups.remove")))
    t.say("groups/status", name=group.name, when=when(t, group), member=bool(member),
          count=len(t.store.members(gid)), private=True, channel=group.channel,
          choices=buttons)


def start_setup(t: Turn, group: Group | None, channel: str) -> None:
    values = {
        "name": group.name if group else "",
        "day": DAYS[group.day] if group else "",
        "time": group.time if group else "",
        "timezone": group.timezone if group else (t.conv.timezone or ""),
        "buddies": ("yes" if group.buddies else "no") if group else "",
    }
    t.data.group_setup = GroupSetup(channel, group.id if group else None, t.event.server,
                                    values)
    nav.call(t, SETUP)


def _name(said: str) -> str | None:
    return " ".join(said.split())[:NAME_MAX] or None


def _day(said: str) -> str | None:
    lowered = said.strip().lower()[:3]
    return lowered if lowered in DAYS else None


def _time(said: str) -> str | None:
    moment = parse_time(said.strip())
    return f"{moment:%H:%M}" if moment else None


def _buddies(said: str) -> str | None:
    return "yes" if normal(said) in YES else "no" if normal(said) in NO else None


def _buddies_allowed(t: Turn) -> bool:
    return t.settings.buddies


@step
class Setup(FormStep):
    """One question at a time (or the whole form); 'keep' leaves a setting as it was."""

    name = SETUP
    whole = True
    slots = (
        Slot("name", parse=_name),
        Slot("day", "select", DAYS, parse=_day),
        Slot("time", quick=TIMES, parse=_time),
        Slot("timezone", parse=lambda said: parse_zone(said.strip())),
        Slot("buddies", "select", ("yes", "no"), parse=_buddies, when=_buddies_allowed,
             otherwise="no"),
    )
    """Buddy pairs aren't asked where the admins switched them off: then there are none."""

    def values(self, t: Turn) -> dict[str, Any]:
        assert t.data.group_setup is not None
        return t.data.group_setup.values

    def in_modal(self, t: Turn) -> tuple[Slot, ...]:
        return tuple(s for s in self.slots if self.wanted(t, s))

    def intro(self, t: Turn) -> None:
        t.say("groups/setup_intro", new=not t.data.vents and not t.conv.history,
              editing=bool(t.data.group_setup and t.data.group_setup.group), form=self.form(t))

    def question(self, t: Turn, slot: Slot) -> None:
        current = self.values(t).get(slot.id, "")
        buttons = self.buttons(t, slot)
        if slot.id == "timezone" and t.conv.timezone:
            buttons.append(self.opt(t, "mine", "groups.my_zone", zone=t.conv.timezone))
        if current:
            buttons.append(self.opt(t, "keep", "groups.keep"))
        t.say(f"groups/setup_{slot.id}", current=current, choices=buttons)

    def option_id(self, slot: Slot, value: str) -> str:
        return choices.value_option(value)

    def button_label(self, slot: Slot, value: str) -> str:
        if slot.id == "time":
            return f"groups.times.t{value[:2]}"
        return f"groups.days.{value}" if slot.id == "day" else f"groups.{value}"

    def passes(self, t: Turn, slot: Slot) -> bool:
        return t.choice == "keep" and bool(self.values(t).get(slot.id))

    def clicked(self, t: Turn, slot: Slot) -> str | None:
        if t.choice == "mine" and slot.id == "timezone":
            return t.conv.timezone
        return super().clicked(t, slot)

    def refuse(self, t: Turn, slot: Slot, why: str) -> None:
        t.say(f"groups/setup_bad_{slot.id}")

    def form_labels(self, t: Turn) -> tuple[str, str, str]:
        return (t.label("groups.form.title"), t.label("groups.form.submit"),
                t.label("groups.form.open"))

    def field(self, t: Turn, slot: Slot) -> Field:
        return Field(id=slot.id, label=t.label(f"groups.form.{slot.id}"), kind=slot.kind,
                     options=tuple(Choice(o, t.label(self.button_label(slot, o)))
                                   for o in slot.options),
                     max_length=NAME_MAX, hint=t.label(f"groups.form.{slot.id}_hint"),
                     value=self.values(t).get(slot.id, ""))

    def error(self, t: Turn, slot: Slot, why: str) -> str:
        return t.msgs.say(f"groups/setup_bad_{slot.id}")

    def errors(self, t: Turn, errors: list[tuple[str, str]]) -> None:
        t.say("groups/setup_errors", errors=errors,
              problems=[(t.label(f"groups.form.{f}"), why) for f, why in errors])

    def done(self, t: Turn, *, by_form: bool) -> None:
        self.close(t)
        finish(t)


def finish(t: Turn) -> None:
    setup, t.data.group_setup = t.data.group_setup, None
    values, channel = setup.values, setup.channel
    settings = {"name": values["name"], "day": DAYS.index(values["day"]), "time": values["time"],
                "timezone": values["timezone"], "buddies": int(values["buddies"] == "yes")}
    if setup.group is None:
        gid = t.store.add_group({
            "platform": t.conv.platform, "workspace": t.conv.workspace, "channel": channel,
            **settings, "created_by": t.conv.user, "created_at": t.now.isoformat(),
            "last_digest_at": None, "server": setup.server,
        })
        t.store.join(gid, t.conv.user, t.conv.key, who(t), t.now)
    else:
        gid = setup.group
        t.store.update_group(gid, **settings)
    group = t.store.group(gid)
    assert group is not None
    schedule_prompt(t, group)
    t.queue_post(channel, gid, [t.render(
        "groups/announce" if setup.group is None else "groups/updated",
        choices=[Choice(choices.group("join", gid), t.label("groups.join")),
                 Choice(choices.group("checkin", gid), t.label("groups.checkin"))],
        name=group.name, when=when(t, group), buddies=bool(group.buddies),
    )])
    t.say("groups/created" if setup.group is None else "groups/saved", name=group.name,
          when=when(t, group))
    nav.finish(t, ask=False)


@dataclass(frozen=True)
class _Clicked:
    """A group button's group, the person's membership of it, and where to answer."""

    group: Group
    member: Member | None
    here: dict[str, Any]


def click(t: Turn, verb: str, ident: str) -> None:
    """``group:<verb>:<id>`` buttons about membership and settings."""
    group = reachable(t, row_id(ident))
    if group is None:
        t.say("groups/gone")
        return
    here = {"private": True, "channel": t.event.channel} if t.event.channel else {}
    clicked = _Clicked(group, t.store.member(group.id, t.conv.user), here)
    if verb in _CHANGES:
        (_CHANGES[verb] if may_change(t, group) else _not_allowed)(t, clicked)
    elif verb in ("pair", "nopair") and clicked.member:
        t.store.set_member(group.id, t.conv.user, no_pairing=int(verb == "nopair"))
        t.say(f"groups/{verb}", name=group.name, **here)
    elif verb in _ANYONE:
        _ANYONE[verb](t, clicked)
    else:
        t.say("global/stale_click")


def _join(t: Turn, clicked: _Clicked) -> None:
    group, gid = clicked.group, clicked.group.id
    if not clicked.member:
        t.store.join(gid, t.conv.user, t.conv.key, who(t), t.now)
    t.say("groups/joined", name=group.name, when=when(t, group),
          already=bool(clicked.member), buddies=bool(group.buddies),
          choices=[Choice(choices.group("checkin", gid), t.label("groups.checkin")),
                   Choice(choices.group("leave", gid), t.label("groups.leave"))],
          **clicked.here)


def _leave(t: Turn, clicked: _Clicked) -> None:
    gid = clicked.group.id
    if clicked.member:
        t.store.leave(gid, t.conv.user)
    t.say("groups/left", name=clicked.group.name, was=bool(clicked.member),
          choices=[Choice(choices.group("join", gid), t.label("groups.join"))],
          **clicked.here)


def _settings(t: Turn, clicked: _Clicked) -> None:
    if t.event.channel:
        t.say("groups/setting_up", private=True, channel=t.event.channel)
    start_setup(t, clicked.group, clicked.group.channel)


def _remove(t: Turn, clicked: _Clicked) -> None:
    gid = clicked.group.id
    t.say("groups/remove_sure", name=clicked.group.name, **clicked.here, choices=[
        Choice(choices.group("removed", gid), t.label("groups.remove_yes")),
        Choice(choices.group("status", gid), t.label("groups.remove_no"))])


def _removed(t: Turn, clicked: _Clicked) -> None:
    t.store.drop_group(clicked.group.id)
    t.say("groups/removed", name=clicked.group.name, **clicked.here)


def _not_allowed(t: Turn, clicked: _Clicked) -> None:
    group = clicked.group
    t.say("groups/not_allowed", name=group.name, creator=creator_name(t, group),
          platform=t.conv.platform, **clicked.here)


_CHANGES = {"settings": _settings, "remove": _remove, "removed": _removed}
"""Only for whoever set the group up, or an admin."""
_ANYONE = {"join": _join, "leave": _leave, "status": lambda t, clicked: status(t, clicked.group)}

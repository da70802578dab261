"""Peers looking out for each other: kind notes, "rough day" posts, buddy pairs.

A note is screened (the safety screen already ran on it as inbound text;
here the abuse filter) and delivered by DM with the sender's name, unless
the recipient muted them. A rough-day post says only that: nothing from the
private conversation ever leaves it.
"""

from __future__ import annotations

import random
from datetime import timedelta
from itertools import combinations

from bot import choices, server_settings
from bot.abuse import problem
from bot.dates import week_of
from bot.flows import nav
from bot.flows.base import Step, Turn, step
from bot.flows.members import reachable, who
from bot.flows.names import NOTE
from bot.model import Choice, Field, Form
from bot.rows import Checkin, Group, Member, Rough
from bot.state import NoteFor
from bot.text import clean, row_id

NOTE_MAX = 300
NUDGE_AFTER = timedelta(days=3)
NO_REPEAT_WEEKS = 4


def _target(t: Turn, ident: str) -> Checkin | Rough | None:
    """Who a note is for: the author of a digest entry (c12) or a rough-day post (r3).

    Only a post from a group the person can reach counts (see `members.reachable`):
    a forged id must not reach someone elsewhere.
    """
    number = row_id(ident[1:])
    if ident[:1] == "c" and number:
        found = t.store.checkin(number)
    elif ident[:1] == "r" and number:
        found = t.store.rough(number)
    else:
        return None
    return found if found and reachable(t, found.group_id) else None


def start_note(t: Turn, ident: str) -> None:
    target = _target(t, ident)
    here = {"private": True, "channel": t.event.channel} if t.event.channel else {}
    if target is None:
        t.say("peers/gone", **here)
        return
    if target.user == t.conv.user:
        t.say("peers/self", **here)
        return
    group = t.store.group(target.group_id)
    if group is None or not server_settings.for_group(t.store, group).notes:
        t.say("peers/notes_off", name=target.name, **here)
        return
    if t.event.channel:
        t.say("peers/moved", name=target.name, **here)
    t.data.note_for = NoteFor(target.user, target.key, target.name)
    nav.call(t, NOTE)


@step
class Note(Step):
    """The note, typed in DMs or (where a platform can't read typing there) in a form."""

    name = NOTE
    takes_form = True

    def form(self, t: Turn) -> Form:
        return Form(id=NOTE, title=t.label("peers.form.title"), submit=t.label("peers.form.send"),
                    open_label=t.label("peers.form.open"),
                    fields=(Field("note", t.label("peers.form.note"), "long",
                                  max_length=NOTE_MAX),))

    def ask(self, t: Turn) -> None:
        t.say("peers/write", name=t.data.note_for.name, limit=NOTE_MAX,
              choices=[self.opt(t, "cancel", "peers.cancel")], form=self.form(t))

    def answer(self, t: Turn) -> None:
        target = t.data.note_for
        if t.choice == "cancel":
            t.say("peers/cancelled")
            _done(t)
            return
        if t.event.values is not None:
            # The engine has already screened this text, as it screens every form.
            t.text = clean(str(t.event.values.get("note") or ""))[0]
        if not t.text or t.choice:
            super().answer(t)
        elif not _refused(t):
            if not t.store.muted(target.key, t.conv.user):
                t.queue_dm(target.user, target.key, [t.render(
                    "peers/note", sender=who(t), note=t.text,
                    choices=[Choice(choices.group("mute", t.conv.user),
                                    t.label("peers.mute", name=who(t)[:30]))],
                )])
            t.say("peers/sent", name=target.name)
            _done(t)


def _refused(t: Turn) -> bool:
    """Say why a note can't go (too long, unkind); False when it can."""
    refusal = ("peers/too_long", {"limit": NOTE_MAX}) if len(t.text) > NOTE_MAX else None
    reason = problem(t.text)
    if reason and not refusal:
        refusal = ("peers/blocked", {"reason": reason})
    if refusal is None:
        return False
    template, values = refusal
    # From a form, the reason also goes under the field so the modal stays open.
    field = [("note", t.msgs.say(template, **values))] if t.event.values is not None else []
    t.say(template, errors=field, **values)
    return True


def _done(t: Turn) -> None:
    t.data.note_for = None
    nav.finish(t, ask=False)


def mute(t: Turn, sender: str) -> None:
    t.store.mute(t.conv.key, sender)
    t.say("peers/muted")


def share_rough_day(t: Turn, group: Group) -> None:
    """Tell the group only that this person is having a rough day."""
    rough = t.store.add_rough({"group_id": group.id, "key": t.conv.key, "user": t.conv.user,
                               "name": who(t), "created_at": t.now.isoformat()})
    notes = server_settings.for_group(t.store, group).notes
    t.queue_post(group.channel, group.id, [t.render(
        "peers/rough", name=who(t),
        choices=[Choice(choices.group("cheer", f"r{rough}"), t.label("peers.send_encouragement"))]
        if notes else [],
    )])
    t.data.rough_shared = True
    t.say("peers/rough_shared", group=group.name)


def pair_buddies(t: Turn, group: Group, members: list[Member]) -> None:
    """Pair members at random for the week, avoiding recent repeats; odd one out makes a trio."""
    zone_week = week_of(t.now, t.zone)
    pool = [m for m in members if not m.no_pairing]
    if len(pool) < 2:
        return
    random.Random(f"{group.id}:{zone_week}").shuffle(pool)
    recent = t.store.recent_pairs(group.id,
                                  week_of(t.now - timedelta(weeks=NO_REPEAT_WEEKS), t.zone))
    teams: list[list[Member]] = []
    while len(pool) >= 2:
        first = pool.pop(0)
        partner = next((m for m in pool if frozenset((first.key, m.key)) not in recent),
                       pool[0])
        pool.remove(partner)
        teams.append([first, partner])
    if pool:
        teams[-1].append(pool.pop())
    for team in teams:
        for a, b in combinations(team, 2):
            t.store.add_pair(group.id, zone_week, a.key, b.key)
        for member in team:
            others = [m.name for m in team if m is not member]
            t.queue_dm(member.user, member.key, [t.render(
                "peers/buddy_intro", others=others, group=group.name)])
            t.queue_dm(member.user, member.key, [t.render(
                "peers/buddy_nudge", others=others)], at=t.now + NUDGE_AFTER)

"""The weekly check-in: a prompt in the channel, private answers, one digest.

Each answer is private until its author says otherwise, answer by answer.
The digest shows only what was shared, names only those who shared, and
says nothing at all about who skipped.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from bot import choices, server_settings
from bot.flows import nav
from bot.flows.base import Step, Turn, scheduled, step
from bot.flows.groups import DIGEST_AFTER, next_slot, schedule_prompt, who
from bot.flows.names import CHECKIN as MOOD
from bot.flows.names import CHECKIN_ASK as ASK
from bot.flows.names import SHARE
from bot.flows.names import SHARE_EACH as EACH
from bot.flows.peers import pair_buddies
from bot.model import Choice, Field, Form, Reply
from bot.state import Checkin as CheckinState
from bot.text import clean

TEXTS = ("win", "next", "hand")
PARTS = ("mood", *TEXTS)
ANSWER_MAX = 300
DIGEST_ENTRIES = 10
PROMPT_LATE = timedelta(days=1)


def start(t: Turn, group: dict[str, Any]) -> None:
    """Begin a check-in in the person's DMs; someone not in the group is asked to join first.

    Joining puts them in the member count and in buddy pairs, so it is never
    done for them: the join button's welcome offers the check-in.
    """
    gid = group["id"]
    here = {"private": True, "channel": t.event.channel} if t.event.channel else {}
    if not t.store.member(gid, t.conv.user):
        t.say("checkin/join_first", name=group["name"], buddies=bool(group["buddies"]),
              choices=[Choice(choices.group("join", gid), t.label("groups.join"))], **here)
        return
    if t.event.channel:
        t.say("checkin/moved", private=True, channel=t.event.channel, name=group["name"])
    t.data.checkin = CheckinState(gid, group["name"])
    nav.call(t, MOOD)


def command(t: Turn, group: dict[str, Any] | None) -> None:
    """`/rejected checkin`: in a group's channel, that group; in DMs, theirs."""
    if group:
        start(t, group)
        return
    mine = t.store.memberships(t.conv.key)
    if len(mine) == 1:
        start(t, mine[0])
    elif mine:
        t.say("checkin/which", choices=[Choice(choices.group("checkin", g["id"]), g["name"])
                                         for g in mine])
    else:
        t.say("checkin/no_group")


def _state(t: Turn) -> CheckinState:
    assert t.data.checkin is not None
    return t.data.checkin


def _fields(t: Turn) -> tuple[Field, ...]:
    yes_no = (Choice("yes", t.label("checkin.share_yes")),
              Choice("no", t.label("checkin.share_no")))
    fields = [Field("mood", t.label("checkin.form.mood"), "select",
                    tuple(Choice(str(n), t.label(f"checkin.moods.m{n}")) for n in range(1, 6)))]
    for part in TEXTS:
        fields.append(Field(part, t.label(f"checkin.form.{part}"), "long",
                            max_length=ANSWER_MAX))
    fields += [Field(f"share_{part}", t.label(f"checkin.form.share_{part}"), "select", yes_no)
               for part in PARTS]
    return tuple(fields)


def _still_needed(t: Turn) -> tuple[Field, ...]:
    """Fields not yet submitted, leaving out "share it?" for parts left blank.

    A platform may show a form in parts (Discord: five inputs at most), so a
    check-in is only finished once every question that matters was seen.
    """
    state = _state(t)
    got = set(state.form_got)
    blank = {p for p in PARTS if p in got and p not in state.answers}
    return tuple(f for f in _fields(t) if f.id not in got
                 and not (f.id.startswith("share_") and f.id[6:] in blank))


def form(t: Turn) -> Form:
    return Form(id=MOOD, title=t.label("checkin.form.title"),
                submit=t.label("checkin.form.submit"), open_label=t.label("checkin.form.open"),
                fields=_still_needed(t) or _fields(t))


def _from_form(t: Turn) -> bool:
    """Take a submitted (part of the) check-in form; False (errors said) if it doesn't fit."""
    values = dict(t.event.values or {})
    state = _state(t)
    errors = []
    mood = str(values.get("mood") or "").strip()
    if mood and mood not in {"1", "2", "3", "4", "5"}:
        errors.append(("mood", t.msgs.say("checkin/bad_mood")))
    texts = {}
    for part in TEXTS:
        texts[part], _ = clean(str(values.get(part) or ""))
        if len(texts[part]) > ANSWER_MAX:
            errors.append((part, t.msgs.say("checkin/too_long", limit=ANSWER_MAX)))
    if errors:
        t.say("checkin/form_errors", errors=errors,
              problems=[(t.label(f"checkin.form.{f}"), why) for f, why in errors])
        return False
    answers, votes = state.answers, state.votes
    if mood:
        answers["mood"] = mood
    answers.update({part: text for part, text in texts.items() if part in values and text})
    for part in PARTS:
        if f"share_{part}" in values:
            votes[part] = str(values[f"share_{part}"] or "").lower() in ("yes", "y", "true")
    got = state.form_got
    got.extend(key for key in values if key not in got)
    state.shared = [p for p in PARTS if p in answers and votes.get(p)]
    return True


@step
class Mood(Step):
    name = MOOD
    takes_form = True

    def form(self, t: Turn) -> Form:
        return form(t)

    def ask(self, t: Turn) -> None:
        t.say("checkin/intro", group=_state(t).name, form=self.form(t))
        t.say("checkin/mood", choices=[
            self.opt(t, f"m{n}", f"checkin.moods.m{n}") for n in range(1, 6)
        ] + [self.opt(t, "skip", "checkin.skip")])

    def answer(self, t: Turn) -> None:
        if t.event.values is not None:
            if not _from_form(t):
                return
            if _still_needed(t):
                t.say("checkin/form_more", form=self.form(t))
                return
            finish(t)
            return
        said = (t.choice or t.text).strip().lower().lstrip("m")
        if said in {"1", "2", "3", "4", "5"}:
            _state(t).answers["mood"] = said
        elif t.choice != "skip":
            t.say("checkin/bad_mood")
            return
        _state(t).at = 0
        nav.go(t, ASK)


@step
class Ask(Step):
    """The win, what's next, and where a hand would help: each optional."""

    name = ASK

    def ask(self, t: Turn) -> None:
        part = TEXTS[_state(t).at]
        t.say(f"checkin/{part}", choices=[self.opt(t, "skip", "checkin.skip")])

    def answer(self, t: Turn) -> None:
        state = _state(t)
        part = TEXTS[state.at]
        if t.choice != "skip":
            if not t.text or t.choice:
                super().answer(t)
                return
            if len(t.text) > ANSWER_MAX:
                t.say("checkin/too_long", limit=ANSWER_MAX)
                return
            state.answers[part] = t.text
        state.at += 1
        if state.at < len(TEXTS):
            self.ask(t)
            return
        if state.answers:
            nav.go(t, SHARE)
        else:
            finish(t)


@step
class Share(Step):
    name = SHARE

    def ask(self, t: Turn) -> None:
        t.say("checkin/share", answers=_state(t).answers,
              choices=[self.opt(t, "all"), self.opt(t, "none"), self.opt(t, "choose")])

    def answer(self, t: Turn) -> None:
        state = _state(t)
        if t.choice == "all":
            state.shared = [p for p in PARTS if p in state.answers]
            finish(t)
            return
        if t.choice == "none":
            state.shared = []
            finish(t)
            return
        if t.choice == "choose":
            state.asking = [p for p in PARTS if p in state.answers]
            nav.go(t, EACH)
            return
        super().answer(t)


@step
class ShareEach(Step):
    name = EACH

    def ask(self, t: Turn) -> None:
        state = _state(t)
        part = state.asking[0]
        t.say("checkin/share_each", part=part, answer=state.answers[part],
              choices=[self.opt(t, "yes", "checkin.share_yes"),
                       self.opt(t, "no", "checkin.share_no")])

    def answer(self, t: Turn) -> None:
        state = _state(t)
        if t.choice not in ("yes", "no"):
            super().answer(t)
            return
        part = state.asking.pop(0)
        if t.choice == "yes":
            state.shared.append(part)
        if state.asking:
            self.ask(t)
            return
        finish(t)


def finish(t: Turn) -> None:
    state, t.data.checkin = _state(t), None
    answers = state.answers
    t.store.add_checkin({
        "group_id": state.group, "key": t.conv.key, "user": t.conv.user, "name": who(t),
        "mood": answers.get("mood"), "win": answers.get("win"), "next": answers.get("next"),
        "hand": answers.get("hand"), "shared": state.shared,
        "created_at": t.now.isoformat(),
    })
    t.say("checkin/done", shared=state.shared, group=state.name)
    nav.finish(t, ask=False)


@scheduled("group_prompt")
def prompt(t: Turn, row: dict[str, Any]) -> bool:
    """The weekly prompt in the channel; also plans the digest, buddies and next week."""
    group = t.store.group(row["group_id"])
    if group is None:
        return False
    schedule_prompt(t, group, replace=False)  # this row is in flight: keep it
    late = t.now - datetime.fromisoformat(row["due_at"]) > PROMPT_LATE
    if late and next_slot(group, t.now - PROMPT_LATE) > t.now:
        # A missed week (nothing ran then) is skipped; had this week's time just
        # passed, this prompt stands for it instead, so that week isn't missed too.
        return False
    members = t.store.members(group["id"])
    if not members:
        return False
    t.store.schedule("group_digest", t.now + DIGEST_AFTER, platform=group["platform"],
                     workspace=group["workspace"], channel=group["channel"],
                     group_id=group["id"])
    if group["buddies"] and server_settings.for_group(t.store, group).buddies:
        pair_buddies(t, group, members)
    t.replies.append(Reply(
        text=t.msgs.say("checkin/prompt", name=group["name"]),
        choices=(Choice(choices.group("checkin", group["id"]), t.label("groups.checkin")),),
        channel=group["channel"],
    ))
    return True


@scheduled("group_digest")
def digest(t: Turn, row: dict[str, Any]) -> bool:
    """One post with only what members chose to share, in the prompt's thread."""
    group = t.store.group(row["group_id"])
    if group is None:
        return False
    entries = t.store.undigested(group["id"])
    t.store.mark_digested([e["id"] for e in entries])
    t.store.update_group(group["id"], last_digest_at=t.now.isoformat())
    shared = [e for e in entries if e["shared"]]
    notes = server_settings.for_group(t.store, group).notes
    thread = t.store.last_posted("group_prompt", group["id"])
    for start_at in range(0, len(shared), DIGEST_ENTRIES):
        chunk = shared[start_at:start_at + DIGEST_ENTRIES]
        t.replies.append(Reply(
            text=t.msgs.say("checkin/digest", name=group["name"], first=start_at == 0,
                            entries=[{"name": e["name"],
                                      **{p: e[p] for p in PARTS if p in e["shared"]}}
                                     for e in chunk]),
            choices=tuple(Choice(choices.group("cheer", f"c{e['id']}"),
                                 t.label("peers.encourage", name=e["name"][:30]))
                          for e in chunk if notes),
            channel=group["channel"], thread=thread,
        ))
    return bool(t.replies)

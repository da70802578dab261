"""Every button id, built and read in one place.

A button carries only a stable id; what a click means is worked out from the
person's stored state when it comes back (see `bot.engine`). Ids are read back
from messages posted long ago, in people's Slack and Discord DMs and in the
conversation's `_offered` list, so their shape on the wire never changes:

- ``<step>:<option>`` answers the question of one step (``recovery.vent:reflect``);
  an option may name a form field's value (``stage=final``) or a value with
  ``/`` and ``:`` kept out of it (``Europe~London``, ``09h00``);
- ``go:<command>`` runs a command from anywhere (``go:plan``);
- ``plan:<verb>[:<action id>[:<days>]]`` acts on the plan (``plan:snooze:12:7``);
- ``group:<verb>:<id>`` acts on a peer group, a post or a person (``group:join:3``);
- ``mood:<moment>:<rating or skip>`` answers the mood question (``mood:before:4``).

An id must fit the smallest platform limit (a Discord custom_id, 100
characters, with room left for an adapter's own prefix): building a longer
one is a bug, so it raises rather than sending a button that cannot work.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

PLATFORM_LIMIT = 100
"""Discord's custom_id (Slack's action_id allows 255)."""
ADAPTER_ROOM = 8
"""Kept free for an adapter's own prefix (Discord's is ``rb:c:``)."""
MAX_LENGTH = PLATFORM_LIMIT - ADAPTER_ROOM
SEP = ":"

GO, PLAN, GROUP, MOOD = "go", "plan", "group", "mood"
ANYWHERE = (GO, PLAN, GROUP, MOOD)
"""Kinds of button that work from any step, rather than answering one."""
ON_POSTS = (PLAN, GROUP)
"""Kinds of button on posts and deliveries, which work even for someone new to the bot."""
_ENCODED = (("/", "~"), (":", "h"))


@dataclass(frozen=True)
class Parsed:
    """A button id taken apart: `kind` is a step's name or one of ANYWHERE; `parts` the rest."""

    kind: str
    parts: tuple[str, ...]

    def part(self, index: int) -> str:
        """The `index`th part after the kind, or "" when the id has fewer."""
        return self.parts[index] if index < len(self.parts) else ""


def _checked(ident: str) -> str:
    if len(ident) > MAX_LENGTH:
        raise ValueError(f"button id longer than {MAX_LENGTH} characters: {ident[:40]}...")
    return ident


def _join(*parts: object) -> str:
    return _checked(SEP.join(str(part) for part in parts))


def parse(ident: str) -> Parsed:
    kind, *parts = ident.split(SEP)
    return Parsed(kind, tuple(parts))


def answer(step: str, option: str) -> str:
    """``<step>:<option>``: the answer `option` to the question `step` asks."""
    return _join(step, option)


def answered(ident: str) -> tuple[str, str] | None:
    """The (step, option) a button answers; None for one that works from anywhere."""
    step, sep, option = ident.partition(SEP)
    if not sep or step in ANYWHERE:
        return None
    return step, option


def answers(ident: str, step: str) -> bool:
    """Whether the button answers the question of `step`."""
    found = answered(ident)
    return found is not None and found[0] == step


def anywhere(ident: str, kinds: tuple[str, ...] = ANYWHERE) -> bool:
    """Whether the button works from any step (only `kinds` of them, if given)."""
    kind, sep, _ = ident.partition(SEP)
    return bool(sep) and kind in kinds


def last_word(ident: str) -> str:
    """The final part of an id, which a person may type instead of clicking (``skip``)."""
    return ident.rsplit(SEP, 1)[-1]


def field_value(field: str, value: str) -> str:
    """An option naming a form field's value: ``stage=final``."""
    return f"{field}={value}"


def value_option(value: str) -> str:
    """A value as an option, with ``/`` and ``:`` kept out: ``Europe~London``, ``09h00``."""
    for plain, coded in _ENCODED:
        value = value.replace(plain, coded)
    return value


def option_value(option: str, values: Iterable[str]) -> str | None:
    """Which of `values` the option stands for (looked up, since ``h`` is also a letter)."""
    return next((value for value in values if value_option(value) == option), None)


def go(command: str) -> str:
    """``go:<command>``: a command from a button, e.g. ``go:plan``."""
    return _join(GO, command)


def plan(verb: str, action: int | None = None, days: int | None = None) -> str:
    """``plan:done:12``, ``plan:snooze:12:7``, ``plan:new``."""
    parts = [part for part in (action, days) if part is not None]
    return _join(PLAN, verb, *parts)


def group(verb: str, ident: object) -> str:
    """``group:join:3`` (a group), ``group:cheer:c12`` (a post), ``group:mute:U123`` (a person)."""
    return _join(GROUP, verb, ident)


def mood(moment: str, value: object) -> str:
    """``mood:before:4`` or ``mood:after:skip``."""
    return _join(MOOD, moment, value)


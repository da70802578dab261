"""What is on a person's screen: the buttons they can still see, and deliveries not yet answered.

A platform keeps old messages in view, so a typed label of any button
still shown should act on it, not only the newest message's: the newest
buttons are kept as `_offered` (a typed number means one of these), the
ones before in `_earlier` (labels only, newest first). Scheduled messages
(reminders, check-in prompts, notes) join the screen when they are sent,
and are also kept briefly in `_waiting`, so a terminal that was closed
when they came can show them again when the person is back.
"""

from __future__ import annotations

from bot import choices
from bot.model import Reply
from bot.state import State

EARLIER = 24
WAITING = 5
KEEP_TEXT = frozenset({"reminder", "recap", "group_prompt"})
"""Deliveries whose words are the person's own (their plan) or nobody's (a prompt).

Notes, digests and rough-day posts carry other people's words: only their
buttons are kept in someone else's conversation."""


def remember(data: State, offered: list[list[str]]) -> None:
    """`offered` is now the newest screen; the previous buttons stay reachable by label."""
    ids = {ident for ident, _ in offered}
    before = [c for c in [*data.offered, *data.earlier] if c[0] not in ids]
    seen: set[str] = set()
    data.earlier = [c for c in before if not (c[0] in seen or seen.add(c[0]))][:EARLIER]
    data.offered = offered


def earlier(data: State, step: str) -> list[list[str]]:
    """Older buttons a typed label may still act on: those that work from anywhere
    and those answering the step the person is on now."""
    return [c for c in data.earlier
            if choices.anywhere(c[0]) or choices.answers(c[0], step)]


def delivered(data: State, kind: str, replies: tuple[Reply, ...]) -> bool:
    """A scheduled message reached this person: on screen, and waiting to be answered.

    False when it has no buttons (nothing to answer, nothing to keep).
    """
    buttons = [[c.id, c.label] for reply in replies for c in reply.choices]
    if not buttons:
        return False
    remember(data, buttons)
    waiting = data.waiting
    for reply in replies:
        if reply.choices:
            waiting.append({"text": reply.text if kind in KEEP_TEXT else None,
                            "channel": reply.channel,
                            "choices": [[c.id, c.label] for c in reply.choices]})
    del waiting[:-WAITING]
    return True

"""A pasted rejection email, read rather than heard as venting.

The whole message is read (`Turn.whole`, past the cut every other step
sees), since a forwarded thread keeps the rejection itself at the bottom.
The email's words are never kept: the reply names what receiving it feels
like without quoting it, and only the facts read out of it are stored, in
a new journey entry, then shown in the facts form for the person to
confirm or correct.
"""

from __future__ import annotations

from bot.flows import journey_log, nav
from bot.flows.base import Turn
from bot.flows.facts import prefill
from bot.flows.names import FACTS
from bot.pasted_email import feeling, feeling_values, looks_like_email, read_email


def read(t: Turn) -> bool:
    """Take a pasted rejection email; False if the message isn't one."""
    if not looks_like_email(t.whole or t.text):
        return False
    found = read_email(t.whole or t.text)
    t.say(feeling(found), **feeling_values(found))
    data = t.data
    data.facts, data.facts_done, data.understood, data.confirmed = {}, False, [], []
    data.pasted, data.entry = True, None  # a new email is a new entry; the old ones stay
    prefill(t, found.as_facts())
    if found.sender_email and not found.automated:
        data.facts["reply_to"] = found.sender_email
    journey_log.record(t)
    nav.call(t, FACTS)
    return True

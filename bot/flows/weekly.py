"""A group's weekly posts: the check-in prompt (which also pairs buddies) and the digest.

The digest shows only what was shared, names only those who shared, and says
nothing at all about who skipped.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot import choices, server_settings
from bot.flows.base import Turn, scheduled
from bot.flows.checkin import PARTS
from bot.flows.members import DIGEST_AFTER, next_slot, schedule_prompt
from bot.flows.peers import pair_buddies
from bot.model import Choice, Reply
from bot.rows import Scheduled

DIGEST_ENTRIES = 10
PROMPT_LATE = timedelta(days=1)


@scheduled("group_prompt")
def prompt(t: Turn, row: Scheduled) -> bool:
    """The weekly prompt in the channel; also plans the digest, buddies and next week."""
    group = t.store.group(row.group_id)
    if group is None:
        return False
    schedule_prompt(t, group, replace=False)  # this row is in flight: keep it
    late = t.now - datetime.fromisoformat(row.due_at) > PROMPT_LATE
    if late and next_slot(group, t.now - PROMPT_LATE) > t.now:
        # A missed week (nothing ran then) is skipped; had this week's time just
        # passed, this prompt stands for it instead, so that week isn't missed too.
        return False
    members = t.store.members(group.id)
    if not members:
        return False
    t.store.schedule("group_digest", t.now + DIGEST_AFTER, platform=group.platform,
                     workspace=group.workspace, channel=group.channel,
                     group_id=group.id)
    if group.buddies and server_settings.for_group(t.store, group).buddies:
        pair_buddies(t, group, members)
    t.replies.append(Reply(
        text=t.msgs.say("checkin/prompt", name=group.name),
        choices=(Choice(choices.group("checkin", group.id), t.label("groups.checkin")),),
        channel=group.channel,
    ))
    return True


@scheduled("group_digest")
def digest(t: Turn, row: Scheduled) -> bool:
    """One post with only what members chose to share, in the prompt's thread."""
    group = t.store.group(row.group_id)
    if group is None:
        return False
    entries = t.store.undigested(group.id)
    t.store.mark_digested([e.id for e in entries])
    t.store.update_group(group.id, last_digest_at=t.now.isoformat())
    shared = [e for e in entries if e.shared]
    notes = server_settings.for_group(t.store, group).notes
    thread = t.store.last_posted("group_prompt", group.id)
    for start_at in range(0, len(shared), DIGEST_ENTRIES):
        chunk = shared[start_at:start_at + DIGEST_ENTRIES]
        t.replies.append(Reply(
            text=t.msgs.say("checkin/digest", name=group.name, first=start_at == 0,
                            entries=[{"name": e.name,
                                      **{p: getattr(e, p) for p in PARTS if p in e.shared}}
                                     for e in chunk]),
            choices=tuple(Choice(choices.group("cheer", f"c{e.id}"),
                                 t.label("peers.encourage", name=e.name[:30]))
                          for e in chunk if notes),
            channel=group.channel, thread=thread,
        ))
    return bool(t.replies)

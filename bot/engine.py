"""The conversation engine: one event in, the replies out, state saved in between.

Order of a turn, and why: dedupe the platform's event id first (platforms
retry; a person must never get two answers to one message), then the guards
of `bot.dispatch` in order: the crisis screen before any flow can react to the
words, commands that work everywhere, then the current step. All of it runs
in one IMMEDIATE transaction; replies are returned only after it commits, so
a reply can never describe state that was not saved.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot import (
    dispatch,
    flows,
    metrics,
    on_screen,
    retention,
    server_settings,
    state,
    stats,
    wire,
)
from bot.flows import actions, legacy
from bot.flows.base import SCHEDULED, STEPS, Turn
from bot.logs import describe_failure
from bot.model import Choice, Delivery, Event, Form, Inbound, Outbound, Reply
from bot.render import messages
from bot.rows import Scheduled
from bot.store import Conversation, Store, conversation_key
from bot.text import MAX_PASTE, clean

log = logging.getLogger("rebound.engine")

LEASE = timedelta(minutes=10)
INBOX_LEASE = timedelta(minutes=1)
"""Long enough for a profile look-up and a turn; a crashed worker's row waits this long."""
OUTBOX_LEASE = timedelta(minutes=5)
"""Longer than a sender's retry budget, so no two senders hold one reply."""
SEEN_FOR = timedelta(days=3)
DUE_ROUNDS = 5
"""Passes over the schedule per call: rows planned by due rows for the same moment."""

WARM_UP = ("hi", "They turned me down after the final round and I feel flat")
Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Engine:
    """Platform-neutral Rebound. Thread-safe; one per process per database file."""

    def __init__(
        self,
        db_path: str | os.PathLike[str] = "rebound.db",
        *,
        clock: Clock = _utc_now,
        region: str | None = None,
        timezone: str | None = None,
        retain_days: int | None = None,
        privacy_url: str | None = None,
    ) -> None:
        self._store = Store(str(db_path))
        self._clock = clock
        self._msgs = messages()
        self.region = region if region is not None else os.environ.get("REBOUND_REGION")
        configured = _valid_zone(timezone or os.environ.get("REBOUND_TZ"))
        self.timezone = configured or "UTC"
        # UTC is only a fallback: without a configured zone, ask before showing any date.
        self.timezone_configured = configured is not None
        self.retain_days = retain_days or retention.days(os.environ)
        self.privacy_url = (privacy_url if privacy_url is not None
                            else os.environ.get("REBOUND_PRIVACY_URL", "").strip() or None)
        self._purged_at: datetime | None = None
        self._counted = True  # the warm-up's scratch engine is not: its turns are not real
        flows.load()

    # -- the public API ----------------------------------------------------

    def handle(self, event: Event, *, queue: bool = False,
               meta: Mapping[str, object] | None = None) -> list[Reply]:
        """Take one thing a person did; return what to send them, already saved.

        With `queue`, the replies also go into the outbox in the turn's own
        transaction (with the adapter's `meta`), for a turn that cannot wait
        for the inbox: a modal submission, whose field errors ride on the ack
        and are therefore never queued.
        """
        now, started = self._now(), time.perf_counter()
        try:
            with self._store.transaction():
                if event.event_id and not self._store.first_sight(_seen_key(event), now):
                    return []
                replies, forgotten = self._answer(event, now)
                if queue and not any(reply.errors for reply in replies):
                    self._queue(event, replies, meta, now)
        except Exception as exc:
            return self._failed(event, exc, now, queue=queue, meta=meta)
        if self._counted:
            _measured(started)
        if forgotten:
            self._scrub()
        return replies

    def receive(self, event: Event, meta: Mapping[str, object] | None = None) -> bool:
        """Store what arrived, before the platform is told it was received; False for a repeat.

        One short transaction, so the request thread can acknowledge at once;
        a worker (`take`, `process`) runs the turn. Repeats are known by the
        platform's event id, as in `handle`.
        """
        now = self._now()
        stored, note = wire.dump_event(event), json.dumps(dict(meta or {}))

        def store() -> bool:
            if event.event_id and not self._store.first_sight(_seen_key(event), now):
                return False
            self._store.add_inbound(_key(event), stored, note, now)
            return True

        return self._store.grouped(store, urgent=True)

    def take(self) -> Inbound | None:
        """The next stored event whose conversation is free, leased to this caller.

        A lease that runs out (the process died mid-turn) frees the row for
        any process; a row never leased since a crash is taken at once.
        """
        now = self._now()
        row = self._store.grouped(lambda: self._store.claim_inbound(now, now + INBOX_LEASE))
        if row is None:
            return None
        return Inbound(row.id, wire.load_event(row.event), json.loads(row.meta or "{}"))

    def process(self, inbound: Inbound, event: Event | None = None,
                meta: Mapping[str, object] | None = None) -> list[Reply]:
        """Run the turn for a taken row: state, replies into the outbox, the row gone, at once.

        `event`/`meta` replace the stored ones when the adapter has learnt
        more since (a time zone looked up, a channel found to be the DM).
        """
        event = event or inbound.event
        meta = inbound.meta if meta is None else meta
        now, started = self._now(), time.perf_counter()
        ran = False

        def turn() -> tuple[list[Reply], bool]:
            nonlocal ran
            if not self._store.drop_inbound(inbound.id):
                return [], False  # another worker answered it after our lease ran out
            replies, forgotten = self._answer(event, now)
            self._queue(event, replies, meta, now)
            ran = self._counted
            return replies, forgotten

        try:
            replies, forgotten = self._store.grouped(turn)
            if ran:
                _measured(started)
            if forgotten:
                self._scrub()
            return replies
        except Exception as exc:
            with self._store.transaction():
                if not self._store.drop_inbound(inbound.id):
                    return []
            return self._failed(event, exc, now, queue=True, meta=meta)

    def due(
        self,
        now: datetime | None = None,
        *,
        platform: str | None = None,
        user: str | None = None,
        channel: str | None = None,
        limit: int = 100,
    ) -> list[Delivery]:
        """Scheduled messages now due, leased to the caller; call `mark_sent` after each.

        `platform` keeps each adapter to its own messages; `user`/`channel`
        narrow it further (the terminal shows one person and one group).
        Unsent leases expire after LEASE, so a crash between lease and send
        means a late message, never a lost one.
        """
        self._purge_now_and_then()
        now = (now or self._now()).astimezone(UTC)
        with self._store.transaction():
            out = self._render_due(now, limit, platform=platform, user=user, channel=channel)
            self._store.prune_seen(now - SEEN_FOR)
        return out

    def queue_due(self, now: datetime | None = None, *, platform: str | None = None,
                  user: str | None = None, channel: str | None = None,
                  limit: int = 100) -> int:
        """Move scheduled messages now due into the outbox; how many deliveries that was.

        Rendering, queuing and marking the scheduled row done share one
        transaction, so a reminder is queued exactly once; the outbox then
        sends it like any reply. Old outbox records are pruned here too.
        """
        self._purge_now_and_then()
        queued = self._now()  # not `now`: `rebound tick --now` may look ahead
        now = (now or queued).astimezone(UTC)
        with self._store.transaction():
            deliveries = self._render_due(now, limit, platform=platform, user=user,
                                          channel=channel)
            for delivery in deliveries:
                self._store.mark_sent(delivery.id, now, None)
                lane = (conversation_key(delivery.platform, delivery.workspace, delivery.user)
                        if delivery.user and not delivery.channel else
                        f"{delivery.platform}|{delivery.workspace}|#{delivery.channel}")
                for reply in delivery.replies:
                    self._store.add_outbound({
                        "lane": lane, "key": delivery.key, "platform": delivery.platform,
                        "workspace": delivery.workspace, "user": delivery.user,
                        "channel": delivery.channel, "reply": wire.dump_reply(reply),
                        "meta": "{}", "scheduled_id": delivery.id, "created_at": queued})
            self._store.prune_seen(now - SEEN_FOR)
            self._store.prune_outbound(now - SEEN_FOR)
        return len(deliveries)

    def purge(self, now: datetime | None = None) -> int:
        """Delete the words of every conversation idle for `retain_days`; how many were purged.

        In batches, each its own transaction, so turns go on meanwhile; the WAL
        is then scrubbed, as after "forget me".
        """
        now = (now or self._now()).astimezone(UTC)
        total = 0
        with self._store.transaction():
            shorter = self._store.shorter_retention(self.retain_days)
        for place, days in [(None, self.retain_days),
                            *(((r.platform, r.place), r.retain_days) for r in shorter)]:
            while True:
                with self._store.transaction():
                    count = retention.purge_batch(self._store, now, days, place)
                total += count
                if count < retention.BATCH:
                    break
        if total:
            self._scrub()
        return total

    def forget_workspace(self, platform: str, workspace: str) -> int:
        """The app was uninstalled from a workspace: its groups, its people, all they said.

        Their own conversations go too: on a platform whose conversations are
        keyed by workspace (Slack) they exist only there. How many people's.
        """
        with self._store.transaction():
            people = self._store.drop_workspace(platform, workspace)
        self._scrub()
        return people

    def forget_channels(self, platform: str, workspace: str, channels: list[str],
                        server: str | None = None) -> int:
        """The bot left a server: the groups in its channels, with their check-ins, go,
        and the settings its admins chose.

        People's own conversations stay (on Discord they are not tied to any
        server), until retention or "forget me". How many groups went.
        """
        with self._store.transaction():
            groups = self._store.drop_channels(platform, workspace, channels)
            if server:
                self._store.drop_place_settings(platform, server)
        if groups:
            self._scrub()
        return groups

    def outgoing(self, limit: int = 50, *, platform: str | None = None, lane: str | None = None,
                 user: str | None = None, channel: str | None = None) -> list[Outbound]:
        """Replies ready to send, each the first unsent one of its lane, leased to the caller.

        Call `sent`, `undeliverable` or `retry_later` for each. `lane` asks for
        one more from a lane just served (`Outbound.lane`); `user`/`channel`
        narrow it for the terminal, as in `due`.
        """
        now = self._now()
        rows = self._store.grouped(lambda: self._store.claim_outbound(
            now, now + OUTBOX_LEASE, limit, platform=platform, lane=lane, user=user,
            channel=channel))
        return [Outbound(row.id, row.platform, row.workspace, row.user,
                         wire.load_reply(row.reply), row.channel,
                         json.loads(row.meta or "{}"), row.scheduled_id is not None,
                         row.attempts, row.created_at, row.lane) for row in rows]

    def sent(self, outbound_id: int, posted_ref: str | None = None) -> None:
        """The platform has it: never sent again, and its words are no longer kept."""
        now = self._now()
        self._store.grouped(lambda: self._store.outbound_done(outbound_id, now, posted_ref))

    def undeliverable(self, outbound_id: int, reason: str) -> None:
        """The platform will never take it (channel gone, DMs closed): recorded, not retried."""
        with self._store.transaction():
            self._store.outbound_done(outbound_id, self._now(), None, failed=reason)

    def retry_later(self, outbound_id: int, after: timedelta) -> None:
        """A transient failure outlasted the sender's patience: its lane waits `after`."""
        with self._store.transaction():
            self._store.outbound_later(outbound_id, self._now() + after)

    def form(self, platform: str, workspace: str, user: str, form_id: str) -> Form | None:
        """The form `form_id` as the person's current step offers it now, or None.

        For adapters that open a modal on a click: the form comes from stored
        state, so a button from before a restart opens it, pre-filled with what
        is known now rather than when the button was sent. Nothing is saved.
        """
        with self._store.transaction():
            t = self._turn(Event(platform, workspace, user), "", self._now())
            step = STEPS.get(t.conv.step)
            found = step.form(t) if step else None
            return found if found and found.id == form_id else None

    def mark_sent(self, delivery_id: int, posted_ref: str | None = None) -> None:
        """The delivery was handed to the platform; it will not be offered again.

        `posted_ref` is the platform's id for the posted message (Slack ts,
        Discord message id), so later replies can be threaded under it.
        """
        with self._store.transaction():
            self._store.mark_sent(delivery_id, self._now(), posted_ref)

    def home(self, platform: str, workspace: str, user: str) -> list[Reply]:
        """A read-only overview (their plan, a way to start or carry on) for a home tab.

        Nothing is saved: looking at a home screen is not a turn.
        """
        with self._store.transaction():
            t = self._turn(Event(platform, workspace, user), "", self._now())
            actions.home(t)
            return t.replies

    def stats(self, until: date | None = None) -> dict:
        """Anonymous counts for the operator (`bot.stats`), per day up to `until` (default today).

        Days are the ones tallies are kept in: the default time zone's, like a
        person's day when their platform doesn't say.
        """
        until = until or self._now().astimezone(ZoneInfo(self.timezone)).date()
        with self._store.transaction():
            return stats.collect(self._store, until)

    def backlog(self) -> dict[str, int]:
        """How many events wait for a turn ("inbox") and replies for sending ("outbox").

        Read outside any transaction (a scrape must never wait for the write lock);
        counts every process's rows on this database.
        """
        return self._store.backlog()

    def healthy(self) -> bool:
        """The database can be read now: what a health check should ask before saying ok."""
        try:
            self._store.backlog()
        except self._store.errors as err:
            log.error("health check: the database could not be read (%s)", type(err).__name__)
            return False
        return True

    def warm_up(self) -> None:
        """Load what first turns load lazily (the crisis screen's model, sentiment, templates).

        Done by the first real turn, inside its transaction, it would hold
        every other write, acks included, for most of a second.
        """
        scratch = Engine(":memory:", clock=self._clock, region=self.region,
                         timezone=self.timezone, retain_days=self.retain_days)
        scratch._counted = False
        try:
            for text in WARM_UP:
                scratch.handle(Event("warm-up", "warm-up", "warm-up", text=text))
        finally:
            scratch.close()

    def say(self, template: str, /, **values: object) -> str:
        """Wording for adapter chrome (errors, notices) from `messages/`."""
        return self._msgs.say(template, **values)

    def label(self, key: str, /, **values: object) -> str:
        return self._msgs.label(key, **values)

    def close(self) -> None:
        self._store.close()

    @property
    def store(self) -> Store:
        """The database, for what an adapter keeps about a workspace (a Slack installation)."""
        return self._store

    # -- one turn ------------------------------------------------------------

    def _purge_now_and_then(self) -> None:
        """Purge with the scheduled work, but only every PURGE_EVERY: it is called every poll."""
        now = self._now()
        if self._purged_at is None or now - self._purged_at >= retention.PURGE_EVERY:
            self._purged_at = now
            self.purge(now)

    def _scrub(self) -> None:
        """After "forget me" commits: the words must not linger in the WAL either."""
        if not self._store.scrub():
            # The rows are gone; a reader in another process kept old pages in the WAL
            # for now, and the next checkpoint (any forget, or SQLite's own) clears them.
            log.warning("forget: WAL checkpoint was held back by a reader")

    def _answer(self, event: Event, now: datetime) -> tuple[list[Reply], bool]:
        """One turn inside the caller's transaction: dispatch, then save the state.

        Also says whether the person was forgotten, so the caller can scrub the
        WAL once the transaction has committed."""
        text, cut = clean(event.text)
        t = self._turn(event, text, now)
        t.whole = clean(event.text, MAX_PASTE)[0] if cut else text
        step_before = t.conv.step
        dispatch.run(t, cut)
        if not t.forgotten:
            if t.offered or t.conv.step != step_before:
                # Buttons stay "on screen" while a reply only explains or re-asks.
                on_screen.remember(t.data, [[c.id, c.label] for c in t.offered])
            t.data.waiting = []  # they are here: whatever came has been seen
            t.conv.data = state.dump(t.data)
            if not t.conv.version:
                self._store.tally(t.today.isoformat(), "conversation", "started")
            self._store.save(t.conv, now)
        return t.replies, t.forgotten

    def _failed(self, event: Event, exc: Exception, now: datetime, *, queue: bool,
                meta: Mapping[str, object] | None) -> list[Reply]:
        """A turn that raised was rolled back; the person is told, never left in silence."""
        log.error("turn failed (platform=%s): %s", event.platform, describe_failure(exc))
        if self._counted:
            metrics.count(metrics.TURNS, outcome="failed")
        replies = [Reply(text=self._msgs.say("global/error"))]
        if queue:
            with self._store.transaction():
                self._queue(event, replies, meta, now)
        return replies

    def _queue(self, event: Event, replies: list[Reply], meta: Mapping[str, object] | None,
               now: datetime) -> None:
        """Each reply with the adapter's `meta`, plus which of the turn's replies it is
        (`part` of `parts`): an adapter that answers in a platform's one-off response
        (Discord's deferred "thinking" message) knows the first and the last."""
        key = _key(event)
        for part, reply in enumerate(replies):
            self._store.add_outbound({
                "lane": key, "key": key, "platform": event.platform,
                "workspace": event.workspace, "user": event.user, "channel": None,
                "reply": wire.dump_reply(reply),
                "meta": json.dumps({**(meta or {}), "part": part, "parts": len(replies)}),
                "scheduled_id": None, "created_at": now})

    def _now(self) -> datetime:
        now = self._clock()
        return now if now.tzinfo else now.replace(tzinfo=UTC)

    def _turn(self, event: Event, text: str, now: datetime) -> Turn:
        key = conversation_key(event.platform, event.workspace, event.user)
        conv = self._store.load(key) or Conversation(
            key=key, platform=event.platform, workspace=event.workspace, user=event.user,
        )
        zone = _valid_zone(event.timezone)
        if zone:
            conv.timezone = zone
        legacy.upgrade(conv)
        data = state.load(conv.data)
        if event.name:
            data.name = clean(event.name)[0][:80]
        if event.locale:
            # Kept (and exported) so the crisis lines follow the person, not the platform.
            data.locale = clean(event.locale)[0][:35]
        if event.server:
            # A Discord DM belongs to no server: it follows the one they last came from.
            data.server = event.server
        return self._placed(Turn(conv=conv, event=event, text=text, now=now, store=self._store,
                                 msgs=self._msgs, region=self.region, default_zone=self.timezone,
                                 zone_configured=self.timezone_configured,
                                 retain_days=self.retain_days, privacy_url=self.privacy_url,
                                 data=data))

    def _placed(self, t: Turn) -> Turn:
        """The turn under its workspace's or server's settings: their region stands in for
        the operator's, and their retention if shorter (see `bot.server_settings`)."""
        t.place = server_settings.place_of(t.conv.workspace, t.data.server)
        t.settings = server_settings.load(self._store, t.conv.platform, t.place)
        t.operator_days, t.operator_region = self.retain_days, self.region
        t.region = t.settings.region or self.region
        t.retain_days = min(self.retain_days, t.settings.retain_days or self.retain_days)
        return t

    def _render_due(self, now: datetime, limit: int, **only: str | None) -> list[Delivery]:
        """Lease due scheduled rows and render them; rows with nothing to say are closed.

        A row may plan others for the same moment (a weekly prompt pairs buddies,
        whose introductions are due at once): they are taken in the same pass,
        so one tick delivers everything due at that moment.
        """
        out: list[Delivery] = []
        for _ in range(DUE_ROUNDS):
            rows = self._store.lease_due(now, now + LEASE, limit - len(out), **only)
            for row in rows:
                t = self._scheduled_turn(row, now)
                handler = SCHEDULED.get(row.kind)
                if handler is None or not handler(t, row):
                    self._store.mark_sent(row.id, now, None)
                    continue
                out.append(Delivery(row.id, row.platform, row.workspace, row.user,
                                    tuple(t.replies), row.channel, row.key))
                self._on_screen(row, tuple(t.replies), now)
            if not rows or len(out) >= limit:
                break
        return out

    def _on_screen(self, row: Scheduled, replies: tuple[Reply, ...], now: datetime) -> None:
        """A delivery's buttons become answerable by label for whoever receives it:
        the person for a DM, every member for a group's post."""
        if row.channel:
            keys = [m.key for m in self._store.members(row.group_id)] \
                if row.group_id else []
        else:
            keys = [row.key] if row.key else []
        for key in keys:
            conv = self._store.load(key)
            if conv is None:
                continue
            data = state.load(conv.data)
            if on_screen.delivered(data, row.kind, replies):
                conv.data = state.dump(data)
                self._store.save(conv, now, activity=False)

    def waiting(self, platform: str, workspace: str, user: str) -> list[Reply]:
        """What was delivered since this person last said anything, to show again.

        For a terminal, where a reminder printed by `rebound tick` was never on
        this person's screen: shown again, its buttons work as they would have.
        """
        now = self._now()
        with self._store.transaction():
            conv = self._store.load(conversation_key(platform, workspace, user))
            data = state.load(conv.data) if conv else None
            if conv is None or data is None or not data.waiting:
                return []
            waiting, data.waiting = data.waiting, []
            conv.data = state.dump(data)
            self._store.save(conv, now)
        replies = [Reply(text=self._msgs.say("global/waiting", count=len(waiting)))]
        for entry in waiting:
            replies.append(Reply(
                text=entry["text"] or self._msgs.say("global/waiting_buttons",
                                                     channel=entry["channel"]),
                choices=tuple(Choice(ident, label) for ident, label in entry["choices"]),
                channel=entry["channel"]))
        return replies

    def _scheduled_turn(self, row: Scheduled, now: datetime) -> Turn:
        """A turn with no inbound event, for rendering what a scheduled row sends."""
        conv = (self._store.load(row.key) if row.key else None) or Conversation(
            key=row.key or "", platform=row.platform, workspace=row.workspace,
            user=row.user or "",
        )
        event = Event(row.platform, row.workspace, row.user or "",
                      channel=row.channel)
        return self._placed(Turn(conv=conv, event=event, text="", now=now, store=self._store,
                                 msgs=self._msgs, region=self.region, default_zone=self.timezone,
                                 zone_configured=self.timezone_configured,
                                 retain_days=self.retain_days, privacy_url=self.privacy_url,
                                 data=state.load(conv.data)))


def _key(event: Event) -> str:
    return conversation_key(event.platform, event.workspace, event.user)


def _seen_key(event: Event) -> str:
    return f"{event.platform}|{event.workspace}|{event.event_id}"


def _measured(started: float) -> None:
    """A turn saved: counted, and how long it took (including its wait for the write lock)."""
    metrics.count(metrics.TURNS, outcome="answered")
    metrics.observe(metrics.TURN_SECONDS, time.perf_counter() - started)


def _valid_zone(name: str | None) -> str | None:
    if not name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name

"""All of Rebound's SQL, and nothing else: the same on SQLite and on PostgreSQL.

Every row about a person carries their conversation key, so `export` and
`forget` can be complete by construction. A turn is one transaction (see
`bot.sql` for how each backend keeps writers apart): on SQLite every
transaction takes the one write lock up front, so two processes on one file
queue on the busy timeout instead of failing halfway through a turn; on
PostgreSQL, loading a conversation locks it until the transaction ends, so
one person's turns never interleave, whichever process or host runs them.

Statements are written once in what both speak (`bot.sql` says how). The
schema is `MIGRATIONS`, numbered, applied at start; to change it, append a
migration (the module docstring of `bot.sql` shows one).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from bot.rows import (
    Action,
    Checkin,
    Claimed,
    Group,
    JourneyEntry,
    Member,
    PlaceSettings,
    Queued,
    Rough,
    Scheduled,
    Tally,
    of,
)
from bot.sql import Database, Row, Schema

T = TypeVar("T")
USER = '"user"'
"""The `user` column, quoted: to PostgreSQL a bare `user` is the name it logged in as."""


@dataclass
class Conversation:
    """Where one person is in their dialogue; saved with every turn."""

    key: str
    platform: str
    workspace: str
    user: str
    step: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    history: list[str] = field(default_factory=list)
    version: int = 0
    timezone: str | None = None
    created_at: str = ""


def conversation_key(platform: str, workspace: str, user: str) -> str:
    return f"{platform}|{workspace}|{user}"


def _iso(moment: datetime) -> str:
    """UTC ISO text: stored times are compared as strings, so they must share one offset."""
    return moment.astimezone(UTC).isoformat()


def _v1(schema: Schema) -> None:
    schema.create(
        "conversations",
        {
            "key": str, "platform": str, "workspace": str, "user": str, "step": str,
            "data": str, "history": str, "version": int, "timezone": str,
            "created_at": str, "updated_at": str,
        },
        pk="key",
    )
    schema.create("seen", {"id": str, "at": str}, pk="id")
    schema.index("seen", ["at"])
    schema.create("actions", {"id": int, "key": str, "title": str, "kind": str, "due": str,
                              "status": str, "created_at": str, "done_at": str}, pk="id")
    schema.index("actions", ["key"])
    schema.create(
        "scheduled",
        {
            "id": int, "key": str, "kind": str, "ref": int, "due_at": str,
            "payload": str, "lease_until": str, "sent_at": str,
        },
        pk="id",
    )
    schema.index("scheduled", ["key"])
    schema.index("scheduled", ["sent_at", "due_at"])
    schema.create("referrals", {"day": str, "tier": str, "count": int}, pk=("day", "tier"))


def _v2(schema: Schema) -> None:
    """Peer groups; scheduled rows carry their own destination (channel or person)."""
    for column in ("platform", "workspace", "user", "channel", "posted_ref"):
        schema.add_column("scheduled", column, str)
    schema.add_column("scheduled", "group_id", int)
    schema.execute(
        'UPDATE scheduled SET platform = c.platform, workspace = c.workspace, "user" = c."user"'
        " FROM conversations c WHERE c.key = scheduled.key"
    )
    schema.index("scheduled", ["group_id", "kind"])
    schema.create("groups", {"id": int, "platform": str, "workspace": str, "channel": str,
                             "name": str, "day": int, "time": str, "timezone": str,
                             "buddies": int, "created_by": str, "created_at": str,
                             "last_digest_at": str}, pk="id")
    schema.index("groups", ["platform", "workspace", "channel"], unique=True)
    schema.create("members", {"group_id": int, "user": str, "key": str, "name": str,
                              "joined_at": str, "no_pairing": int}, pk=("group_id", "user"))
    schema.index("members", ["key"])
    schema.create(
        "checkins",
        {"id": int, "group_id": int, "key": str, "user": str, "name": str, "mood": str,
         "win": str, "next": str, "hand": str, "shared": str, "created_at": str,
         "digested": int},
        pk="id",
    )
    schema.index("checkins", ["group_id", "digested"])
    schema.index("checkins", ["key"])
    schema.create(
        "roughs",
        {"id": int, "group_id": int, "key": str, "user": str, "name": str, "created_at": str},
        pk="id",
    )
    schema.index("roughs", ["key"])
    schema.create(
        "pairs",
        {"group_id": int, "week": str, "a_key": str, "b_key": str},
        pk=("group_id", "week", "a_key", "b_key"),
    )
    schema.index("pairs", ["a_key"])
    schema.index("pairs", ["b_key"])
    schema.create("mutes", {"key": str, "sender": str}, pk=("key", "sender"))


def _v3(schema: Schema) -> None:
    """Anonymous tallies (referrals by kind, moods, conversations) and private safety plans.

    Tallies carry a day, a metric and a value, never a person: the operator's
    statistics are read from them alone. Earlier referral counts move over.
    """
    schema.create("tallies", {"day": str, "metric": str, "value": str, "count": int},
                  pk=("day", "metric", "value"))
    schema.execute("INSERT INTO tallies (day, metric, value, count)"
                   " SELECT day, 'referral', tier, count FROM referrals")
    schema.drop("referrals")
    schema.create("safety_plans", {"key": str, "plan": str, "updated_at": str}, pk="key")


def _v4(schema: Schema) -> None:
    """The inbox and the outbox (see `bot.inbox`, `adapters.sender`).

    An inbox row is what a person did, kept from before the platform is
    acknowledged until the turn that answers it commits (then it is deleted,
    with their words). An outbox row is one reply, written in the turn's own
    transaction (or when a scheduled row falls due); it is blanked once sent.
    Both carry the person's conversation key. `lane` orders the outbox: one
    conversation, or one group channel, is delivered in id order.
    """
    schema.create("inbox", {"id": int, "key": str, "event": str, "meta": str,
                            "received_at": str, "lease_until": str}, pk="id")
    schema.index("inbox", ["key", "id"])
    schema.create(
        "outbox",
        {"id": int, "lane": str, "key": str, "platform": str, "workspace": str, "user": str,
         "channel": str, "reply": str, "meta": str, "scheduled_id": int, "created_at": str,
         "next_at": str, "lease_until": str, "attempts": int, "done_at": str, "failed": str},
        pk="id",
    )
    schema.index("outbox", ["lane", "id"], where="done_at IS NULL", index_name="outbox_pending")
    schema.index("outbox", ["key"])
    schema.index("outbox", ["done_at"])


def _v5(schema: Schema) -> None:
    """Retention: when a conversation's words were last purged (see `bot.retention`).

    A conversation is due for purging when its last turn is older than the
    retention period and it has had a turn since it was last purged.
    """
    schema.add_column("conversations", "purged_at", str)
    schema.index("conversations", ["updated_at"])


def _v6(schema: Schema) -> None:
    """Admin controls: one row of settings per workspace (Slack) or server (Discord guild).

    `place` is the Slack team id or the Discord guild id; a group remembers its
    server so scheduled work (buddy pairs) can follow that server's settings.
    A missing row means the defaults in `bot.server_settings`.
    """
    schema.create(
        "place_settings",
        {"platform": str, "place": str, "member_groups": int, "region": str,
         "retain_days": int, "notes": int, "buddies": int, "updated_at": str},
        pk=("platform", "place"),
    )
    schema.add_column("groups", "server", str)


def _v7(schema: Schema) -> None:
    """One app in many Slack workspaces: each workspace's installation, and OAuth states.

    An installation belongs to a workspace (its team id; an Enterprise Grid
    org's id for an org-wide install), never to a person: it holds the bot
    token Slack gave at install time, as Bolt gives it (JSON in `data`), and
    so is in no one's export. A state is a random value handed to a browser
    starting an install, good once, until `expires_at`.
    """
    schema.create("installations", {"platform": str, "workspace": str, "data": str,
                                    "installed_at": str}, pk=("platform", "workspace"))
    schema.create("oauth_states", {"state": str, "expires_at": str}, pk="state")


def _v8(schema: Schema) -> None:
    """The journey log: one entry per rejection (see `bot.flows.journey_log`).

    An entry holds the job (company and role: their words, emptied by
    retention), how far it got, how the answer came, whether a machine sent
    it, its day in their zone, and when they sent a reply. Plan steps belong
    to the entry they were planned for; older steps have none.
    """
    schema.create(
        "entries",
        {"id": int, "key": str, "company": str, "role": str, "stage": str, "news": str,
         "automated": int, "day": str, "replied_at": str, "created_at": str,
         "updated_at": str},
        pk="id",
    )
    schema.index("entries", ["key"])
    schema.add_column("actions", "entry_id", int)


MIGRATIONS: tuple[Callable[[Schema], None], ...] = (_v1, _v2, _v3, _v4, _v5, _v6, _v7, _v8)

TABLES = ("conversations", "seen", "entries", "actions", "groups", "members", "checkins", "roughs",
          "pairs", "mutes", "scheduled", "tallies", "safety_plans", "inbox", "outbox",
          "place_settings", "installations", "oauth_states")
"""Every table, each after those its rows point to (`Store.copy_to` fills them in this order)."""


class TargetNotEmptyError(Exception):
    """`Store.copy_to` found rows already in these tables of the target."""

    def __init__(self, tables: list[str]) -> None:
        super().__init__(", ".join(tables))
        self.tables = tables


class Store:
    """The database behind one Engine: SQLite (the default) or PostgreSQL (`bot.sql`)."""

    def __init__(self, location: str) -> None:
        self.db = Database(location)
        self.errors = self.db.errors
        """What a failing database raises, on this backend."""
        self.db.migrate(MIGRATIONS)

    @contextmanager
    def transaction(self, *, urgent: bool = False) -> Iterator[None]:
        """One atomic unit of work; rolls back on any exception (see `Database.transaction`)."""
        with self.db.transaction(urgent=urgent):
            yield

    def grouped(self, work: Callable[[], T], *, urgent: bool = False) -> T:
        """Run `work` in a transaction, shared with other threads' on SQLite (a group
        commit: see `Database.grouped`); returns once it has committed."""
        return self.db.grouped(work, urgent=urgent)

    def close(self) -> None:
        self.db.close()

    def copy_to(self, target: Store, batch: int = 1000) -> list[tuple[str, int]]:
        """Every row of this database into `target`, which must be empty: (table, rows) each.

        For moving an install from SQLite to PostgreSQL (`rebound migrate`).
        Tables go in `TABLES` order, rows keep their ids, and the target's ids
        then count on from the highest copied. All of it is one transaction
        on each side: the target gets everything or nothing.
        """
        missing = set(self.db.tables()) ^ set(TABLES)
        if missing:
            raise ValueError(f"tables not in TABLES: {', '.join(sorted(missing))}")
        copied = []
        with self.transaction(), target.transaction():
            used = [table for table in TABLES
                    if target.db.value(f"SELECT count(*) FROM {table}")]
            if used:
                raise TargetNotEmptyError(used)
            for table in TABLES:
                columns = self.db.columns(table)
                rows = self.db.execute(f"SELECT * FROM {table}")
                count = 0
                while chunk := rows.fetchmany(batch):
                    target.db.insert_many(table, columns, chunk)
                    count += len(chunk)
                target.db.restart_ids(table)
                copied.append((table, count))
        return copied

    # -- turns -------------------------------------------------------------

    def first_sight(self, event_key: str, now: datetime) -> bool:
        """Record an event id; False when it was seen before (a platform retry)."""
        return self.db.insert_new("seen", {"id": event_key, "at": _iso(now)})

    def prune_seen(self, before: datetime) -> None:
        self.db.execute("DELETE FROM seen WHERE at < ?", [_iso(before)])

    def load(self, key: str) -> Conversation | None:
        """The person's conversation, held (PostgreSQL) until the transaction ends, so
        a turn for them elsewhere waits for this one rather than running beside it."""
        self.db.lock(key)
        row = self.db.execute(
            'SELECT key, platform, workspace, "user", step, data, history, version, timezone,'
            " created_at FROM conversations WHERE key = ?",
            [key],
        ).fetchone()
        if row is None:
            return None
        return Conversation(
            key=row[0], platform=row[1], workspace=row[2], user=row[3], step=row[4],
            data=json.loads(row[5]), history=json.loads(row[6]), version=row[7],
            timezone=row[8], created_at=row[9],
        )

    def save(self, conv: Conversation, now: datetime, *, activity: bool = True) -> None:
        """Upsert by hand: this runs on every turn, one statement kept as plain as can be.

        `activity` False saves without counting as the person's activity (a delivery
        updating what is on their screen), so retention still sees them as quiet.
        """
        conv.version += 1
        if not activity and conv.key:
            stamp = self.db.value("SELECT updated_at FROM conversations WHERE key = ?",
                                  [conv.key])
            if stamp:
                now = datetime.fromisoformat(stamp)
        self.db.execute(
            'INSERT INTO conversations (key, platform, workspace, "user", step, data, history,'
            " version, timezone, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (key) DO UPDATE SET step = excluded.step, data = excluded.data,"
            " history = excluded.history, version = excluded.version,"
            " timezone = excluded.timezone, updated_at = excluded.updated_at",
            [conv.key, conv.platform, conv.workspace, conv.user, conv.step,
             json.dumps(conv.data), json.dumps(conv.history), conv.version, conv.timezone,
             conv.created_at or _iso(now), _iso(now)],
        )

    # -- plan --------------------------------------------------------------

    def add_action(self, key: str, title: str, kind: str, due: str, now: datetime,
                   entry_id: int | None = None) -> int:
        return self.db.insert(
            "actions",
            {"key": key, "title": title, "kind": kind, "due": due, "status": "open",
             "created_at": _iso(now), "done_at": None, "entry_id": entry_id},
        )

    def actions(self, key: str) -> list[Action]:
        return [of(Action, row) for row in self.db.query(
            "SELECT * FROM actions WHERE key = ? ORDER BY status = 'done', due, id", [key]
        )]

    def action(self, key: str, action_id: int) -> Action | None:
        return _one(Action, self.db.one("SELECT * FROM actions WHERE key = ? AND id = ?",
                                        [key, action_id]))

    def update_action(self, action_id: int, **changes: Any) -> None:
        self.db.update("actions", {"id": action_id}, changes)

    # -- the journey log (entries) -------------------------------------------

    def add_entry(self, key: str, entry: dict[str, Any], now: datetime) -> int:
        """A new entry in their journey; `entry` holds the columns of `_v8` they know."""
        return self.db.insert("entries", {**entry, "key": key, "created_at": _iso(now),
                                          "updated_at": _iso(now)})

    def update_entry(self, key: str, entry_id: int, changes: dict[str, Any],
                     now: datetime) -> bool:
        """Change their entry; False if it is gone (forgotten, or not theirs)."""
        if self.db.one("SELECT id FROM entries WHERE key = ? AND id = ?", [key, entry_id]) is None:
            return False
        self.db.update("entries", {"id": entry_id}, {**changes, "updated_at": _iso(now)})
        return True

    def entries(self, key: str) -> list[JourneyEntry]:
        """Their entries, oldest first."""
        return [of(JourneyEntry, row) for row in
                self.db.query("SELECT * FROM entries WHERE key = ? ORDER BY day, id", [key])]

    # -- scheduled messages ------------------------------------------------

    def schedule(self, kind: str, due_at: datetime, *, platform: str, workspace: str,
                 key: str | None = None, user: str | None = None, channel: str | None = None,
                 group_id: int | None = None, ref: int | None = None,
                 payload: dict[str, Any] | None = None) -> None:
        """Queue a message for `user`'s DMs or for `channel`; `due()` hands it out."""
        self.db.insert(
            "scheduled",
            {"key": key, "kind": kind, "ref": ref, "due_at": _iso(due_at),
             "payload": json.dumps(payload or {}), "lease_until": None, "sent_at": None,
             "platform": platform, "workspace": workspace, "user": user, "channel": channel,
             "group_id": group_id, "posted_ref": None},
        )

    def cancel(self, kind: str, *, key: str | None = None, ref: int | None = None,
               group_id: int | None = None) -> None:
        """Drop unsent rows of `kind` for a person (and item) or a group."""
        if group_id is not None:
            self.db.execute(
                "DELETE FROM scheduled WHERE kind = ? AND group_id = ? AND sent_at IS NULL",
                [kind, group_id],
            )
        elif ref is not None:
            self.db.execute(
                "DELETE FROM scheduled WHERE kind = ? AND key = ? AND ref = ? AND sent_at IS NULL",
                [kind, key, ref],
            )
        else:
            self.db.execute(
                "DELETE FROM scheduled WHERE kind = ? AND key = ? AND sent_at IS NULL",
                [kind, key],
            )

    def pending(self, kind: str, *, key: str | None = None,
                group_id: int | None = None) -> bool:
        column, value = ("group_id", group_id) if group_id is not None else ("key", key)
        return self.db.value(
            f"SELECT 1 FROM scheduled WHERE kind = ? AND {column} = ? AND sent_at IS NULL",
            [kind, value],
        ) is not None

    def lease_due(self, now: datetime, until: datetime, limit: int, *,
                  platform: str | None = None, user: str | None = None,
                  channel: str | None = None) -> list[Scheduled]:
        """Claim unsent messages that are due and not leased by anyone else.

        Inside the caller's transaction: SQLite's write lock, or PostgreSQL's
        row locks (rows another process holds are passed over), so two
        processes never claim the same row; an expired lease (a crash before
        sending) makes the row claimable again.
        """
        where, params = ["sent_at IS NULL", "due_at <= ?",
                         "(lease_until IS NULL OR lease_until <= ?)"], [_iso(now), _iso(now)]
        if platform is not None:
            where.append("platform = ?")
            params.append(platform)
        if user is not None or channel is not None:
            same = self.db.dialect.same
            where.append(f"({same(USER)} OR (channel IS NOT NULL AND {same('channel')}))")
            params += [user, channel]
        rows = self.db.query(
            f"SELECT * FROM scheduled WHERE {' AND '.join(where)} ORDER BY due_at, id LIMIT ?"
            + self.db.dialect.skip_locked,
            [*params, limit],
        )
        for row in rows:
            self.db.execute(
                "UPDATE scheduled SET lease_until = ? WHERE id = ?", [_iso(until), row["id"]]
            )
        return [of(Scheduled, row, payload=json.loads(row["payload"] or "{}"),
                   lease_until=_iso(until)) for row in rows]

    def mark_sent(self, scheduled_id: int, now: datetime, posted_ref: str | None) -> None:
        """Sent; a person's note is not kept once delivered (it was only held to deliver it)."""
        self.db.execute(
            "UPDATE scheduled SET sent_at = ?, posted_ref = coalesce(?, posted_ref),"
            " payload = CASE WHEN kind = 'message' THEN '{}' ELSE payload END WHERE id = ?",
            [_iso(now), posted_ref, scheduled_id],
        )

    def last_posted(self, kind: str, group_id: int) -> str | None:
        """The platform's id for the latest sent `kind` post in a group (to thread under)."""
        found: str | None = self.db.value(
            "SELECT posted_ref FROM scheduled WHERE kind = ? AND group_id = ?"
            " AND sent_at IS NOT NULL ORDER BY due_at DESC, id DESC LIMIT 1",
            [kind, group_id],
        )
        return found

    # -- inbox ---------------------------------------------------------------

    def add_inbound(self, key: str, event: str, meta: str, now: datetime) -> int:
        return self.db.insert("inbox", {"key": key, "event": event, "meta": meta,
                                        "received_at": _iso(now)})

    def claim_inbound(self, now: datetime, until: datetime) -> Claimed | None:
        """Lease the oldest inbox row that heads its conversation and nobody holds.

        Only a conversation's first row can be taken, and not while it is
        leased, so one person's events run one at a time and in order, in
        this process or any other on the database.
        """
        row = self.db.one(
            "SELECT id, key, event, meta FROM inbox i"
            " WHERE i.id = (SELECT min(id) FROM inbox j WHERE j.key = i.key)"
            " AND (i.lease_until IS NULL OR i.lease_until <= ?) ORDER BY i.id LIMIT 1"
            + self.db.dialect.skip_locked,
            [_iso(now)],
        )
        if row is not None:
            self.db.execute("UPDATE inbox SET lease_until = ? WHERE id = ?",
                            [_iso(until), row["id"]])
        return _one(Claimed, row)

    def drop_inbound(self, inbound_id: int) -> bool:
        """Delete a row as its turn commits; False if another worker already answered it."""
        return self.db.changed("DELETE FROM inbox WHERE id = ?", [inbound_id]) == 1

    # -- outbox --------------------------------------------------------------

    def add_outbound(self, row: dict[str, Any]) -> None:
        """Queue one reply; `row["created_at"]` is a datetime."""
        created = _iso(row["created_at"])
        self.db.execute(
            'INSERT INTO outbox (lane, key, platform, workspace, "user", channel, reply, meta,'
            " scheduled_id, created_at, next_at, attempts)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
            [row["lane"], row["key"], row["platform"], row["workspace"], row["user"],
             row["channel"], row["reply"], row["meta"], row["scheduled_id"], created, created],
        )

    def claim_outbound(self, now: datetime, until: datetime, limit: int, *,
                       platform: str | None = None, lane: str | None = None,
                       user: str | None = None, channel: str | None = None
                       ) -> list[Queued]:
        """Lease the first unsent row of up to `limit` lanes that nobody holds.

        A lane's later rows wait behind its first (held, or backing off after
        a failure), so replies reach each person in the order they were said.
        """
        where, params = ["o.done_at IS NULL"], [_iso(now), _iso(now)]
        for column, value in (("platform", platform), ("lane", lane)):
            if value is not None:
                where.append(f"o.{column} = ?")
                params.append(value)
        if user is not None or channel is not None:
            same = self.db.dialect.same
            where.append(f"({same('o.' + USER)}"
                         f" OR (o.channel IS NOT NULL AND {same('o.channel')}))")
            params += [user, channel]
        rows = self.db.query(
            "SELECT o.* FROM outbox o WHERE o.id = (SELECT min(id) FROM outbox p"
            " WHERE p.lane = o.lane AND p.done_at IS NULL)"
            " AND (o.lease_until IS NULL OR o.lease_until <= ?) AND o.next_at <= ?"
            f" AND {' AND '.join(where)} ORDER BY o.id LIMIT ?" + self.db.dialect.skip_locked,
            [*params, limit],
        )
        for row in rows:
            self.db.execute("UPDATE outbox SET lease_until = ? WHERE id = ?",
                            [_iso(until), row["id"]])
        return [of(Queued, row) for row in rows]

    def outbound_done(self, outbound_id: int, now: datetime, posted_ref: str | None,
                      failed: str | None = None) -> None:
        """Sent (or given up on, with why): the words are not kept once delivered.

        The platform's id for the first post of a scheduled row goes back to
        that row, so later posts (a week's digest) can thread under it.
        """
        self.db.execute(
            "UPDATE outbox SET done_at = ?, failed = ?, reply = '{}', meta = '{}',"
            " lease_until = NULL WHERE id = ?",
            [_iso(now), failed, outbound_id],
        )
        if posted_ref is not None:
            self.db.execute(
                "UPDATE scheduled SET posted_ref = coalesce(posted_ref, ?) WHERE id ="
                " (SELECT scheduled_id FROM outbox WHERE id = ?)",
                [posted_ref, outbound_id],
            )

    def outbound_later(self, outbound_id: int, at: datetime) -> None:
        """A transient failure: free the row and hold its lane until `at`."""
        self.db.execute(
            "UPDATE outbox SET lease_until = NULL, next_at = ?, attempts = attempts + 1"
            " WHERE id = ?",
            [_iso(at), outbound_id],
        )

    def backlog(self) -> dict[str, int]:
        """Rows waiting in the inbox and unsent in the outbox (the partial index counts these)."""
        inbox = self.db.value("SELECT count(*) FROM inbox")
        outbox = self.db.value("SELECT count(*) FROM outbox WHERE done_at IS NULL")
        return {"inbox": int(inbox), "outbox": int(outbox)}

    def prune_outbound(self, before: datetime) -> None:
        self.db.execute("DELETE FROM outbox WHERE done_at < ?", [_iso(before)])

    # -- peer groups ---------------------------------------------------------

    def group(self, group_id: int) -> Group | None:
        return _one(Group, self.db.one("SELECT * FROM groups WHERE id = ?", [group_id]))

    def group_in(self, platform: str, workspace: str, channel: str) -> Group | None:
        return _one(Group, self.db.one(
            "SELECT * FROM groups WHERE platform = ? AND workspace = ? AND channel = ?",
            [platform, workspace, channel],
        ))

    def add_group(self, group: dict[str, Any]) -> int:
        return self.db.insert("groups", group)

    def update_group(self, group_id: int, **changes: Any) -> None:
        self.db.update("groups", {"id": group_id}, changes)

    def members(self, group_id: int) -> list[Member]:
        return [of(Member, row) for row in self.db.query(
            'SELECT * FROM members WHERE group_id = ? ORDER BY joined_at, "user"', [group_id]
        )]

    def member(self, group_id: int, user: str) -> Member | None:
        return _one(Member, self.db.one(
            'SELECT * FROM members WHERE group_id = ? AND "user" = ?', [group_id, user]
        ))

    def memberships(self, key: str) -> list[Group]:
        return [of(Group, row) for row in self.db.query(
            "SELECT g.* FROM groups g JOIN members m ON m.group_id = g.id WHERE m.key = ?"
            " ORDER BY g.name", [key]
        )]

    def join(self, group_id: int, user: str, key: str, name: str, now: datetime) -> None:
        self.db.upsert(
            "members",
            {"group_id": group_id, "user": user, "key": key, "name": name,
             "joined_at": _iso(now), "no_pairing": 0},
            pk=("group_id", "user"),
        )

    def leave(self, group_id: int, user: str) -> None:
        self.db.execute('DELETE FROM members WHERE group_id = ? AND "user" = ?', [group_id, user])

    def set_member(self, group_id: int, user: str, **changes: Any) -> None:
        self.db.update("members", {"group_id": group_id, "user": user}, changes)

    def add_checkin(self, row: dict[str, Any]) -> int:
        return self.db.insert(
            "checkins", {**row, "shared": json.dumps(row.get("shared", [])), "digested": 0})

    def undigested(self, group_id: int) -> list[Checkin]:
        return [_checkin(row) for row in self.db.query(
            "SELECT * FROM checkins WHERE group_id = ? AND digested = 0 ORDER BY created_at, id",
            [group_id],
        )]

    def mark_digested(self, ids: list[int]) -> None:
        for ident in ids:
            self.db.execute("UPDATE checkins SET digested = 1 WHERE id = ?", [ident])

    def checkin(self, ident: int) -> Checkin | None:
        row = self.db.one("SELECT * FROM checkins WHERE id = ?", [ident])
        return _checkin(row) if row else None

    def add_rough(self, row: dict[str, Any]) -> int:
        return self.db.insert("roughs", row)

    def rough(self, ident: int) -> Rough | None:
        return _one(Rough, self.db.one("SELECT * FROM roughs WHERE id = ?", [ident]))

    def recent_pairs(self, group_id: int, since_week: str) -> set[frozenset[str]]:
        rows = self.db.execute(
            "SELECT a_key, b_key FROM pairs WHERE group_id = ? AND week >= ?",
            [group_id, since_week],
        ).fetchall()
        return {frozenset(row) for row in rows}

    def add_pair(self, group_id: int, week: str, a_key: str, b_key: str) -> None:
        self.db.insert_new("pairs", {"group_id": group_id, "week": week, "a_key": a_key,
                                     "b_key": b_key})

    def mute(self, key: str, sender: str) -> None:
        self.db.insert_new("mutes", {"key": key, "sender": sender})

    def muted(self, key: str, sender: str) -> bool:
        return self.db.value(
            "SELECT 1 FROM mutes WHERE key = ? AND sender = ?", [key, sender]
        ) is not None

    # -- anonymous tallies ---------------------------------------------------

    def tally(self, day: str, metric: str, value: str) -> None:
        """Count one occurrence of `metric` = `value` on `day`: never who, never their words."""
        self.db.execute(
            "INSERT INTO tallies (day, metric, value, count) VALUES (?, ?, ?, 1)"
            " ON CONFLICT (day, metric, value) DO UPDATE SET count = tallies.count + 1",
            [day, metric, value],
        )

    def tallies(self, metric: str) -> list[Tally]:
        """Every count of `metric`, by day and value, oldest day first."""
        return [of(Tally, row) for row in self.db.query(
            "SELECT * FROM tallies WHERE metric = ? ORDER BY day, value",
            [metric],
        )]

    # -- safety plan -----------------------------------------------------------

    def safety_plan(self, key: str) -> dict[str, Any]:
        """The person's own safety plan (step id -> their words); empty when they have none."""
        plan = self.db.value("SELECT plan FROM safety_plans WHERE key = ?", [key])
        return json.loads(plan) if plan else {}

    def save_safety_plan(self, key: str, plan: dict[str, Any], now: datetime) -> None:
        self.db.upsert("safety_plans", {"key": key, "plan": json.dumps(plan),
                                        "updated_at": _iso(now)}, pk=("key",))

    # -- privacy -------------------------------------------------------------

    PERSONAL_TABLES = ("conversations", "entries", "actions", "scheduled", "members", "checkins",
                       "roughs", "mutes", "safety_plans", "outbox")

    def export(self, key: str) -> dict[str, Any]:
        """Every row about this person, with JSON columns decoded."""
        out: dict[str, Any] = {}
        for table in self.PERSONAL_TABLES:
            rows = self.db.query(f"SELECT * FROM {table} WHERE key = ?", [key])
            for row in rows:
                for column in ("data", "history", "payload", "plan", "reply", "meta"):
                    if isinstance(row.get(column), str):
                        row[column] = json.loads(row[column])
            out[table] = rows
        out["pairs"] = self.db.query("SELECT * FROM pairs WHERE a_key = ? OR b_key = ?",
                                     [key, key])
        return out

    def scrub(self) -> bool:
        """SQLite: fold the WAL into the database and empty it; False if a reader held it back.

        With secure_delete the zeroed pages replace the deleted ones, but the old
        versions of those pages still sit in the WAL until a checkpoint; TRUNCATE
        also cuts the file to nothing, so no stale copy stays on disk. It has to
        run outside a transaction, after the forget has committed. PostgreSQL
        reclaims deleted rows itself (autovacuum): nothing to do here.
        """
        return self.db.checkpoint()

    def forget(self, key: str) -> None:
        for table in self.PERSONAL_TABLES:
            self.db.execute(f"DELETE FROM {table} WHERE key = ?", [key])
        self.db.execute("DELETE FROM pairs WHERE a_key = ? OR b_key = ?", [key, key])

    # -- workspace and server settings --------------------------------------------

    def place_settings(self, platform: str, place: str) -> PlaceSettings | None:
        return _one(PlaceSettings, self.db.one(
            "SELECT * FROM place_settings WHERE platform = ? AND place = ?", [platform, place]))

    def save_place_settings(self, platform: str, place: str, settings: dict[str, Any],
                            now: datetime) -> None:
        """No admin's id is kept: settings belong to the place, not to a person."""
        self.db.upsert(
            "place_settings",
            {"platform": platform, "place": place, **settings, "updated_at": _iso(now)},
            pk=("platform", "place"))

    def shorter_retention(self, platform_days: int) -> list[PlaceSettings]:
        """Places whose admins keep words for fewer days than the operator does."""
        return [of(PlaceSettings, row) for row in self.db.query(
            "SELECT * FROM place_settings WHERE retain_days IS NOT NULL AND retain_days < ?",
            [platform_days])]

    # -- retention -------------------------------------------------------------

    def idle(self, before: datetime, limit: int,
             place: tuple[str, str] | None = None) -> list[Conversation]:
        """Conversations whose last turn was before `before`, not purged since then.

        One with a message waiting in the inbox is active, whatever its last turn.
        `place` (platform, workspace or server) narrows it to the people of one
        workspace, or on Discord those who last used the bot from that server.
        """
        where = ""
        args: list[Any] = [_iso(before)]
        if place:
            where = (" AND platform = ? AND (workspace = ?"
                     f" OR {self.db.dialect.json_text('data', 'server')} = ?)")
            args += [place[0], place[1], place[1]]
        keys = [row[0] for row in self.db.execute(
            "SELECT key FROM conversations c WHERE updated_at < ?"
            " AND (purged_at IS NULL OR purged_at < updated_at)"
            " AND NOT EXISTS (SELECT 1 FROM inbox i WHERE i.key = c.key)"
            + where + " ORDER BY updated_at LIMIT ?",
            [*args, limit],
        ).fetchall()]
        return [conv for key in keys if (conv := self.load(key)) is not None]

    def purge_words(self, conv: Conversation, now: datetime) -> None:
        """Keep `conv` as given (the caller has emptied it) and drop every other word of theirs.

        The plan (actions, their reminders) and the tallies stay; check-ins keep
        their row and mood, not what was written; a safety plan, notes waiting
        for them and replies never delivered go. `updated_at` is left alone: a
        purge is not activity.
        """
        self.db.execute(
            "UPDATE conversations SET step = ?, data = ?, history = ?, purged_at = ?"
            " WHERE key = ?",
            [conv.step, json.dumps(conv.data), json.dumps(conv.history), _iso(now), conv.key],
        )
        self.db.execute(
            "UPDATE checkins SET win = NULL, next = NULL, hand = NULL, shared = '[]'"
            " WHERE key = ?", [conv.key])
        self.db.execute("DELETE FROM safety_plans WHERE key = ?", [conv.key])
        self.db.execute("UPDATE entries SET company = NULL, role = NULL WHERE key = ?",
                        [conv.key])
        self.db.execute("UPDATE scheduled SET payload = '{}' WHERE key = ? AND kind = 'message'",
                        [conv.key])
        self.db.execute("DELETE FROM outbox WHERE key = ? AND done_at IS NULL", [conv.key])

    # -- leaving a workspace or server -------------------------------------------

    def drop_group(self, group_id: int) -> None:
        """A group removed by its creator or an admin, with everything said in it."""
        self._drop_groups([group_id])

    def _drop_groups(self, group_ids: list[int]) -> None:
        for gid in group_ids:
            for table in ("members", "checkins", "roughs", "pairs", "scheduled"):
                self.db.execute(f"DELETE FROM {table} WHERE group_id = ?", [gid])
            self.db.execute("DELETE FROM groups WHERE id = ?", [gid])

    def drop_channels(self, platform: str, workspace: str, channels: list[str]) -> int:
        """Delete the groups in `channels` with everything said in them; how many groups."""
        if not channels:
            return 0
        among = f"channel IN ({', '.join('?' for _ in channels)})"
        ids = [row[0] for row in self.db.execute(
            f"SELECT id FROM groups WHERE platform = ? AND workspace = ? AND {among}",
            [platform, workspace, *channels],
        ).fetchall()]
        self._drop_groups(ids)
        self.db.execute(f"DELETE FROM outbox WHERE platform = ? AND workspace = ? AND {among}",
                        [platform, workspace, *channels])
        return len(ids)

    def drop_workspace(self, platform: str, workspace: str) -> int:
        """Delete everything from one workspace: its groups, its people and all they said.

        Every key of a person there starts with the workspace's own prefix
        (see `conversation_key`); how many people's rows went.
        """
        ids = [row[0] for row in self.db.execute(
            "SELECT id FROM groups WHERE platform = ? AND workspace = ?", [platform, workspace]
        ).fetchall()]
        self._drop_groups(ids)
        prefix = conversation_key(platform, workspace, "")
        people = self.db.value(
            "SELECT count(*) FROM conversations WHERE substr(key, 1, ?) = ?",
            [len(prefix), prefix])
        for table in (*self.PERSONAL_TABLES, "inbox"):
            self.db.execute(f"DELETE FROM {table} WHERE substr(key, 1, ?) = ?",
                            [len(prefix), prefix])
        self.db.execute(
            "DELETE FROM pairs WHERE substr(a_key, 1, ?) = ? OR substr(b_key, 1, ?) = ?",
            [len(prefix), prefix, len(prefix), prefix])
        for table in ("scheduled", "outbox"):
            self.db.execute(f"DELETE FROM {table} WHERE platform = ? AND workspace = ?",
                            [platform, workspace])
        self.drop_place_settings(platform, workspace)
        self.delete_installation(platform, workspace)
        return int(people)

    def drop_place_settings(self, platform: str, place: str) -> None:
        self.db.execute("DELETE FROM place_settings WHERE platform = ? AND place = ?",
                        [platform, place])

    # -- installations and OAuth states (Slack for many workspaces) ----------------
    # Plain SQL that SQLite and PostgreSQL both run. Rows here belong to a
    # workspace, never a person, so `export` and `forget` never touch them;
    # `drop_workspace` deletes a workspace's installation with its people.

    def save_installation(self, platform: str, workspace: str, data: str,
                          now: datetime) -> None:
        """Keep the latest installation per workspace: a reinstall replaces the old token."""
        self.db.execute(
            "INSERT INTO installations (platform, workspace, data, installed_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (platform, workspace)"
            " DO UPDATE SET data = excluded.data, installed_at = excluded.installed_at",
            [platform, workspace, data, _iso(now)])

    def find_installation(self, platform: str, workspace: str) -> str | None:
        row = self.db.execute(
            "SELECT data FROM installations WHERE platform = ? AND workspace = ?",
            [platform, workspace]).fetchone()
        return row[0] if row else None

    def delete_installation(self, platform: str, workspace: str) -> None:
        self.db.execute("DELETE FROM installations WHERE platform = ? AND workspace = ?",
                        [platform, workspace])

    def issue_oauth_state(self, state: str, now: datetime, expires_at: datetime) -> None:
        """Store a new state; states that have run out by `now` go at the same time."""
        self.db.execute("DELETE FROM oauth_states WHERE expires_at <= ?", [_iso(now)])
        self.db.execute("INSERT INTO oauth_states (state, expires_at) VALUES (?, ?)",
                        [state, _iso(expires_at)])

    def consume_oauth_state(self, state: str, now: datetime) -> bool:
        """True once for a state issued and not yet run out; it is gone either way."""
        fresh = self.db.execute("DELETE FROM oauth_states WHERE state = ? AND expires_at > ?",
                                [state, _iso(now)]).rowcount == 1
        self.db.execute("DELETE FROM oauth_states WHERE state = ?", [state])
        return fresh


def _one(kind: type[T], row: Row | None) -> T | None:
    return of(kind, row) if row is not None else None


def _checkin(row: Row) -> Checkin:
    return of(Checkin, row, shared=json.loads(row["shared"] or "[]"))

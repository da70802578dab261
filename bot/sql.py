"""The one small SQL layer under `bot.store`: the same calls on SQLite and on PostgreSQL.

`Database(location)` picks the backend from where the data lives: a
`postgresql://…` (or `postgres://…`) address is PostgreSQL, anything else
a SQLite file (a plain path, `sqlite:///path`, or `:memory:` for scratch).
`bot.store` writes each statement once, in what both speak: `?` for
values, double quotes around names (`"user"` is a keyword in PostgreSQL),
`ON CONFLICT` for upserts. The few places where they differ are asked of
`Database.dialect` (`skip_locked`, `same`, `json_text`).

How several writers share the data:
- SQLite has one writer at a time. A transaction takes the write lock up
  front (`BEGIN IMMEDIATE`); threads of this process queue at `_WriteGate`,
  urgent ones first, and `grouped` folds what they write at the same moment
  into one commit. Other processes on the file wait on the busy timeout.
- PostgreSQL has many, in many processes on many hosts. Each thread has its
  own connection and `grouped` is an ordinary transaction; `lock` holds a
  name (a conversation) until the transaction ends, and work is claimed
  with `FOR UPDATE SKIP LOCKED` (`Dialect.skip_locked`), so two workers
  never take the same row and neither waits for the other.

Schema migrations are numbered: migration N is the N-th function in the list
given to `Database.migrate`, applied once, in order, at start, in one
transaction (on PostgreSQL also under a lock, so processes starting together
apply each once). SQLite keeps the number in `PRAGMA user_version`,
PostgreSQL in the table `rebound_schema` (one row per migration applied).

To add a migration, append a function to `MIGRATIONS` in `bot/store.py`;
it gets a `Schema`, whose calls mirror sqlite-utils' (from which the older
migrations were ported) and write each backend's own DDL:

    def _v9(schema: Schema) -> None:
        \"\"\"Why the change: what it lets the bot do.\"\"\"
        schema.create("notes", {"id": int, "key": str, "text": str, "created_at": str},
                      pk="id")
        schema.index("notes", ["key"])
        schema.add_column("groups", "paused", int)
        schema.execute("UPDATE groups SET paused = 0")

A new table also goes into `TABLES` there, after the tables its rows point
to (`rebound migrate` copies in that order, and refuses a table it doesn't
know). Types are `str`, `int` and `float`; an `int` primary key named `id` counts
up by itself on both (`Database.insert` returns it). Times are ISO text in
UTC and JSON is text, on both. A data change reads with `schema.query` and
writes with `schema.execute`, `schema.update` or `schema.insert`, in SQL both
speak (`?` for values, `"user"` quoted). Porting one written for sqlite-utils:
`db["t"].create(columns, pk=…)` is `schema.create("t", columns, pk=…)`,
`db["t"].add_column(c, str)` is `schema.add_column("t", c, str)`,
`db["t"].create_index([c])` is `schema.index("t", [c])`,
`db["t"].update(pk, changes)` is `schema.update("t", {"id": pk}, changes)`,
`db.execute` / `db.query` are `schema.execute` / `schema.query`. Never edit
a migration that has shipped: databases out there already ran it; add the
next one instead.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar

BUSY_TIMEOUT_MS = 10_000
GROUP_MAX = 64
"""Most pieces of work one group commit carries (see `Database.grouped`)."""
GROUP_TURNS = 8
"""Most turns (and claims, sent marks) in one: a group holds the write lock for all of them."""
POSTGRES_SCHEMES = ("postgresql://", "postgres://")
SQLITE_SCHEME = "sqlite:///"
MIGRATION_LOCK = 0x7265626F756E64
"""The advisory lock processes starting together take to migrate one at a time."""
IDLE_CONNECTIONS = 8
"""Connections of threads that ended, kept for the next new thread (the rest are closed)."""

_NAME = re.compile(r"[a-z_][a-z0-9_]*")

T = TypeVar("T")
Row = dict[str, Any]


def is_postgres(location: str) -> bool:
    return location.startswith(POSTGRES_SCHEMES)


def sqlite_path(location: str) -> str | None:
    """The file a location names, or None for PostgreSQL (there is no file to look at)."""
    if is_postgres(location):
        return None
    return location.removeprefix(SQLITE_SCHEME)


def name(text: str) -> str:
    """A table or column name, quoted; only names the code itself wrote get this far."""
    if not _NAME.fullmatch(text):
        raise ValueError(f"not a plain SQL name: {text!r}")
    return f'"{text}"'


@dataclass(frozen=True)
class Dialect:
    """What differs between the two, each written once."""

    postgres: bool
    text: str
    integer: str
    real: str
    counter: str
    """An integer primary key that counts up on its own (ids may still be given)."""

    @property
    def skip_locked(self) -> str:
        """After a SELECT of rows to claim: PostgreSQL locks them and passes over rows
        another worker holds; SQLite's write lock already keeps every other writer out."""
        return " FOR UPDATE SKIP LOCKED" if self.postgres else ""

    def same(self, column: str) -> str:
        """`column` equals the value, NULL equal to NULL."""
        return f"{column} IS NOT DISTINCT FROM ?" if self.postgres else f"{column} IS ?"

    def json_text(self, column: str, key: str) -> str:
        """The text at `key` of the JSON object held as text in `column`."""
        if not _NAME.fullmatch(key):
            raise ValueError(f"not a plain JSON key: {key!r}")
        if self.postgres:
            return f"({column}::json ->> '{key}')"
        return f"json_extract({column}, '$.{key}')"

    def type_of(self, kind: type) -> str:
        return {str: self.text, int: self.integer, float: self.real}[kind]


SQLITE = Dialect(postgres=False, text="TEXT", integer="INTEGER", real="FLOAT",
                 counter="INTEGER PRIMARY KEY")
POSTGRES = Dialect(postgres=True, text='text COLLATE "C"', integer="bigint",
                   real="double precision",
                   counter="bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")
"""Text compares byte by byte (COLLATE "C"), as in SQLite: stored ISO times order as
times, and nothing sorts differently with the server's locale."""


class _WriteGate:
    """SQLite's one write lock, mirrored in the process, with urgent transactions first.

    SQLite lets one transaction write at a time whatever we do; threads
    that wait on it inside SQLite poll with growing sleeps, so under load an
    ack could sleep behind turns for hundreds of milliseconds. Waiting here
    instead wakes the next thread at once, and lets the short transaction
    that stands between a request and its ack (`urgent`) go before turns.
    Other processes on the file still queue on SQLite's busy timeout.
    """

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._busy = False
        self._urgent = 0

    @contextmanager
    def held(self, urgent: bool) -> Iterator[None]:
        with self._changed:
            self._urgent += urgent
            while self._busy or (self._urgent and not urgent):
                self._changed.wait()
            self._urgent -= urgent
            self._busy = True
        try:
            yield
        finally:
            with self._changed:
                self._busy = False
                self._changed.notify_all()


@dataclass
class _Work:
    """One thread's piece of a group commit, and how it went."""

    run: Callable[[], Any]
    done: bool = False
    result: Any = None
    error: BaseException | None = None


@dataclass
class _Queue:
    """Pieces waiting for a group commit; `leading` while one thread runs a group."""

    size: int
    waiting: list[_Work] = field(default_factory=list)
    leading: bool = False
    changed: threading.Condition = field(default_factory=threading.Condition)


class _Held:
    """A thread's hold on a connection: when the thread ends, the connection goes back."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn


class Database:
    """One database, SQLite or PostgreSQL, for every thread of a process.

    Each thread has its own connection, so what a thread does outside a
    transaction (looking someone up, sending) runs side by side with the
    others; a thread that ends hands its connection on to the next new one.
    An in-memory SQLite database cannot be shared between connections, so
    it keeps one.
    """

    def __init__(self, location: str) -> None:
        self.location = location
        self.dialect = POSTGRES if is_postgres(location) else SQLITE
        self.errors: tuple[type[Exception], ...] = (sqlite3.Error,)
        if self.dialect.postgres:
            self._psycopg = _psycopg()
            self.errors += (self._psycopg.Error,)
            self._gate = None
        else:
            self._path = sqlite_path(location) or ":memory:"
            self._gate = _WriteGate()
        self._shared = not self.dialect.postgres and self._path == ":memory:"
        self._local = threading.local()
        self._opening = threading.Lock()
        self._connections: list[Any] = []
        self._idle: list[Any] = []
        self._urgent, self._turns = _Queue(GROUP_MAX), _Queue(GROUP_TURNS)
        if not self.dialect.postgres and not self._shared:
            self.conn.execute("PRAGMA journal_mode=WAL")

    # -- connections ---------------------------------------------------------

    @property
    def conn(self) -> Any:
        """This thread's connection (opened on first use)."""
        held: _Held | None = getattr(self._local, "held", None)
        if held is None:
            held = _Held(self._take())
            weakref.finalize(held, self._give_back, held.conn).atexit = False
            self._local.held = held
        return held.conn

    def _take(self) -> Any:
        with self._opening:
            if self._shared and self._connections:
                return self._connections[0]
            if self._idle:
                return self._idle.pop()
        conn = self._connect()
        with self._opening:
            self._connections.append(conn)
        return conn

    def _give_back(self, conn: Any) -> None:
        with self._opening:
            if conn not in self._connections or self._shared:
                return
            if len(self._idle) < IDLE_CONNECTIONS and not _broken(conn):
                self._idle.append(conn)
                return
            self._connections.remove(conn)
        _close(conn)

    def _connect(self) -> Any:
        if self.dialect.postgres:
            return self._psycopg.connect(self.location, autocommit=True,
                                         application_name="rebound", connect_timeout=10)
        conn = sqlite3.connect(self._path, timeout=BUSY_TIMEOUT_MS / 1000,
                               check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # FULL: a turn the person was told about survives a power cut, not just a crash.
        conn.execute("PRAGMA synchronous=FULL")
        # Deleted rows are overwritten with zeros, not just unlinked: "forget me" means
        # the words can't be read back out of the file (some builds default to this).
        conn.execute("PRAGMA secure_delete=ON")
        return conn

    def _forget_broken(self) -> bool:
        """After a failure: a connection the server dropped is replaced on next use
        (whether it was one)."""
        held: _Held | None = getattr(self._local, "held", None)
        if held is not None and self.dialect.postgres and _broken(held.conn):
            self._local.held = None
            return True
        return False

    def close(self) -> None:
        with self._opening:
            connections, self._connections, self._idle = self._connections, [], []
        for conn in connections:
            _close(conn)

    # -- statements ----------------------------------------------------------

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Run one statement on this thread's connection; the cursor (rowcount, rows).

        A PostgreSQL connection found dead between transactions (the server
        restarted, a proxy dropped it) is replaced and the statement sent again
        on the new one: nothing had been done on the old one yet.
        """
        if not self.dialect.postgres:
            return self.conn.execute(sql, params)
        conn, values = self.conn, [_pg_value(p) for p in params]
        between = conn.info.transaction_status == self._psycopg.pq.TransactionStatus.IDLE
        try:
            return conn.execute(_pg_sql(sql), values)
        except self._psycopg.OperationalError:
            if not (self._forget_broken() and between):
                raise
        return self.conn.execute(_pg_sql(sql), values)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        cursor = self.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def value(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first column of the first row, or None when there is no row."""
        row = self.execute(sql, params).fetchone()
        return row[0] if row else None

    def changed(self, sql: str, params: Sequence[Any] = ()) -> int:
        """How many rows a write touched."""
        return int(self.execute(sql, params).rowcount)

    def insert(self, table: str, row: Mapping[str, Any]) -> int:
        """Add a row and return its new `id`."""
        sql = _insert(table, row)
        if self.dialect.postgres:
            return int(self.value(sql + " RETURNING id", list(row.values())))
        return int(self.execute(sql, list(row.values())).lastrowid)

    def insert_new(self, table: str, row: Mapping[str, Any]) -> bool:
        """Add a row unless one with the same key is there; whether it was added."""
        return self.changed(_insert(table, row) + " ON CONFLICT DO NOTHING",
                            list(row.values())) == 1

    def insert_many(self, table: str, columns: Sequence[str],
                    rows: Sequence[Sequence[Any]]) -> None:
        """Add rows given as values in `columns` order, as they are (ids included)."""
        sql = _insert(table, dict.fromkeys(columns))
        if self.dialect.postgres:
            with self.conn.cursor() as cursor:
                cursor.executemany(_pg_sql(sql), [[_pg_value(v) for v in row] for row in rows])
        else:
            self.conn.executemany(sql, rows)

    def upsert(self, table: str, row: Mapping[str, Any], pk: Sequence[str]) -> None:
        """Add a row, or set the given columns of the one with the same key."""
        rest = [column for column in row if column not in pk]
        sets = ", ".join(f"{name(c)} = excluded.{name(c)}" for c in rest)
        conflict = f" ON CONFLICT ({', '.join(name(c) for c in pk)}) DO " + (
            f"UPDATE SET {sets}" if rest else "NOTHING")
        self.execute(_insert(table, row) + conflict, list(row.values()))

    def update(self, table: str, where: Mapping[str, Any], changes: Mapping[str, Any]) -> None:
        if not changes:
            return
        sets = ", ".join(f"{name(c)} = ?" for c in changes)
        match = " AND ".join(f"{name(c)} = ?" for c in where)
        self.execute(f"UPDATE {name(table)} SET {sets} WHERE {match}",
                     [*changes.values(), *where.values()])

    def lock(self, key: str) -> None:
        """Hold `key` until this transaction ends; another transaction asking waits.

        SQLite needs nothing: its write lock already keeps transactions apart.
        """
        if self.dialect.postgres:
            self.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", [key])

    # -- transactions --------------------------------------------------------

    @contextmanager
    def transaction(self, *, urgent: bool = False) -> Iterator[None]:
        """One atomic unit of work; rolls back on any exception.

        `urgent`: a request is waiting on this to be acknowledged; on SQLite it
        goes before other threads' transactions in this process.
        """
        with self._gate.held(urgent) if self._gate else nullcontext():
            self.execute("BEGIN" if self.dialect.postgres else "BEGIN IMMEDIATE")
            conn = self.conn
            try:
                yield
            except BaseException:
                with suppress(*self.errors):  # the connection is gone: so is the transaction
                    conn.rollback()
                self._forget_broken()
                raise
            try:
                conn.commit()
            except self.errors:
                self._forget_broken()
                raise

    def grouped(self, work: Callable[[], T], *, urgent: bool = False) -> T:
        """Run `work` in a transaction, on SQLite one shared with other threads' work.

        Each SQLite commit waits for the disk (a few milliseconds:
        `synchronous=FULL`), and under load that wait, one writer at a time, was
        the whole budget. So the threads that want to write at the same moment
        queue; one of them runs everything queued in one transaction, each
        piece in its own savepoint (a piece that raises is undone alone and
        raises in its own thread), commits once, and wakes the rest. A piece
        returns only after the commit that holds it, so nothing is reported
        saved that is not. `urgent` pieces (a request waits on them to be
        acknowledged) have a queue of their own that goes first, so an ack
        never waits behind more than one group of turns, and that group is
        small (GROUP_TURNS). PostgreSQL commits many writers at once by itself,
        and a group would hold every piece's locks until the last was done.
        """
        if self.dialect.postgres:
            with self.transaction():
                return work()
        queue = self._urgent if urgent else self._turns
        mine = _Work(work)
        with queue.changed:
            queue.waiting.append(mine)
        while True:
            with queue.changed:
                while not mine.done and queue.leading:
                    queue.changed.wait()
                if mine.done:
                    break
                queue.leading = True
                batch = queue.waiting[:queue.size]
                del queue.waiting[:queue.size]
            try:
                self._run_group(batch, urgent)
            finally:
                with queue.changed:
                    for piece in batch:
                        piece.done = True
                    queue.leading = False
                    queue.changed.notify_all()
        if mine.error is not None:
            raise mine.error
        result: T = mine.result
        return result

    def _run_group(self, batch: list[_Work], urgent: bool) -> None:
        try:
            with self.transaction(urgent=urgent):
                for piece in batch:
                    self.execute("SAVEPOINT piece")
                    try:
                        piece.result = piece.run()
                    except Exception as err:
                        self.execute("ROLLBACK TO piece")
                        piece.error = err
                    self.execute("RELEASE piece")
        except BaseException as err:  # nothing was committed: every piece failed
            for piece in batch:
                piece.error = piece.error or err
            if not isinstance(err, Exception):
                raise

    def checkpoint(self) -> bool:
        """SQLite: fold the WAL into the file and empty it; False if a reader held it back.

        Outside any transaction. PostgreSQL has no such file to empty: True.
        """
        if self.dialect.postgres:
            return True
        with self._gate.held(False) if self._gate else nullcontext():
            try:
                busy, _, _ = self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            except sqlite3.Error:
                return False
        return not busy

    # -- schema --------------------------------------------------------------

    def version(self) -> int:
        """How many migrations this database has had."""
        if not self.dialect.postgres:
            return int(self.value("PRAGMA user_version"))
        self.execute("CREATE TABLE IF NOT EXISTS rebound_schema"
                     " (version integer PRIMARY KEY, applied_at timestamptz DEFAULT now())")
        return int(self.value("SELECT coalesce(max(version), 0) FROM rebound_schema"))

    def migrate(self, migrations: Sequence[Callable[[Schema], None]]) -> None:
        """Apply the migrations this database has not had yet, in order, in one transaction."""
        with self.transaction():
            if self.dialect.postgres:
                self.execute("SELECT pg_advisory_xact_lock(?)", [MIGRATION_LOCK])
            version = self.version()
            schema = Schema(self)
            for number, migration in enumerate(migrations[version:], start=version + 1):
                migration(schema)
                if self.dialect.postgres:
                    self.execute("INSERT INTO rebound_schema (version) VALUES (?)", [number])
                else:
                    self.execute(f"PRAGMA user_version={int(number)}")

    def tables(self) -> list[str]:
        """The tables migrations made, by name (the schema's own bookkeeping left out)."""
        if self.dialect.postgres:
            sql = ("SELECT table_name FROM information_schema.tables"
                   " WHERE table_schema = current_schema() AND table_name <> 'rebound_schema'")
        else:
            sql = ("SELECT name FROM sqlite_master WHERE type = 'table'"
                   " AND name NOT LIKE 'sqlite_%'")
        return sorted(row[0] for row in self.execute(sql).fetchall())

    def columns(self, table: str) -> list[str]:
        return [column[0] for column in
                self.execute(f"SELECT * FROM {name(table)} LIMIT 0").description]

    def restart_ids(self, table: str) -> None:
        """After rows were copied in with their ids: new rows count on from the highest.

        SQLite does so by itself; a PostgreSQL identity column has its own counter.
        """
        if not self.dialect.postgres or "id" not in self.columns(table):
            return
        counter = self.value("SELECT pg_get_serial_sequence(?, 'id')", [table])
        if counter:
            self.execute(f"SELECT setval(?, coalesce(max(id), 0) + 1, false) FROM {name(table)}",
                         [counter])


class Schema:
    """What a migration can do, written once, run as each backend's own DDL.

    The calls mirror sqlite-utils' (`db["t"].create(...)` is
    `schema.create("t", ...)`), so a migration written for it ports line by line.
    """

    def __init__(self, db: Database) -> None:
        self._db = db
        self.dialect = db.dialect

    def create(self, table: str, columns: Mapping[str, type], *,
               pk: str | tuple[str, ...]) -> None:
        keys = (pk,) if isinstance(pk, str) else pk
        counter = len(keys) == 1 and columns[keys[0]] is int
        parts = []
        for column, kind in columns.items():
            if counter and column == keys[0]:
                parts.append(f"{name(column)} {self.dialect.counter}")
            elif len(keys) == 1 and column == keys[0]:
                parts.append(f"{name(column)} {self.dialect.type_of(kind)} PRIMARY KEY")
            else:
                parts.append(f"{name(column)} {self.dialect.type_of(kind)}")
        if len(keys) > 1:
            parts.append(f"PRIMARY KEY ({', '.join(name(k) for k in keys)})")
        self._db.execute(f"CREATE TABLE {name(table)} ({', '.join(parts)})")

    def add_column(self, table: str, column: str, kind: type) -> None:
        self._db.execute(f"ALTER TABLE {name(table)} ADD COLUMN {name(column)}"
                         f" {self.dialect.type_of(kind)}")

    def index(self, table: str, columns: Sequence[str], *, unique: bool = False,
              where: str | None = None, index_name: str | None = None) -> None:
        """Named as sqlite-utils names them (idx_table_columns), unless `index_name` says."""
        called = index_name or f"idx_{table}_{'_'.join(columns)}"
        self._db.execute(
            f"CREATE {'UNIQUE ' if unique else ''}INDEX {name(called)} ON {name(table)}"
            f" ({', '.join(name(c) for c in columns)})" + (f" WHERE {where}" if where else ""))

    def drop(self, table: str) -> None:
        self._db.execute(f"DROP TABLE {name(table)}")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """A statement both backends speak (a data change); how many rows it touched."""
        return self._db.changed(sql, params)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return self._db.query(sql, params)

    def update(self, table: str, where: Mapping[str, Any], changes: Mapping[str, Any]) -> None:
        """sqlite-utils' `db[table].update(pk, changes)`, the key given by column."""
        self._db.update(table, where, changes)

    def insert(self, table: str, row: Mapping[str, Any]) -> None:
        self._db.execute(_insert(table, row), list(row.values()))


def _insert(table: str, row: Mapping[str, Any]) -> str:
    columns = ", ".join(name(c) for c in row)
    return (f"INSERT INTO {name(table)} ({columns})"
            f" VALUES ({', '.join('?' for _ in row)})")


@lru_cache(maxsize=1024)
def _pg_sql(sql: str) -> str:
    """`?` placeholders as psycopg's `%s` (a literal `%` doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


def _pg_value(value: Any) -> Any:
    """A value as PostgreSQL takes it: flags as 0/1 like SQLite, and no NUL in text,
    which PostgreSQL cannot store (anything a person typed has lost them already)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str) and "\x00" in value:
        return value.replace("\x00", "\ufffd")
    return value


def _broken(conn: Any) -> bool:
    return bool(getattr(conn, "broken", False) or getattr(conn, "closed", False))


def _close(conn: Any) -> None:
    with suppress(Exception):  # closing a connection the server already dropped
        conn.close()


def _psycopg() -> Any:
    try:
        import psycopg
    except ModuleNotFoundError as missing:
        raise RuntimeError("REBOUND_DB names a PostgreSQL database, which needs psycopg:"
                           " pip install 'rebound-bot[postgres]'") from missing
    return psycopg

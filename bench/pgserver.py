"""A PostgreSQL server to measure and test on: the one `REBOUND_TEST_PG` names, or a new one.

A new one is a throwaway cluster from `.ci/postgres`, the script CI starts
its own with, so the benches, the tests and CI all run PostgreSQL the same
way; it is stopped and deleted when the `server` block ends. Each bench or
test gets its own database on it (`fresh`), named after the process so runs
sharing a server never meet.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

SCRIPT = Path(__file__).resolve().parent.parent / ".ci" / "postgres"
ENV = "REBOUND_TEST_PG"
_numbers = itertools.count(1)


def installed() -> bool:
    """Whether a PostgreSQL server could be started here (its binaries and our script)."""
    found = glob.glob("/usr/lib/postgresql/*/bin/initdb") or shutil.which("initdb")
    return bool(found) and SCRIPT.exists()


@contextmanager
def server(*, durable: bool = False) -> Iterator[str]:
    """The address of a server's maintenance database, for making databases on it.

    `durable`: the new cluster syncs to disk on commit, as a real one does
    (figures worth reporting); without it, it skips that, as tests may.
    """
    given = os.environ.get(ENV)
    if given:
        yield given
        return
    started = subprocess.run([str(SCRIPT), "start", *(["--durable"] if durable else [])],
                             check=True, capture_output=True, text=True)
    found = dict(line.removeprefix("export ").split("=", 1)
                 for line in started.stdout.splitlines() if "=" in line)
    folder = found["REBOUND_PG_DIR"].strip("'")
    try:
        yield found[ENV].strip("'")
    finally:
        subprocess.run([str(SCRIPT), "stop", folder], check=False)


def address(admin: str, database: str) -> str:
    """The address of `database` on the same server as `admin`."""
    parts = urlsplit(admin)
    return urlunsplit(parts._replace(path=f"/{database}"))


def fresh(admin: str, *, template: str | None = None, prefix: str = "rebound") -> str:
    """A new empty database (or a copy of `template`); its address."""
    import psycopg

    name = f"{prefix}_{os.getpid()}_{next(_numbers)}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"'
                     + (f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""))
    return address(admin, name)


def drop(admin: str, database_address: str) -> None:
    """Delete a database made by `fresh`, cutting off whoever is still connected to it."""
    import psycopg

    name = urlsplit(database_address).path.lstrip("/")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

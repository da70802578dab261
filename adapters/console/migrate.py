"""`rebound migrate --from rebound.db --to postgresql://…`: one install's data, moved.

Every table is copied as it is (ids too) into an empty database, which is
migrated to the same schema first; what is printed is which tables and how
many rows, never a row's contents. The source is left as it was, so a failed
or regretted move costs nothing: the bot can go on running on it.
"""

from __future__ import annotations

import argparse
import sys

from adapters.cli import db_exists
from adapters.markup import plain
from bot.render import messages
from bot.sql import is_postgres
from bot.store import Store, TargetNotEmptyError


def run(args: argparse.Namespace) -> int:
    says = messages()
    if not db_exists(args.source):
        print(plain(says.say("chrome/console/no_database", path=args.source)), file=sys.stderr)
        return 1
    source = _open(args.source)
    target = _open(args.target) if source else None
    if source is None or target is None:
        if source:
            source.close()
        return 1
    try:
        copied = source.copy_to(target)
    except TargetNotEmptyError as used:
        print(plain(says.say("chrome/console/migrate_in_use", target=_shown(args.target),
                             tables=used.tables)), file=sys.stderr)
        return 1
    finally:
        source.close()
        target.close()
    print(plain(says.say("chrome/console/migrated", source=_shown(args.source),
                         target=_shown(args.target), tables=copied,
                         total=sum(count for _, count in copied))))
    return 0


def _open(location: str) -> Store | None:
    """The database, migrated to the current schema; None (and why, on stderr) if it can't be."""
    try:
        return Store(location)
    except Exception as err:  # a wrong address, a server that is down, psycopg not installed
        reason = (str(err).strip().splitlines() or [type(err).__name__])[-1]
        print(plain(messages().say("chrome/console/migrate_cannot_open", where=_shown(location),
                                   reason=reason)), file=sys.stderr)
        return None


def _shown(location: str) -> str:
    """A database's address without its password, fit to print."""
    if not is_postgres(location):
        return location
    scheme, _, rest = location.partition("://")
    credentials, at, place = rest.rpartition("@")
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}{at}{place}"

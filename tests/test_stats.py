"""`rebound stats`: anonymous counts from conversations driven through the engine."""

from __future__ import annotations

import json

import pytest

from adapters.cli import main, parser
from bot import Engine
from tests.conftest import Chat

SECRET = "Zorblax Industries turned me down"
USERS = ("U-amy-7731", "U-bob-5512", "U-cat-9920", "U-dan-4408", "U-eve-3317")


def mood_pair(engine: Engine, user: str, before: str, after: str | None) -> None:
    chat = Chat(engine, user=user)
    chat.say("hi")
    chat.say(SECRET)
    chat.say("I really thought this was the one")
    chat.pick(before)
    chat.pick("That's all for now")
    chat.pick(after or "Skip this")


@pytest.fixture
def busy_db(db, engine, clock) -> str:
    """Tuesday 18th: three conversations; Wednesday 19th: one more and a crisis referral."""
    amy, bob, cat, dan, eve = USERS
    mood_pair(engine, amy, "4", "2")
    mood_pair(engine, bob, "2", "3")
    mood_pair(engine, cat, "3", None)
    clock.advance(days=1)
    Chat(engine, user=dan).say("I want to kill myself")
    Chat(engine, user=eve).say("hi")
    Chat(engine, user=amy).say("hi again")  # an old conversation is not a new one
    return db


def test_the_text_report_gives_the_numbers(busy_db, capsys):
    assert main(["stats", "--db", busy_db, "--until", "2026-11-20"]) == 0
    out = capsys.readouterr().out
    assert "Conversations started: 5 in all" in out
    assert "2026-11-07 to 2026-11-20" in out
    assert "- 2026-11-18: 3" in out and "- 2026-11-19: 2" in out and "- 2026-11-20: 0" in out
    assert "- 2026-11-06" not in out  # fourteen days, no more
    assert "Before: 3 answers, mean 3.00. Spread: 1: 0, 2: 1, 3: 1, 4: 1, 5: 0" in out
    assert "After: 2 answers, mean 2.50. Spread: 1: 0, 2: 1, 3: 1, 4: 0, 5: 0" in out
    assert "2 pairs, mean change -0.50 (lighter 1, the same 0, heavier 1)" in out
    assert "Crisis referrals: 1 in all (intent 1)" in out
    assert "- 2026-11-19: intent 1" in out


def test_the_json_report_gives_the_same_numbers(busy_db, capsys):
    assert main(["stats", "--db", busy_db, "--json", "--until", "2026-11-19"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["conversations"]["total"] == 5
    assert report["conversations"]["days"][-2:] == [{"day": "2026-11-18", "count": 3},
                                                     {"day": "2026-11-19", "count": 2}]
    assert len(report["conversations"]["days"]) == 14
    mood = report["mood"]
    assert mood["before"] == {"answers": 3, "mean": 3.0,
                              "distribution": {"1": 0, "2": 1, "3": 1, "4": 1, "5": 0}}
    assert mood["after"]["answers"] == 2 and mood["after"]["mean"] == 2.5
    assert mood["pairs"] == {"count": 2, "mean_change": -0.5, "lighter": 1, "same": 0,
                             "heavier": 1}
    assert report["referrals"] == {"total": 1, "by_kind": {"intent": 1},
                                   "days": [{"day": "2026-11-19", "kinds": {"intent": 1}}]}


@pytest.mark.parametrize("extra", [[], ["--json"]])
def test_no_one_is_in_the_report(busy_db, capsys, extra):
    assert main(["stats", "--db", busy_db, *extra]) == 0
    out = capsys.readouterr().out
    total = '"total": 5' if extra else "Conversations started: 5 in all"
    assert total in out  # the totals are there, whatever today is
    for user in USERS:
        assert user not in out
    for words in ("Zorblax", "thought this was the one", "kill myself", "hi again"):
        assert words not in out


def test_an_empty_database_reports_zeros(db, engine, capsys):
    assert main(["stats", "--db", db, "--until", "2026-11-18"]) == 0
    out = capsys.readouterr().out
    assert "Conversations started: 0 in all" in out
    assert "Before: 0 answers. Spread" in out and "0 pairs." in out
    assert "Crisis referrals: 0 in all." in out


def test_a_missing_database_is_not_created(tmp_path, capsys):
    missing = tmp_path / "nope.db"
    assert main(["stats", "--db", str(missing)]) == 1
    assert "no Rebound database" in capsys.readouterr().err
    assert not missing.exists()


def test_help_lists_stats():
    assert "stats" in parser().format_help()

"""The operator's view: anonymous counts only, read from the tallies table.

Tallies hold a day, a metric and a value, never a person or their words, so
nothing computed here can point back at anyone. The adapter only renders
what `collect` returns (as text from `messages/`, or as JSON).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from bot.rows import Tally
from bot.store import Store

WINDOW_DAYS = 14
SCALE = tuple(str(n) for n in range(1, 6))


def collect(store: Store, until: date, days: int = WINDOW_DAYS) -> dict[str, Any]:
    """Conversations, mood before/after and referrals; per day for the `days` up to `until`."""
    window = [(until - timedelta(days=n)).isoformat() for n in range(days - 1, -1, -1)]
    return {
        "window": {"from": window[0], "until": window[-1]},
        "conversations": _conversations(store, window),
        "mood": {
            "before": _ratings(store.tallies("mood_before")),
            "after": _ratings(store.tallies("mood_after")),
            "pairs": _pairs(store.tallies("mood_change")),
        },
        "referrals": _referrals(store, window),
    }


def _conversations(store: Store, window: list[str]) -> dict[str, Any]:
    per_day: Counter[str] = Counter()
    for row in store.tallies("conversation"):
        per_day[row.day] += row.count
    return {"total": sum(per_day.values()),
            "days": [{"day": day, "count": per_day[day]} for day in window]}


def _ratings(rows: list[Tally]) -> dict[str, Any]:
    spread = dict.fromkeys(SCALE, 0)
    for row in rows:
        if row.value in spread:
            spread[row.value] += row.count
    answers = sum(spread.values())
    total = sum(int(value) * count for value, count in spread.items())
    return {"answers": answers, "mean": round(total / answers, 2) if answers else None,
            "distribution": spread}


def _pairs(rows: list[Tally]) -> dict[str, Any]:
    """Before>after pairs: how many, the mean change (negative is lighter), and which way."""
    count = change = 0
    ways = {"lighter": 0, "same": 0, "heavier": 0}
    for row in rows:
        before, _, after = row.value.partition(">")
        if not (before.isdecimal() and after.isdecimal()):
            continue
        delta = int(after) - int(before)
        count += row.count
        change += delta * row.count
        ways["lighter" if delta < 0 else "heavier" if delta > 0 else "same"] += row.count
    return {"count": count, "mean_change": round(change / count, 2) if count else None, **ways}


def _referrals(store: Store, window: list[str]) -> dict[str, Any]:
    by_kind: Counter[str] = Counter()
    per_day: dict[str, Counter[str]] = {}
    for row in store.tallies("referral"):
        by_kind[row.value] += row.count
        per_day.setdefault(row.day, Counter())[row.value] += row.count
    return {
        "total": sum(by_kind.values()),
        "by_kind": dict(sorted(by_kind.items())),
        "days": [{"day": day, "kinds": dict(sorted(per_day[day].items()))}
                 for day in window if day in per_day],
    }

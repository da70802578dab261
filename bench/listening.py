"""How well the first reply to a first message listens, on annotated messages.

`bench/listening/first_messages.jsonl` holds first messages from job seekers,
written for this benchmark before the feeling table was tuned, each annotated
with the feelings a careful human would name (`e`), the concrete details in it
(`d`), whether they only want the email (`fast`) and any possible
discrimination (`serious`). Every message goes through a real engine as a new
person's first message; what the reply used is read back from the stored
conversation (wording ids, never words). `holdout.jsonl` was written apart
from the feeling table by someone who never saw it, so its figures show how
the listening generalises.
"""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bot import Engine, Event
from bot.store import Store, conversation_key

MESSAGES = Path(__file__).with_name("listening") / "first_messages.jsonl"
HOLDOUT = Path(__file__).with_name("listening") / "holdout.jsonl"
RESTATING = ("detail.", "affirm.final", "affirm.rounds", "affirm.persist")


def _named(heard: list[str]) -> set[str]:
    """Feelings a reply named, from its wording ids (feel.<f>.<v>, mixed.<a>.<b>.<v>)."""
    named: set[str] = set()
    for used in heard:
        kind, *rest = used.split(".")
        if kind == "feel":
            named.add(rest[0])
        elif kind == "mixed":
            named.update(rest[:2])
    return named


def run() -> dict[str, object]:
    """The set the cue table was tuned on, and a hold-out set written apart from it."""
    return {"tuned_on": _figures(MESSAGES), "holdout": _figures(HOLDOUT)}


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _figures(path: Path) -> dict[str, object]:
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory(prefix="rebound-listening-") as tmp:
        db = str(Path(tmp) / "listening.db")
        engine = Engine(db, clock=lambda: datetime(2026, 11, 18, 10, tzinfo=UTC), region="")
        for n, row in enumerate(rows):
            engine.handle(Event("bench", "w", f"p{n}", text=row["t"], event_id=str(n)))
        engine.close()
        store = Store(db)
        convs = [store.load(conversation_key("bench", "w", f"p{n}")) for n in range(len(rows))]
        store.close()
    listened = [(row, conv) for row, conv in zip(rows, convs, strict=True) if not row.get("fast")]
    with_feeling = [(row, conv) for row, conv in listened if row["e"]]
    with_detail = [(row, conv) for row, conv in listened if row["d"]]
    right = sum(bool(_named(c.data.get("heard", [])) & set(row["e"])) for row, c in with_feeling)
    wrong = sum(bool(_named(c.data.get("heard", [])) - set(row["e"])) for row, c in listened)
    restated = sum(any(h.startswith(RESTATING) for h in conv.data.get("heard", []))
                   for _, conv in with_detail)
    fast = [conv for row, conv in zip(rows, convs, strict=True) if row.get("fast")]
    serious = [(row, conv) for row, conv in listened if row.get("serious")]
    return {
        "messages": len(rows),
        "names_an_annotated_feeling": _share(right, len(with_feeling)),
        "names_a_feeling_not_expressed": _share(wrong, len(listened)),
        "restates_a_detail": _share(restated, len(with_detail)),
        "just_the_email_goes_to_facts": _share(
            sum(c.step == "recovery.facts" for c in fast), len(fast)),
        "discrimination_taken_seriously": _share(
            sum(bool(c.data.get("serious")) for _, c in serious), len(serious)),
        "counted_over": {"feeling": len(with_feeling), "detail": len(with_detail),
                         "listened": len(listened), "fast": len(fast), "serious": len(serious)},
    }

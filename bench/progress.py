"""How long the progress picture takes to draw, against the 300 ms it may cost a turn.

The picture is drawn in the turn worker, so its time is time a person waits
for that reply (never for an acknowledgement). Measured: the first picture in
a fresh process (matplotlib's import and font set-up, paid once, lazily),
then the steady state over a twelve-week chart with moods, as wall time and
as this process's CPU time (wall time also counts other work on the machine).
"""

from __future__ import annotations

import statistics
import time
from datetime import date, timedelta

from bot.progress_chart import MoodChange, WeeklyProgress, progress_picture
from bot.render import messages

DRAWS = 30
BUDGET_MS = 300.0
PROGRESS = WeeklyProgress(
    weeks=tuple(date(2026, 8, 31) + timedelta(days=7 * n) for n in range(12)),
    steps_done=(0, 1, 2, 3, 1, 0, 4, 2, 3, 5, 2, 1),
    applications=(1, 2, 0, 3, 4, 2, 1, 0, 2, 3, 1, 0),
    interviews=(0, 0, 1, 0, 1, 0, 0, 1, 2, 0, 1, 0),
    moods=(MoodChange(date(2026, 10, 5), 4, 2), MoodChange(date(2026, 10, 7), 3, 3),
           MoodChange(date(2026, 11, 16), 5, 3)),
)


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run() -> dict[str, object]:
    msgs = messages()
    started = time.perf_counter()
    first = progress_picture(PROGRESS, msgs)
    first_ms = (time.perf_counter() - started) * 1000
    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(DRAWS):
        wall, cpu = time.perf_counter(), time.process_time()
        progress_picture(PROGRESS, msgs)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    p50 = statistics.median(walls)
    return {
        "draws": DRAWS,
        "png_bytes": len(first.data),
        "first_ms": round(first_ms, 1),
        "p50_ms": round(p50, 1),
        "p95_ms": round(_percentile(walls, 0.95), 1),
        "cpu_p50_ms": round(statistics.median(cpus), 1),
        "budget_ms": BUDGET_MS,
        "within_budget": p50 < BUDGET_MS,
    }

"""The progress picture: weekly numbers from stored rows, then a PNG that says the same."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta

from PIL import Image

from adapters.markup import plain
from bot.journey import Entry
from bot.progress_chart import (
    CARD,
    FILENAME,
    MoodChange,
    WeeklyProgress,
    progress_picture,
    weekly_progress,
)
from bot.render import messages
from bot.store import Store

TODAY = date(2026, 11, 18)  # a Wednesday; its week starts Monday 16 Nov
KEY = "console|local|amy"


def stored_steps(tmp_path) -> list[dict]:
    """Plan steps as the store keeps them, some done at awkward moments."""
    store = Store(str(tmp_path / "rebound.db"))
    done_at = [datetime(2026, 11, 16, 4, 30, tzinfo=UTC),  # Sun 15 Nov 23:30 in New York
               datetime(2026, 11, 17, 15, 0, tzinfo=UTC),
               datetime(2026, 11, 3, 12, 0, tzinfo=UTC),
               datetime(2026, 8, 1, 12, 0, tzinfo=UTC)]  # before the twelve weeks
    with store.transaction():
        for n, moment in enumerate(done_at):
            ident = store.add_action(KEY, f"Step {n}", "practise", "2026-11-20", moment)
            store.update_action(ident, status="done", done_at=moment.isoformat())
        store.add_action(KEY, "Still to do", "reply", "2026-11-19", done_at[0])
    rows = store.actions(KEY)
    store.close()
    return rows


ENTRIES = [Entry("Acme", "Analyst", "applied", date(2026, 11, 2)),
           Entry("Globex", "Designer", "interview", date(2026, 11, 4)),
           Entry("Initech", "Engineer", "final", date(2026, 11, 17)),
           Entry("Hooli", "PM", "screen", date(2026, 6, 1))]
MOODS = [{"moment": "before", "rating": 4, "day": "2026-11-03"},
         {"moment": "after", "rating": 2, "day": "2026-11-03"},
         {"moment": "after", "rating": 3, "day": "2026-11-05"},  # a second 'after': no pair
         {"moment": "before", "rating": 5, "day": "2026-11-17"}]  # not answered after


def test_the_weekly_numbers_are_the_stored_steps_in_their_own_weeks(tmp_path):
    progress = weekly_progress(stored_steps(tmp_path), ENTRIES, MOODS, TODAY, "America/New_York")
    assert len(progress.weeks) == 12
    assert progress.weeks[0] == date(2026, 8, 31) and progress.weeks[-1] == date(2026, 11, 16)
    by_week = dict(zip(progress.weeks, progress.steps_done, strict=True))
    assert by_week[date(2026, 11, 9)] == 1  # done late on Sunday, their time
    assert by_week[date(2026, 11, 16)] == 1
    assert by_week[date(2026, 11, 2)] == 1
    assert sum(progress.steps_done) == 3  # August is outside; the open step isn't done
    assert dict(zip(progress.weeks, progress.applications, strict=True))[date(2026, 11, 2)] == 2
    assert sum(progress.applications) == 3 and sum(progress.interviews) == 2
    assert progress.moods == (MoodChange(date(2026, 11, 3), 4, 2),)


def test_the_same_moment_falls_in_another_week_in_london(tmp_path):
    progress = weekly_progress(stored_steps(tmp_path), [], [], TODAY, "Europe/London", weeks=2)
    assert progress.weeks == (date(2026, 11, 9), date(2026, 11, 16))
    assert progress.steps_done == (0, 2)


PROGRESS = WeeklyProgress(
    weeks=tuple(date(2026, 8, 31) + timedelta(days=7 * n) for n in range(12)),
    steps_done=(0, 1, 2, 3, 1, 0, 4, 2, 3, 5, 2, 1),
    applications=(1, 2, 0, 3, 4, 2, 1, 0, 2, 3, 1, 0),
    interviews=(0, 0, 1, 0, 1, 0, 0, 1, 2, 0, 1, 0),
    moods=(MoodChange(date(2026, 10, 5), 4, 2), MoodChange(date(2026, 11, 16), 5, 3)),
)


def test_the_picture_is_a_png_on_a_solid_card():
    picture = progress_picture(PROGRESS, messages())
    assert (picture.filename, picture.media_type) == (FILENAME, "image/png")
    image = Image.open(io.BytesIO(picture.data))
    image.load()
    assert image.format == "PNG"
    assert 600 <= image.width <= 1200 and 400 <= image.height <= 900
    corner = image.convert("RGBA").getpixel((2, 2))
    assert corner == (*bytes.fromhex(CARD[1:]), 255)  # opaque: it reads on any chat theme
    without_moods = Image.open(io.BytesIO(progress_picture(
        WeeklyProgress(PROGRESS.weeks, PROGRESS.steps_done, PROGRESS.applications,
                       PROGRESS.interviews), messages()).data))
    assert without_moods.height < image.height


def test_the_alt_text_says_the_numbers_in_plain_words():
    alt = progress_picture(PROGRESS, messages()).alt_text
    assert "last 12 weeks" in alt and "week of 31 Aug" in alt and "week of 16 Nov" in alt
    assert "0, 1, 2, 3, 1, 0, 4, 2, 3, 5, 2, 1 (24 in all)" in alt
    assert "1, 2, 0, 3, 4, 2, 1, 0, 2, 3, 1, 0 (19 in all)" in alt
    assert "(6 in all)" in alt
    assert "4 then 2 in the week of 5 Oct" in alt and "5 then 3 in the week of 16 Nov" in alt
    assert alt == plain(alt) and "\\" not in alt  # no markup for a screen reader to spell out


def test_starting_the_bot_does_not_import_matplotlib():
    code = ("import sys, bot, bot.progress_chart, adapters.console.cli;"
            "assert 'matplotlib' not in sys.modules, 'matplotlib imported at start-up'")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr

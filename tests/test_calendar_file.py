"""The plan as an .ics file: one all-day event per step, a 9:00 reminder, stable UIDs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar

from bot.calendar_file import FILENAME, PlanStep, calendar_file, open_steps
from bot.rows import Action, of

KEY = "slack|T0WORK|U0AMY"
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
STEPS = [PlanStep(41, "Send the thank-you note to Acme", date(2026, 11, 19)),
         PlanStep(42, "Practise: tell me about a conflict, with a team", date(2026, 11, 21)),
         PlanStep(43, "Three new applications; one at a startup\nthen rest — café",
                  date(2026, 11, 27))]


def events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def test_one_all_day_event_per_step_on_its_day_with_a_nine_oclock_reminder():
    file = calendar_file(STEPS, key=KEY, zone="America/New_York", now=NOW, name="My plan")
    assert (file.filename, file.media_type) == (FILENAME, "text/calendar")
    found = events(file.data)
    assert [(e["SUMMARY"], e["DTSTART"].dt, e["DTEND"].dt) for e in found] == [
        (s.title, s.due, s.due + timedelta(days=1)) for s in STEPS]
    assert all(type(e["DTSTART"].dt) is date for e in found)  # all-day, not a moment
    [alarm] = found[0].walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm["TRIGGER"].dt == datetime(2026, 11, 19, 14, 0, tzinfo=UTC)  # 9:00 in New York
    assert b"TRIGGER;VALUE=DATE-TIME:20261119T140000Z" in file.data


def test_uids_are_stable_across_rebuilds_and_reveal_nothing():
    first = calendar_file(STEPS, key=KEY, zone="UTC", now=NOW, name="My plan")
    later = calendar_file(STEPS[1:], key=KEY, zone="UTC", now=NOW + timedelta(days=3),
                          name="My plan")
    uids = [str(e["UID"]) for e in events(first.data)]
    assert len(set(uids)) == 3
    assert [str(e["UID"]) for e in events(later.data)] == uids[1:]
    someone_else = calendar_file(STEPS, key="slack|T0WORK|U0BOB", zone="UTC", now=NOW,
                                 name="My plan")
    assert not set(uids) & {str(e["UID"]) for e in events(someone_else.data)}
    for secret in (b"U0AMY", b"T0WORK", b"slack|"):
        assert secret not in first.data


def test_titles_with_commas_semicolons_and_line_breaks_are_escaped():
    file = calendar_file(STEPS, key=KEY, zone="UTC", now=NOW, name="My plan")
    unfolded = file.data.replace(b"\r\n ", b"")
    assert b"SUMMARY:Practise: tell me about a conflict\\, with a team" in unfolded
    assert b"one at a startup\\nthen rest" in unfolded and b"applications\\;" in unfolded
    assert all(len(line) <= 75 for line in file.data.split(b"\r\n"))  # folded as RFC 5545 asks
    assert str(events(file.data)[2]["SUMMARY"]) == STEPS[2].title


def test_only_open_steps_with_a_day_go_in():
    rows = [of(Action, {"id": 2, "title": "Later", "due": "2026-11-25", "status": "open"}),
            of(Action, {"id": 1, "title": "Done already", "due": "2026-11-19", "status": "done"}),
            of(Action, {"id": 3, "title": "Sooner", "due": "2026-11-20", "status": "open"})]
    assert open_steps(rows) == [PlanStep(3, "Sooner", date(2026, 11, 20)),
                                PlanStep(2, "Later", date(2026, 11, 25))]

"""What a person takes away: the draft for their email app, the plan for their calendar."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

import icalendar

from adapters.markup import plain
from tests.conftest import Chat, peek
from tests.test_pasted_in_chat import PERSONAL


def draft_link(chat: Chat) -> str:
    [link] = [link for r in chat.last for link in r.links]
    assert link.label == "Open in my email app"
    return link.url


def test_the_draft_opens_in_their_email_app_to_the_person_who_wrote(chat: Chat):
    chat.say(PERSONAL)
    chat.pick("That's right")
    chat.pick("Skip the rest")
    chat.pick("Draft a reply")
    url = urlsplit(draft_link(chat))
    assert url.scheme == "mailto" and unquote(url.path) == "hannah@fernandfable.co"
    fields = parse_qs(url.query, keep_blank_values=True)
    subject, body = fields["subject"][0], fields["body"][0].replace("\r\n", "\n")
    shown = "\n\n".join(plain(r.text) for r in chat.last)
    assert f"Subject: {subject}" in shown and "Hannah" in body
    for paragraph in body.split("\n\n"):
        assert paragraph in shown


def test_the_link_holds_the_exact_draft_and_no_address_when_none_was_given(chat: Chat):
    chat.say("hi")
    chat.say("Wonka turned me down after the final interview & I'm gutted")
    chat.pick("Draft a reply")
    chat.pick("That's right")
    chat.pick("Skip the rest")
    url = urlsplit(draft_link(chat))
    assert url.path == ""
    [draft] = [plain(r.text) for r in chat.last if r.links]
    fields = parse_qs(url.query, keep_blank_values=True)
    [subject], [body] = fields["subject"], fields["body"]
    assert "Wonka" in subject + body
    assert f"Subject: {subject}\n\n{body.replace(chr(13) + chr(10), chr(10))}" in draft
    assert body.endswith("[Your name]")


def test_a_draft_marked_sent_counts_in_my_journey(chat: Chat, db):
    chat.say(PERSONAL)
    chat.pick("That's right")
    chat.pick("Skip the rest")
    chat.pick("Draft a reply")
    chat.pick("I've sent it")
    assert "added it to your journey" in chat.text
    chat.say("my journey")
    assert "Replies you sent: 1" in chat.text
    assert peek(db, "SELECT COUNT(*) FROM entries") == [(1,)]


def save_plan(chat: Chat) -> None:
    chat.say("hi")
    chat.click("recovery.vent:plan")
    chat.click("recovery.facts:skip_all")
    chat.pick("Take them all")
    chat.pick("Save my plan")


def events(attachment) -> list:
    assert attachment.filename == "rebound-plan.ics"
    return icalendar.Calendar.from_ical(attachment.data).walk("VEVENT")


def test_the_saved_plan_comes_as_a_calendar_file_in_their_zone(chat: Chat, db):
    chat.timezone = "Pacific/Auckland"
    save_plan(chat)
    assert "calendar file" in chat.text
    [ics] = [a for r in chat.last for a in r.attachments]
    found = events(ics)
    stored = peek(db, "SELECT title, due FROM actions WHERE status = 'open' ORDER BY due, id")
    assert sorted((str(e["SUMMARY"]), e["DTSTART"].dt.isoformat()) for e in found) == sorted(
        stored)
    first = min(found, key=lambda e: e["DTSTART"].dt)
    alarm = first.walk("VALARM")[0]["TRIGGER"].dt
    local = alarm.astimezone(ZoneInfo("Pacific/Auckland"))
    assert local.date() == first["DTSTART"].dt and local.hour == 9
    # Auckland is already Thursday when it is Wednesday 10:00 in UTC
    assert min(date.fromisoformat(due) for _, due in stored) >= date(2026, 11, 18)


def test_my_plan_offers_the_calendar_file_again_on_request(chat: Chat, clock):
    save_plan(chat)
    clock.advance(hours=1)
    chat.say("my plan")
    assert not any(r.attachments for r in chat.last)
    chat.pick("Add to my calendar")
    [ics] = [a for r in chat.last for a in r.attachments]
    assert len(events(ics)) == len(chat.engine.store.actions("console|local|amy"))


def test_a_plan_asked_again_does_not_send_the_file_twice(chat: Chat, clock):
    save_plan(chat)
    clock.advance(minutes=5)
    chat.say("help")
    assert not any(r.attachments for r in chat.last)


def test_a_detail_changed_in_the_draft_changes_the_entry(chat: Chat, db):
    chat.say(PERSONAL)
    chat.pick("That's right")
    chat.pick("Skip the rest")
    chat.pick("Draft a reply")
    chat.pick("Change a detail")
    chat.pick("Company")
    chat.say("Fern and Fable Ltd")
    assert peek(db, "SELECT company FROM entries") == [("Fern and Fable Ltd",)]

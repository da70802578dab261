"""Pasted rejection emails: recognised as emails, and their facts read out of them.

Each email under tests/fixtures/emails/ has its expected facts beside it as
JSON; each vent under tests/fixtures/not_emails/ mentions a rejection's
phrases without being an email.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.markup import plain
from bot.mail_thread import clean
from bot.pasted_email import (
    STAGES,
    Duration,
    EmailFacts,
    feeling,
    feeling_values,
    looks_like_email,
    read_email,
)
from bot.render import messages

FIXTURES = Path(__file__).resolve().parent / "fixtures"
EMAILS = sorted((FIXTURES / "emails").glob("*.txt"))
VENTS = (FIXTURES / "not_emails" / "vents.txt").read_text("utf-8").strip().split("\n---\n")


def expected(path: Path) -> EmailFacts:
    data = json.loads(path.with_suffix(".json").read_text("utf-8"))
    duration = data.pop("promise_duration")
    return EmailFacts(**data, promise_duration=Duration(*duration) if duration else None)


def test_there_are_enough_emails_and_vents():
    assert len(EMAILS) >= 20 and len(VENTS) >= 10


@pytest.mark.parametrize("path", EMAILS, ids=[p.stem for p in EMAILS])
def test_an_email_is_recognised_and_read(path: Path):
    text = path.read_text("utf-8")
    assert looks_like_email(text)
    assert asdict(read_email(text)) == asdict(expected(path))


@pytest.mark.parametrize("vent", VENTS, ids=[f"vent{n}" for n in range(len(VENTS))])
def test_a_vent_that_mentions_the_phrases_is_not_an_email(vent: str):
    assert not looks_like_email(vent)


def read(name: str) -> EmailFacts:
    return read_email((FIXTURES / "emails" / f"{name}.txt").read_text("utf-8"))


@pytest.mark.parametrize(("name", "template"), [
    ("01-greenhouse-automated", "recovery/pasted/automated"),
    ("04-after-final-round-feedback", "recovery/pasted/final"),
    ("08-apple-begin-forwarded", "recovery/pasted/final"),
    ("05-kind-personal-after-interview", "recovery/pasted/personal"),
    ("03-after-phone-screen", "recovery/pasted/personal"),
])
def test_the_feeling_is_named_by_what_kind_of_email_it_was(name, template):
    assert feeling(read(name)) == template


def test_the_feeling_is_named_without_quoting_the_email_back():
    for path in EMAILS:
        facts = read_email(path.read_text("utf-8"))
        said = plain(messages().say(feeling(facts), **feeling_values(facts)))
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", path.read_text("utf-8")) if
                     len(s) > 25]
        assert not [s for s in sentences if s.strip() in said], path.stem
        assert said.startswith("I've read it.")


def test_what_each_kind_of_email_hears():
    automated = read("02-workday-keep-on-file")
    said = plain(messages().say(feeling(automated), **feeling_values(automated)))
    assert "form letter" in said and "Northwind Bank" in said and "keeping your details" in said
    final = read("04-after-final-round-feedback")
    said = plain(messages().say(feeling(final), **feeling_values(final)))
    assert "last round" in said and "BrightPath" in said and "offered feedback" in said
    personal = read("05-kind-personal-after-interview")
    said = plain(messages().say(feeling(personal), **feeling_values(personal)))
    assert "Hannah took the time to write to you personally" in said
    assert "real conversations" in said


def test_the_facts_step_gets_what_the_email_answers():
    assert read("03-after-phone-screen").as_facts() == {
        "company": "Lumen Health", "role": "Product Designer", "stage": "screen",
        "news": "email", "interviewer": "Priya Raman"}
    assert read("01-greenhouse-automated").as_facts() == {
        "company": "Acme Robotics", "role": "Junior Data Analyst", "stage": "applied",
        "news": "automated"}


def test_html_entities_and_tags_become_plain_text_but_addresses_survive():
    assert clean("<p>R&amp;D&nbsp;team</p><p>Bye<br/>Jo</p>") == "R&D team\n\nBye\nJo"
    assert clean("From: HR <hr.jobs@example.com>") == "From: HR <hr.jobs@example.com>"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=600))
def test_no_paste_breaks_the_reader(text):
    facts = read_email(text)
    assert facts.stage in (None, *STAGES)
    looks_like_email(text)


def test_stages_are_the_facts_steps_own():
    from bot import journey
    from bot.flows import facts

    assert facts.STAGES == STAGES
    assert facts.LIVE_STAGES == journey.LIVE_STAGES


@pytest.mark.parametrize(("sender", "company"), [
    ("careers@acme-robotics.com", "Acme Robotics"),
    ("no-reply@acme.greenhouse.io", "Acme"),
    ("acme@myworkday.com", "Acme"),
    ("jobs@northwind.wd5.myworkdayjobs.com", "Northwind"),
    ("hr@smith-jones.co.uk", "Smith Jones"),
    ("no-reply@hire.lever.co", None),
    ("no-reply@us.greenhouse-mail.io", None),
    ("jo.bloggs@gmail.com", None),
])
def test_the_sender_domain_names_the_company_when_nothing_else_does(sender, company):
    email = (f"From: Recruiting <{sender}>\nSubject: Application update\n\nHi Sam,\n\n"
             "Unfortunately we won't be moving forward with your application.\n\n"
             "Best,\nThe Recruiting Team\n")
    assert looks_like_email(email)
    assert read_email(email).company == company


@pytest.mark.parametrize(("subject", "role"), [
    ("Re: Product Designer - next steps", "Product Designer"),
    ("Fwd: Data Scientist (Req #1234) - decision", "Data Scientist"),
    ("Your application for Data Scientist at Acme", "Data Scientist"),
    ("Acme | Community Manager", "Community Manager"),
    ("Claims Handler at Acme", "Claims Handler"),
    ("Thank you, and an update", None),
    ("Hello from Acme", None),
    ("Your application", None),
])
def test_a_role_only_in_the_subject_line(subject, role):
    email = (f"From: Acme Careers <careers@acme.com>\nSubject: {subject}\n\nHi Sam,\n\n"
             "Unfortunately we won't be moving forward with your application.\n\nBest,\nAcme\n")
    facts = read_email(email)
    assert (facts.company, facts.role) == ("Acme", role)

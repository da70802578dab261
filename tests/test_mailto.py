"""The "Open in my email app" link decodes back to exactly the draft, whatever it holds."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

from hypothesis import given
from hypothesis import strategies as st

from bot.mailto import MAX_LENGTH, email_parts, mailto
from bot.render import messages

AWKWARD = "Café & co? #1 100% + more\nline two\r\nline three\rend — 日本 🙂"


def decoded(url: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(url)
    assert parts.scheme == "mailto" and not parts.fragment
    fields = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    assert all(len(values) == 1 for values in fields.values())
    return unquote(parts.path), {name: values[0] for name, values in fields.items()}


def test_awkward_characters_round_trip_with_crlf_line_breaks():
    link = mailto("Re: C++ role – R&D #2", AWKWARD, to="jo.bloggs+jobs@acme.example")
    assert link.whole
    to, fields = decoded(link.url)
    assert to == "jo.bloggs+jobs@acme.example"
    assert fields["subject"] == "Re: C++ role – R&D #2"
    assert fields["body"] == "Café & co? #1 100% + more\r\nline two\r\nline three\r\nend — 日本 🙂"
    assert " " not in link.url and "\n" not in link.url
    assert "%20" in link.url and "%0D%0A" in link.url and "%2B" in link.url
    assert "%C3%A9" in link.url  # é as UTF-8


@given(st.text(), st.text())
def test_any_subject_and_body_come_back(subject, body):
    link = mailto(subject, body, limit=10**9)
    _, fields = decoded(link.url)
    assert fields["subject"].replace("\r\n", "\n") == subject.replace("\r\n", "\n").replace(
        "\r", "\n")
    assert fields["body"].replace("\r\n", "\n") == body.replace("\r\n", "\n").replace("\r", "\n")


def test_without_a_recipient_the_address_is_left_for_them():
    assert mailto("Thanks", "Hi").url == "mailto:?subject=Thanks&body=Hi"


def test_past_the_limit_only_the_subject_goes_in():
    head = len("mailto:?subject=Thanks&body=")
    fits = mailto("Thanks", "x" * (MAX_LENGTH - head))
    assert fits.whole and len(fits.url) == MAX_LENGTH
    over = mailto("Thanks", "x" * (MAX_LENGTH - head + 1))
    assert not over.whole and over.url == "mailto:?subject=Thanks"
    # Encoding counts: 700 "é" are 4,200 characters once percent-encoded.
    assert not mailto("Thanks", "é" * 700).whole


def test_a_rendered_draft_becomes_plain_subject_and_body():
    draft = messages().say(
        "recovery/email/thanks/brief", company="R&D *Labs*", role="C++ dev", first="Zoë",
        full="Zoë Ng", enjoyed="the \"why?\" chat", enjoyed_blank=False, stage="final",
        live=True, feedback=False, linkedin=False, name="Sam [me]")
    subject, body = email_parts(draft)
    assert subject == "Thank you, R&D *Labs*"  # the bold "Subject:" label is not part of it
    assert body.splitlines()[0] == "Hi Zoë,"
    assert "I really enjoyed the \"why?\" chat" in body and "R&D *Labs*" in body
    assert "\\" not in body and "**" not in body
    assert body.rstrip().endswith("Sam [me]")
    _, fields = decoded(mailto(subject, body).url)
    assert fields["body"].replace("\r\n", "\n") == body

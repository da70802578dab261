"""The real `rebound chat` process, driven through a pipe as a script would."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest


def chat(db: str, lines: list[str], user: str = "sam", *extra: str) -> str:
    return rebound(db, ["chat", "--user", user, *extra], lines)


def rebound(db: str, args: list[str], lines: list[str] = ()) -> str:
    env = {**os.environ, "REBOUND_DB": db, "REBOUND_LOG_LEVEL": "WARNING"}
    done = subprocess.run(
        [sys.executable, "-m", "adapters.cli", *args],
        input="\n".join(lines) + "\n", capture_output=True, text=True, env=env, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "chat.db")


def test_a_scripted_conversation_in_the_terminal(db):
    out = chat(db, ["I didn't get the Acme job", "2", "Acme", "Analyst", "4", "1", "2", "Priya",
                    "the case study"])
    assert "I'm Rebound" in out and "I'm a bot" in out
    assert "[1] Reflect on what happened" in out
    assert "[2] Draft a reply to them" in out
    assert "Subject: Thank you – Analyst at Acme" in out
    assert "Dear Priya" in out
    assert "\x1b[" not in out  # plain text when not on a terminal


def test_the_form_can_be_filled_field_by_field(db):
    # The mood question is on screen, so buttons take letters: "b" is "Draft a reply".
    out = chat(db, ["hi", "rejected again", "b", "3", "Globex", "Engineer", "3", "2", "", "",
                    ""])
    assert "[3] Fill in all at once" in out
    assert "Company (Who said no):" in out
    assert "How far it went [1=Applied / 2=Phone screen / 3=Interview / 4=Final round]:" in out
    assert "Subject: Thank you – Engineer at Globex" in out


def test_a_typed_number_answers_the_number_question_not_the_nth_button(db):
    out = chat(db, ["hi", "rejected again", "4"])
    assert "[e] 1 (light)" in out and "[d] That's all for now" in out
    # "4" was a rating, not the fourth button (leaving): the listening carries on.
    assert "I'm still listening" in out.split("you> ")[-1]


def test_quit_then_the_next_run_resumes(db):
    chat(db, ["rejected again, sigh", "2", "Initech", "quit", "this line is never read"])
    out = chat(db, ["1", "Designer"])
    assert "Good to see you" in out
    assert "How far did it get" in out


def test_user_text_cannot_style_the_terminal(db):
    out = chat(db, ["hi", "[bold red]shouting[/bold red] **loud**"])
    assert "\x1b[" not in out


def test_help_lists_the_commands_in_the_cli():
    done = subprocess.run([sys.executable, "-m", "adapters.cli", "--help"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0
    for name in ("chat", "slack", "discord", "REBOUND_DB", "SLACK_BOT_TOKEN", "DISCORD_TOKEN"):
        assert name in done.stdout


def test_a_group_can_be_tried_in_terminals(db):
    wed = "2026-11-18T10:00:00+00:00"
    out = chat(db, ["/rejected group", "Demo Hunters", "1", "9am", "London", "yes"], "alice",
               "--group", "demo", "--now", wed)
    assert "#demo (only you can see this)" in out
    assert "Demo Hunters is set up" in out
    assert "#demo\n" in out and "is now a Rebound peer group" in out  # the channel post

    out = chat(db, ["/rejected group", "1"], "bob", "--group", "demo", "--now", wed)
    assert "[1] Join this group" in out and "Welcome to Demo Hunters" in out

    week = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday 9:00 in London
    out = rebound(db, ["tick", "--now", week.isoformat()])
    assert "#demo" in out and "it's check-in time" in out and "[1] Check in" in out
    assert "@alice" in out and "your buddy is bob" in out  # the same tick, not the next

    out = chat(db, ["/rejected checkin", "4", "Finished a portfolio piece", "skip", "skip",
                    "1"], "bob", "--group", "demo", "--now", week.isoformat())
    assert "include what you chose to share" in out

    out = rebound(db, ["tick", "--now", (week + timedelta(days=1, minutes=1)).isoformat()])
    assert "your buddy is" not in out
    assert "#demo" in out and "Finished a portfolio piece" in out and "Encourage bob" in out


PASTED = """From: Dana Whitfield <dana.whitfield@brightlane.io>
Subject: Your application for Customer Success Manager

Hi Alex,

Thank you for interviewing with us for the Customer Success Manager role. After careful
consideration, we have decided to move forward with another candidate.

Best,
Dana Whitfield
Head of People, Brightlane"""


def test_an_email_pasted_into_a_terminal_is_read_as_one_message(db):
    """On a real terminal a paste arrives as many lines at once; it is one message, as it is
    on Slack and Discord, so the email is read rather than answered line by line."""
    import pty
    import select
    import time

    env = {**os.environ, "REBOUND_DB": db, "REBOUND_LOG_LEVEL": "WARNING", "TERM": "dumb"}
    pid, fd = pty.fork()
    if pid == 0:  # the child: rebound chat on the pty
        os.execvpe(sys.executable, [sys.executable, "-m", "adapters.cli", "chat", "--user",
                                    "alex"], env)
    seen = b""

    def read_until(marker: bytes, limit: float = 60) -> None:
        nonlocal seen
        end = time.monotonic() + limit  # a safety net for a hung child, not a speed check
        while marker not in seen and time.monotonic() < end:
            if select.select([fd], [], [], 0.5)[0]:
                try:
                    seen += os.read(fd, 65536)
                except OSError:
                    break

    try:
        read_until(b"what happened?")
        os.write(fd, PASTED.replace("\n", "\r").encode() + b"\r")
        read_until(b"found in the email")
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)
    out = seen.decode(errors="replace")
    assert "found in the email" in out
    assert "Brightlane" in out and "Customer Success Manager" in out
    assert "empty message" not in out  # no turn per pasted line

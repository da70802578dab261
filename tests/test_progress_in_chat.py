"""`my progress`: the picture of the weeks, from what is stored; moods only if they agree."""

from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image

from bot.flows import journey_log
from bot.journey import week_start
from bot.progress_chart import WeeklyProgress
from bot.store import conversation_key
from tests.conftest import Chat, peek
from tests.test_handoffs import save_plan
from tests.test_pasted_in_chat import PERSONAL


@pytest.fixture
def drawn(monkeypatch) -> list[WeeklyProgress]:
    """What each picture was drawn from, as the chart received it."""
    seen: list[WeeklyProgress] = []
    real = journey_log.progress_picture

    def spy(progress, msgs):
        seen.append(progress)
        return real(progress, msgs)

    monkeypatch.setattr(journey_log, "progress_picture", spy)
    return seen


def picture(chat: Chat):
    [png] = [a for r in chat.last for a in r.attachments]
    assert png.filename == "rebound-progress.png" and png.media_type == "image/png"
    assert Image.open(io.BytesIO(png.data)).format == "PNG"
    return png


def test_my_progress_draws_the_steps_done_as_stored(chat: Chat, clock, db, drawn):
    save_plan(chat)
    chat.say("my plan")
    chat.pick("Done: ")
    clock.advance(days=8)
    chat.say("done 1")
    chat.say("my progress")
    png = picture(chat)
    assert png.alt_text in chat.text  # the numbers in words, in the message too
    [progress] = drawn
    done = [date.fromisoformat(d[:10]) for (d,) in
            peek(db, "SELECT done_at FROM actions WHERE status = 'done'")]
    expected = {week_start(d): 0 for d in progress.weeks}
    for day in done:
        expected[week_start(day)] += 1
    assert progress.steps_done == tuple(expected.values())
    assert progress.steps_done[-2:] == (1, 1) and sum(progress.steps_done) == 2
    assert progress.moods == ()


def test_entries_are_plotted_in_their_week(chat: Chat, drawn):
    chat.say(PERSONAL)
    chat.pick("That's right")
    chat.say("my progress")
    picture(chat)
    assert drawn[0].applications[-1] == 1 and drawn[0].interviews[-1] == 1


def rate_moods(chat: Chat) -> None:
    chat.say("hi")
    chat.say("I didn't get the job at Acme after the final round")
    chat.say("I'm gutted, I really wanted that one")
    chat.pick("5 (very heavy)")
    chat.pick("That's all for now")
    chat.pick("2")


def test_moods_are_drawn_only_after_a_yes(chat: Chat, drawn):
    rate_moods(chat)
    chat.say("my progress")
    assert not any(r.attachments for r in chat.last)
    assert chat.labels == ["Yes, include them", "No, leave them out"]
    chat.pick("Yes, include them")
    picture(chat)
    assert [(m.before, m.after) for m in drawn[-1].moods] == [(5, 2)]
    chat.say("my progress")  # asked once, remembered
    picture(chat)
    assert len(drawn) == 2 and drawn[-1].moods


def test_no_keeps_moods_off_the_picture(chat: Chat, drawn, clock):
    rate_moods(chat)
    # A step already done, so there is something besides moods to draw.
    store, now = chat.engine.store, clock()
    with store.transaction():
        done = store.add_action(conversation_key(chat.platform, chat.workspace, chat.user),
                                "Update my CV", "self", now.date().isoformat(), now)
        store.update_action(done, status="done", done_at=now.isoformat())
    chat.say("my progress")
    chat.pick("No, leave them out")
    picture(chat)
    chat.say("my progress")
    picture(chat)
    assert [p.moods for p in drawn] == [(), ()]


def test_the_weekly_recap_brings_the_picture_after_a_week_with_a_step_done(
        chat: Chat, engine, clock):
    save_plan(chat)
    clock.advance(days=1)
    chat.say("done 1")
    clock.advance(days=6, hours=1)
    [recap] = [r for d in engine.due() for r in d.replies if "Your week" in r.text]
    [png] = recap.attachments
    assert png.filename == "rebound-progress.png" and png.alt_text


def test_a_quiet_week_gets_a_recap_without_a_picture(chat: Chat, engine, clock):
    save_plan(chat)
    clock.advance(days=7, hours=1)
    [recap] = [r for d in engine.due() for r in d.replies if "Your week" in r.text]
    assert recap.attachments == ()


def test_with_nothing_to_draw_it_says_so_instead_of_an_empty_chart(chat: Chat, drawn):
    chat.say("They went with someone else")
    chat.say("my journey")
    assert "Show my progress picture" not in chat.labels
    chat.say("my progress")
    assert "nothing to draw yet" in chat.text
    assert not [a for r in chat.last for a in r.attachments] and drawn == []

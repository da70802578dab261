"""The conversation on Slack, as a person sees it: DMs, buttons, modals, /rejected, App Home."""

from __future__ import annotations

import json

import pytest

from bot import Engine
from tests.slack.conftest import AMY, AMY_DM, CHANNEL, Slack, buttons, visible

FACTS = {"company": "Acme", "role": "Product Designer", "stage": "final",
         "met_manager": "yes", "news": None, "interviewer": None,
         "enjoyed": "The whiteboard session"}


def make_plan(slack: Slack) -> None:
    """Hi, then straight to a plan with every suggestion saved."""
    slack.dm("hi")
    slack.click("recovery.vent:plan")
    slack.click("recovery.facts:skip_all")
    slack.click("recovery.plan.pick:all")
    slack.click("recovery.plan.edit:save")
    assert "Saved" in slack.said()


def test_a_dm_is_answered_in_the_dm_with_block_kit_and_buttons(slack, fake):
    response = slack.dm("I didn't get the job at Acme and I'm furious")
    assert response.status == 200
    posted = slack.posted()
    assert posted and {call.params["channel"] for call in posted} == {AMY_DM}
    assert "I'm Rebound" in slack.said() and "angry" in slack.said()
    last = buttons(posted[-1])
    assert [b["value"] for b in last][:2] == ["recovery.vent:reflect", "recovery.vent:draft"]
    assert last[0]["text"]["text"] == "Reflect on what happened"
    assert len({b["action_id"] for b in last}) == len(last)
    for call in posted:
        assert call.params["text"], "every message has fallback text for notifications"
        assert call.params["mrkdwn"] is False
        assert "link_names" not in call.params and "parse" not in call.params


def test_the_time_zone_comes_from_slack_so_nobody_is_asked_for_it(slack, fake):
    make_plan(slack)
    assert "time zone" not in slack.said()
    assert len(fake.calls("users.info")) == 1  # remembered, not looked up per message


def test_a_button_click_is_the_persons_answer(slack):
    slack.dm("hi")
    before = len(slack.posted())
    slack.click("recovery.vent:reflect")
    answer = "\n".join(visible(call) for call in slack.new(before))
    assert "Which company was it?" in answer
    form_buttons = [b for call in slack.new(before) for b in buttons(call)
                    if b["action_id"].startswith("rb:f:")]
    assert [b["value"] for b in form_buttons] == ["recovery.facts"]
    assert form_buttons[0]["text"]["text"] == "Fill in all at once"


def test_the_form_button_opens_a_modal_with_the_clicks_trigger_id(slack, fake):
    slack.dm("hi")
    slack.click("recovery.vent:reflect")
    slack.press("Fill in all at once")
    [opened] = fake.calls("views.open")
    assert opened.params["trigger_id"] == slack.trigger
    view = opened.params["view"]
    assert view["type"] == "modal" and view["callback_id"] == "rb:form"
    assert view["private_metadata"] == "recovery.facts"
    assert view["title"]["text"] == "About the job" and view["close"]["text"] == "Cancel"
    inputs = {block["block_id"]: block for block in view["blocks"]}
    assert list(inputs) == ["company", "role", "stage", "met_manager", "news", "interviewer",
                            "enjoyed"]
    assert inputs["company"]["element"]["type"] == "plain_text_input"
    assert inputs["company"]["element"]["max_length"] == 100
    assert inputs["company"]["hint"]["text"] == "Who said no"
    assert inputs["enjoyed"]["element"]["multiline"] is True
    stage = inputs["stage"]["element"]
    assert stage["type"] == "static_select"
    assert [o["value"] for o in stage["options"]] == ["applied", "screen", "interview", "final"]
    assert all(block["optional"] for block in view["blocks"])


def test_a_bad_select_value_is_shown_inline_in_the_modal(slack, fake):
    slack.dm("hi")
    slack.click("recovery.vent:reflect")
    before = len(slack.posted())
    response = slack.submit({**FACTS, "stage": "ceo-office"})
    assert response.status == 200
    body = json.loads(response.body)
    assert body == {"response_action": "errors",
                    "errors": {"stage": "Please pick one of the options."}}
    assert slack.new(before) == []


def test_a_good_submission_closes_the_modal_and_the_dm_carries_on(slack):
    slack.dm("hi")
    slack.click("recovery.vent:reflect")
    slack.submit({**FACTS, "stage": "ceo-office"})
    before = len(slack.posted())
    response = slack.submit(FACTS)  # corrected, same view
    assert response.status == 200 and response.body == ""
    answer = "\n".join(visible(call) for call in slack.new(before))
    assert "Acme" in answer and "What went well" in answer


def test_rejected_in_a_channel_is_private_and_moves_to_the_dm(slack, fake):
    response = slack.command("I didn't get the job at Acme after four rounds")
    assert response.status == 200 and response.body == ""  # acked at once, nothing shown
    [note] = fake.calls("webhook")
    assert note.params["response_type"] == "ephemeral"
    assert "sent you a direct message" in visible(note)
    assert "Acme" not in json.dumps(note.params)
    assert {call.params["channel"] for call in slack.posted()} == {AMY_DM}
    assert "I'm Rebound" in slack.said()
    assert not fake.calls("chat.postEphemeral")
    for call in fake.calls():
        assert call.params.get("channel") != CHANNEL, f"{call.method} went to the channel"


def test_rejected_in_the_bots_own_dm_just_talks(slack, fake):
    slack.command("", channel=AMY_DM)
    assert fake.calls("webhook") == []
    assert "I'm Rebound" in slack.said()


@pytest.mark.parametrize(("words", "expected"), [
    ("help", "Here's what you can type"),
    ("plan", "You don't have a plan saved yet"),
    ("forget", "delete everything I've stored about you"),
])
def test_rejected_subcommands(slack, fake, words, expected):
    slack.command(words)
    assert expected in slack.said()
    assert len(fake.calls("webhook")) == 1  # only the private "see your DMs" note
    for call in fake.calls():
        assert call.params.get("channel") != CHANNEL


def test_forget_from_the_channel_asks_in_the_dm_and_deletes_on_yes(slack, engine):
    make_plan(slack)
    slack.command("forget")
    slack.press("Yes, delete everything")
    assert "You don't have a plan saved yet" in "\n".join(
        r.text for r in engine.home("slack", "T0REBOUND", AMY))


def test_app_home_shows_a_way_to_start(slack, fake):
    slack.home()
    [published] = fake.calls("views.publish")
    assert published.params["user_id"] == AMY
    view = published.params["view"]
    assert view["type"] == "home"
    assert "Rebound" in visible(published)
    assert [b["value"] for b in buttons(published)] == ["plan:new", "go:start"]
    assert slack.posted() == []  # opening the tab sends nothing to the DM


def test_app_home_lists_the_plan_and_done_from_home_refreshes_it(slack, fake):
    make_plan(slack)
    slack.home()
    home = fake.calls("views.publish")[-1]
    done = [b for b in buttons(home) if b["value"].startswith("plan:done:")]
    assert len(done) >= 3 and all(b["text"]["text"].startswith("Done: ") for b in done)
    assert len({b["action_id"] for b in buttons(home)}) == len(buttons(home))
    before = len(slack.posted())
    slack.click(done[0]["value"], action_id=done[0]["action_id"], home=True)
    assert "Well done" in "".join(visible(call) for call in slack.new(before))
    refreshed = fake.calls("views.publish")[-1]
    assert refreshed is not home
    assert done[0]["value"] not in [b["value"] for b in buttons(refreshed)]


def test_a_button_clicked_twice_is_answered_politely(slack):
    make_plan(slack)
    slack.dm("my plan")
    slack.press("Done: ")
    slack.click(next(b["value"] for call in reversed(slack.posted()[:-1])
                     for b in buttons(call) if b["value"].startswith("plan:done:")))
    assert "already marked done" in visible(slack.posted()[-1])


def test_an_old_button_after_a_restart_is_resolved_against_stored_state(
        slack, fake, db, clock, make_bot):
    slack.dm("hi")
    slack.click("recovery.vent:reflect")
    # The process restarts: a new engine and a new app on the same database.
    engine = Engine(db, clock=clock, region="")
    try:
        bot, executor = make_bot(engine)
        again = Slack(bot, fake, executor)
        again.click("recovery.facts", action_id="rb:f:0")  # a form this process never sent
        assert len(fake.calls("views.open")) == 1  # opened from stored state, straight away
        before = len(again.posted())
        again.click("recovery.vent:draft")  # from the first message, long since answered
        said = "\n".join(visible(call) for call in again.new(before))
        assert "That button is from earlier" in said and "Which company was it?" in said
        again.dm("Skip the rest")
        before = len(again.posted())
        again.click("recovery.facts", action_id="rb:f:0")  # that form is now in the past
        assert len(fake.calls("views.open")) == 1
        said = "\n".join(visible(call) for call in again.new(before))
        assert "That button is from earlier" in said
    finally:
        engine.close()


def test_export_arrives_as_text_then_a_file_uploaded_to_the_dm(slack, fake):
    slack.dm("hi")
    slack.dm("They ghosted me after four rounds")
    before = len(fake.calls())
    slack.dm("export my data")
    calls = [c for c in fake.calls()[before:] if c.method != "auth.test"]
    methods = [c.method for c in calls]
    # Slack's upload flow, in order, after the words that introduce the file.
    assert methods[-4:] == ["chat.postMessage", "files.getUploadURLExternal", "upload",
                            "files.completeUploadExternal"]
    assert "Here's everything I've stored about you" in visible(calls[-4])
    asked, upload, complete = calls[-3:]
    assert asked.params["filename"] == "rebound-my-data.json"
    assert int(asked.params["length"]) == len(upload.params["data"])
    assert upload.params["file_id"] == complete.params["files"][0]["id"]
    assert complete.params["channel_id"] == AMY_DM
    assert "ghosted" in json.dumps(json.loads(upload.params["data"]))


def test_without_files_write_the_export_falls_back_to_code_blocks(slack, fake):
    slack.dm("They ghosted me after four rounds")
    fake.fail("files.getUploadURLExternal", error="missing_scope")
    before = len(slack.posted())
    slack.dm("export my data")
    posted = slack.new(before)
    assert "Here's everything I've stored about you" in visible(posted[0])
    code = "".join(element["text"] for call in posted[1:] for block in call.params["blocks"]
                   for part in block["elements"] if part["type"] == "rich_text_preformatted"
                   for element in part["elements"])
    assert "ghosted" in json.dumps(json.loads(code))
    assert not fake.calls("files.completeUploadExternal")

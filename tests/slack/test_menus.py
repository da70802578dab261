"""Slack: every open plan step can be ticked off (buttons, then an overflow menu), and a
check-in by someone outside the group asks them to join first (issue 15)."""

from __future__ import annotations

from tests.slack.conftest import Slack, buttons, payload, visible

BOB = "U0BOB"


def long_plan(slack: Slack, extra: int) -> None:
    """The five suggestions plus `extra` steps of their own, saved."""
    slack.dm("hi")
    slack.click("recovery.vent:plan")
    slack.click("recovery.facts:skip_all")
    slack.click("recovery.plan.pick:all")
    for n in range(extra):
        slack.dm(f"add Own step {n + 1} on {20 + n} Dec")  # after the suggestions
    slack.click("recovery.plan.edit:save")
    assert "Saved" in slack.said()


def pick(slack: Slack, action: dict, value: str) -> None:
    body = payload("block_actions")
    body["response_url"] = slack.fake.webhook_url()
    body["actions"] = [{"action_id": action["action_id"], "block_id": "Ab1",
                        "type": action["type"], "action_ts": "1795000300.000001",
                        "selected_option": {"value": value,
                                            "text": {"type": "plain_text", "text": "x"}}}]
    slack.interact(body)


def test_steps_past_five_are_in_an_overflow_menu_that_marks_them_done(slack):
    long_plan(slack, 2)
    slack.dm("my plan")
    plan = slack.posted()[-2]  # the last offers the calendar file
    assert "done 2" in visible(plan)
    shown = buttons(plan)
    assert [b["type"] for b in shown] == ["button"] * 5 + ["overflow"]
    options = shown[-1]["options"]
    assert [o["text"]["text"] for o in options] == ["Done: Own step 1", "Done: Own step 2"]
    pick(slack, shown[-1], options[-1]["value"])
    assert 'Done: "Own step 2"' in slack.said()


def test_many_steps_get_a_select_menu(slack):
    long_plan(slack, 7)
    slack.dm("my plan")
    menu = buttons(slack.posted()[-2])[-1]
    assert menu["type"] == "static_select" and len(menu["options"]) == 7
    assert menu["placeholder"]["text"] == "Mark another step done"
    pick(slack, menu, menu["options"][0]["value"])
    assert 'Done: "Own step 1"' in slack.said()


def test_a_check_in_by_someone_not_in_the_group_asks_them_to_join_first(slack, fake):
    slack.command("group")
    for answer in ("Job Hunters", None, "9am", "London", "no"):
        slack.press("Monday") if answer is None else slack.dm(answer)
    slack.command("checkin", user=BOB)
    note = visible(fake.calls("webhook")[-1])
    assert "you haven't joined yet" in note
    assert "How has your week felt" not in slack.said()
    slack.command("group", user=BOB)
    assert "has 1 member" in visible(fake.calls("webhook")[-1])

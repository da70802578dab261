"""Discord: every open plan step can be ticked off (buttons, then a select menu), and a
check-in by someone outside the group asks them to join first (issue 15)."""

from __future__ import annotations

from tests.discord import payloads
from tests.discord.conftest import Harness, sent, text
from tests.discord.test_groups import OTHER, set_up_group


async def long_plan(h: Harness, extra: int) -> None:
    """The five suggestions plus `extra` steps of their own, saved (clicks by choice id)."""
    await h.dm("hi")
    await h.dm("They said no and I feel flat")

    async def click(choice: str) -> str:
        message = next(m for m in reversed(h.fake.messages.values()) if m.get("components"))
        return text(await h.click(f"rb:c:{choice}", message))

    await click("recovery.vent:plan")
    if "time zone" in await click("recovery.facts:skip_all"):
        await h.dm("London")
    await click("recovery.plan.pick:all")
    for n in range(extra):
        await h.dm(f"add Own step {n + 1} on {20 + n} Dec")
    assert "Saved" in await click("recovery.plan.edit:save")


def components(message: dict) -> list[dict]:
    return [c for row in message.get("components", []) for c in row["components"]]


async def test_steps_past_five_are_in_a_select_menu_that_marks_them_done(harness):
    async with harness as h:
        await long_plan(h, 3)
        [plan] = [c for c in sent(await h.dm("my plan")) if "Your plan" in c.content]
        assert "done 2" in plan.content
        message = h.fake.messages[next(m for m in reversed(h.fake.messages)
                                       if "Your plan" in h.fake.messages[m].get("content", ""))]
        shown = components(message)
        assert [c["type"] for c in shown] == [2] * 5 + [3]  # five buttons, then a select
        menu = shown[-1]
        assert menu["placeholder"] == "Mark another step done"
        assert [o["label"] for o in menu["options"]] == [
            "Done: Own step 1", "Done: Own step 2", "Done: Own step 3"]
        payload = payloads.click(menu["custom_id"], message)
        payload["data"].update(component_type=3, values=[menu["options"][1]["value"]])
        calls = await h.feed("INTERACTION_CREATE", payload)
        assert 'Done: "Own step 2"' in text(calls)


async def test_a_check_in_by_someone_not_in_the_group_asks_them_to_join_first(harness):
    async with harness as h:
        await set_up_group(h)
        calls = await h.slash(action="checkin", user=OTHER)
        assert "you haven't joined yet" in text(calls)
        assert "How has your week felt" not in text(calls)
        calls = await h.slash(action="group", user=OTHER)
        assert "has 1 member" in text(calls)

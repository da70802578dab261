"""The conversation on Discord as a person meets it: DMs, buttons, forms, restarts."""

from __future__ import annotations

import asyncio

import aiohttp
import yarl
from discord.gateway import DiscordWebSocket

from tests.discord.conftest import TOKEN, Harness, button, message_with, sent, text
from tests.discord.payloads import USER, dm, load

DM_CHANNEL = load("message_create_dm")["channel_id"]
STORY = "I didn't get the job and I'm furious"


def view_store_size(h: Harness) -> int:
    store = h.bot._connection._view_store
    return len(store._views) + len(store._synced_message_views) + len(store._modals)


async def start_venting(h: Harness) -> None:
    await h.dm("hi")
    await h.dm(STORY)


async def test_login_uses_only_the_configured_api_and_its_gateway(harness, monkeypatch):
    hosts: list[str] = []
    original = aiohttp.ClientSession._request

    async def spy(self, method, url, *args, **kwargs):
        hosts.append(yarl.URL(str(url)).host or "")
        return await original(self, method, url, *args, **kwargs)

    monkeypatch.setattr(aiohttp.ClientSession, "_request", spy)
    async with harness as h:
        calls = [(c.method, c.path) for c in h.fake.calls]
        assert calls[:3] == [("GET", "/users/@me"), ("GET", "/oauth2/applications/@me"),
                             ("GET", "/gateway/bot")]
        assert str(DiscordWebSocket.DEFAULT_GATEWAY) == \
            h.fake.url.replace("http", "ws") + "/gateway"
        assert all(c.headers.get("Authorization") == f"Bot {TOKEN}"
                   for c in h.fake.calls if not c.path.startswith(("/interactions", "/webhooks")))
        await start_venting(h)
        await h.slash()
    assert hosts and set(hosts) == {"127.0.0.1"}


async def test_a_dm_gets_a_reply_with_buttons_and_no_mentions(harness):
    async with harness as h:
        first = sent(await h.dm("hi"))
        assert "I'm a bot" in first[0].content
        calls = sent(await h.dm(STORY))
        assert {c.path for c in calls} == {f"/channels/{DM_CHANNEL}/messages"}
        assert all(c.body["allowed_mentions"] == {"parse": []} for c in first + calls)
        buttons = calls[-1]
        assert "Reflect on what happened" in buttons.labels
        assert "rb:c:recovery.vent:reflect" in buttons.custom_ids
        assert all(len(cid) <= 100 for cid in buttons.custom_ids)
        assert view_store_size(h) == 0  # nothing kept per message


async def test_a_click_is_acknowledged_and_answered(harness):
    async with harness as h:
        await start_venting(h)
        custom_id, message = button(h.fake, "Reflect on what happened")
        calls = await h.click(custom_id, message)
        assert calls[0].path.endswith("/callback") and calls[0].body["type"] == 6
        assert "Which company was it?" in text(calls)
        assert "rb:o:recovery.facts" in [cid for c in sent(calls) for cid in c.custom_ids]
        assert all(c.body["allowed_mentions"] == {"parse": []} for c in sent(calls))


async def open_facts_form(h: Harness) -> dict:
    await start_venting(h)
    await h.click(*button(h.fake, "Reflect on what happened"))
    [modal] = await h.click(*button(h.fake, "Fill in all at once"))
    assert modal.path.endswith("/callback") and modal.body["type"] == 9
    return modal.body["data"]


async def test_the_form_opens_as_a_modal_of_at_most_five_inputs(harness):
    async with harness as h:
        modal = await open_facts_form(h)
        assert modal["custom_id"] == "rb:f:recovery.facts"
        assert modal["title"] == "About the job"
        inputs = [row["component"] for row in modal["components"]]
        assert len(inputs) == 5
        assert [i["custom_id"] for i in inputs] == [
            "company", "role", "stage", "met_manager", "news"]
        assert [row["label"] for row in modal["components"]][:2] == ["Company", "Role"]
        stage = inputs[2]
        assert stage["type"] == 3
        assert [o["label"] for o in stage["options"]] == [
            "Applied", "Phone screen", "Interview", "Final round"]
        assert inputs[0]["type"] == 4 and inputs[0]["placeholder"] == "Who said no"
        assert view_store_size(h) == 0


async def test_a_long_form_is_submitted_in_two_modals(harness):
    async with harness as h:
        await open_facts_form(h)
        form_message = message_with(h.fake, "rb:o:recovery.facts")
        calls = await h.submit("rb:f:recovery.facts", {
            "company": "Acme", "role": "Product Designer", "stage": ["final"],
            "met_manager": ["yes"], "news": ["email"]}, form_message)
        assert calls[0].body["type"] == 6
        assert "a few more" in text(calls)
        [more] = await h.click(*button(h.fake, "Fill in all at once"))
        second = more.body["data"]
        assert [row["component"]["custom_id"] for row in second["components"]] == [
            "interviewer", "enjoyed"]
        assert second["components"][1]["component"]["style"] == 2  # a paragraph
        calls = await h.submit("rb:f:recovery.facts", {
            "interviewer": "Sam Lee", "enjoyed": "The whiteboard session"},
            message_with(h.fake, "rb:o:recovery.facts"))
        assert "that's helpful about Acme" in text(calls)
        assert "What went well" in text(calls)


async def test_form_errors_are_shown_only_to_the_person(harness):
    async with harness as h:
        await open_facts_form(h)
        calls = await h.submit("rb:f:recovery.facts", {"stage": "the one after lunch"},
                               message_with(h.fake, "rb:o:recovery.facts"))
        [error] = [c for c in sent(calls) if "pick one of the options" in c.content]
        assert "/webhooks/" in error.path and error.body["flags"] & 64


async def test_a_click_after_a_restart_is_handled_by_the_new_bot(harness):
    async with harness as h:
        await start_venting(h)
        old = button(h.fake, "Reflect on what happened")
        await h.restart()
        calls = await h.click(*old)
        assert calls[0].body["type"] == 6
        assert "Which company was it?" in text(calls)


async def test_a_form_button_after_a_restart_brings_the_form_back(harness):
    async with harness as h:
        await start_venting(h)
        await h.click(*button(h.fake, "Reflect on what happened"))
        old = button(h.fake, "Fill in all at once")
        await h.restart()
        [modal] = await h.click(*old)
        assert modal.body["type"] == 9  # rebuilt from stored state, not from memory
        await h.dm("skip the rest")  # the person moves on past the form
        calls = await h.click(*old)
        assert calls[0].body["type"] == 6  # no modal for a form that is in the past
        assert "That button is from earlier" in text(calls)


async def test_a_double_click_gets_a_polite_answer_not_a_double_action(harness):
    async with harness as h:
        await start_venting(h)
        custom_id, message = button(h.fake, "Reflect on what happened")
        first = await h.click(custom_id, message)
        again = await h.click(custom_id, message)
        assert again[0].body["type"] == 6
        assert "That button is from earlier" in text(again)
        assert "Which company was it?" in text(first)
        assert "Which company was it?" in text(again)  # still the same question: one step only


async def test_text_a_person_types_comes_back_inert(harness):
    typed = "@everyone @here <@123> <@&456> **bold** https://evil.example"
    async with harness as h:
        await start_venting(h)
        await h.click(*button(h.fake, "Reflect on what happened"))
        await h.dm(typed)  # the company's name
        calls = await h.click(*button(h.fake, "Skip the rest"))
        [thanks] = [c for c in sent(calls) if "helpful about" in c.content]
        shown = thanks.content
        for raw in ("@everyone", "@here", "<@123>", "<@&456>", "**bold**", "https://"):
            assert raw not in shown
        assert "\\*\\*bold\\*\\*" in shown and "evil.example" in shown
        assert all(c.body["allowed_mentions"] == {"parse": []} for c in sent(calls))


async def test_bots_and_the_bot_itself_are_ignored(harness):
    async with harness as h:
        assert await h.dm("hi", bot=True) == []
        own = dm("hi")
        own["author"].update(id=h.bot.user.id, bot=True)
        assert await h.feed("MESSAGE_CREATE", own) == []
        in_server = dm("hi")
        in_server["guild_id"] = "1101456781234567890"
        assert await h.feed("MESSAGE_CREATE", in_server) == []


async def test_a_server_error_is_retried_until_the_reply_arrives_and_logs_nothing_private(
        harness, caplog, monkeypatch):
    real_sleep = asyncio.sleep

    async def no_wait(delay, result=None):  # discord.py backs off 1+3+5+7+9 s on a 500
        return await real_sleep(0, result)

    monkeypatch.setattr(asyncio, "sleep", no_wait)
    caplog.set_level("DEBUG")
    secret = "My manager at Initech said I was too slow"
    async with harness as h:
        await h.dm("hi")
        h.fake.fail("POST", r"^/channels/\d+/messages$", 500, times=5)
        calls = await h.dm(secret)
        attempts = [c for c in calls if c.path.endswith("/messages")]
        # the first message refused five times, then sent once, then the rest of the reply
        assert len({c.content for c in attempts[:6]}) == 1
        assert attempts[5].content not in [c.content for c in attempts[6:]]
        assert "Reflect on what happened" in attempts[-1].labels
        assert "couldn't deliver" not in text(calls)
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    assert "status=500" in logged
    assert secret not in logged and "Initech" not in logged
    assert TOKEN not in logged and "fake.rebound-test-token" not in logged


async def test_the_data_export_arrives_as_a_file(harness):
    async with harness as h:
        await start_venting(h)
        calls = await h.dm("export my data")
        [upload] = [c for c in sent(calls) if c.files]
        assert upload.files == ["rebound-my-data.json"]
        assert "everything I've stored about you" in upload.content


async def test_a_long_choice_id_falls_back_to_its_label(harness):
    from bot import Choice, Reply

    async with harness as h:
        await start_venting(h)
        long_id = "recovery.vent:" + "x" * 120
        reply = Reply(text="Pick one", choices=(Choice(long_id, "Reflect on what happened"),))
        await h.bot.send_dm(reply, int(USER))
        custom_id, message = button(h.fake, "Reflect on what happened")
        assert custom_id == "rb:l:0"
        calls = await h.click(custom_id, message)
        assert "Which company was it?" in text(calls)  # the label, understood as typed text


async def test_a_button_in_a_format_this_version_does_not_make_is_still_answered(harness):
    async with harness as h:
        await start_venting(h)
        _, message = button(h.fake, "Reflect on what happened")
        calls = await h.click("rebound-v0:reflect", message)
        assert calls[0].body["type"] == 6
        assert "Welcome back" in text(calls)

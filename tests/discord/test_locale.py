"""The crisis lines follow the locale Discord sends with each interaction."""

from __future__ import annotations

from tests.discord.conftest import button, text


async def test_an_interactions_locale_picks_the_crisis_lines(harness):
    async with harness as h:
        calls = await h.slash(what_happened="I want to kill myself", server=False)
        said = text(calls)
        assert "116 123" in said and "999" in said and "988" not in said  # en-GB


async def test_the_persons_locale_counts_not_the_servers(harness):
    async with harness as h:  # the server says en-US; the person's client says en-GB
        said = text(await h.slash(what_happened="I want to kill myself", server=True))
        assert "Samaritans" in said and "988" not in said


async def test_a_dm_has_no_locale_until_an_interaction_brings_one(harness):
    async with harness as h:
        said = text(await h.dm("I want to kill myself"))
        assert "988" in said and "116 123" in said  # nothing known yet: the default set
        await h.click(*button(h.fake, "Talk about something else"))  # carries en-GB
        said = text(await h.dm("I want to end my life"))
        assert "116 123" in said and "999" in said and "988" not in said

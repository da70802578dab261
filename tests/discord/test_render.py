"""Engine markdown as Discord text: the templates' formatting kept, people's text inert."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from adapters.discord.render import LIMIT, messages
from bot import Choice, Reply
from bot.render import escape as data
from tests.discord.conftest import sent
from tests.discord.payloads import USER

LIVE = re.compile(r"@(everyone|here)|<@[!&]?\d+>|<#\d+>|https?://|(?<!\\)\*\*|(?<!\\)\|\|")


def said(typed: str) -> str:
    """What a person typed, as the engine puts it in a reply."""
    return messages(f"You said: {data(typed)}")[0]


def test_mentions_links_and_markdown_typed_by_a_person_are_inert():
    for typed in ("@everyone", "@here", "<@123>", "<@!123>", "<@&456>", "<#789>",
                  "**bold**", "||spoiler||", "https://evil.example", "[click](https://x.y)",
                  "discord.gg/invite", "<t:1700000000:R>", "__under__", "~~gone~~"):
        shown = said(typed)
        assert not LIVE.search(shown), shown
        assert "discord.gg/invite" not in shown


def test_line_starts_typed_by_a_person_make_no_lists_headings_or_quotes():
    shown = said("a\n# big\n- item\n1. first\n> quote\n-# small")
    assert shown.split("\n")[1:] == ["\\# big", "\\- item", "1\\. first", "\\> quote",
                                     "\\-# small"]


def test_the_templates_own_formatting_is_kept():
    out = messages("**Your plan**\n\n1. Reply to Acme\n2. Rest\n\n- _gently_\n\n"
                   "> a quote\n\nSee [findahelpline.com](https://findahelpline.com) "
                   "or <https://988lifeline.org>.\n\n```\nDear Sam,\n```")
    assert out == ["**Your plan**\n\n1. Reply to Acme\n2. Rest\n\n- _gently_\n\n> a quote\n\n"
                   "See [findahelpline.com](<https://findahelpline.com>) or "
                   "<https://988lifeline.org>.\n\n```\nDear Sam,\n```"]


def test_long_replies_split_between_blocks_and_never_inside_bold_or_code():
    paragraph = "**" + " ".join(["steady"] * 300) + "**"
    code = "```\n" + "\n".join(["line of the draft"] * 150) + "\n```"
    out = messages(f"{paragraph}\n\n{code}\n\nThe end.")
    assert len(out) >= 3 and all(len(m) <= LIMIT for m in out)
    for part in out:
        assert part.count("**") % 2 == 0 and part.count("```") % 2 == 0
    words = re.sub(r"[*`\s]+", " ", " ".join(out)).split()
    assert words.count("steady") == 300 and words[-2:] == ["The", "end."]


@given(st.text(max_size=6000))
def test_any_text_fits_and_stays_inert(typed):
    for part in messages(f"You said: {data(typed)}"):
        assert len(part) <= LIMIT
        assert not re.search(r"@(everyone|here)|<@[!&]?\d+>|https?://", part)


async def test_a_long_reply_is_sent_as_several_messages_with_buttons_last(harness):
    long = "\n\n".join(f"Paragraph {n}: " + "word " * 150 for n in range(6))
    async with harness as h:
        mark = len(h.fake.calls)
        await h.bot.send_dm(Reply(text=long, choices=(Choice("recovery.vent:reflect", "Next"),)),
                            int(USER))
        parts = sent(h.fake.calls[mark:])
        assert len(parts) > 1 and all(len(p.content) <= LIMIT for p in parts)
        assert [bool(p.custom_ids) for p in parts] == [False] * (len(parts) - 1) + [True]
        assert "".join(p.content for p in parts).count("Paragraph") == 6

"""Block Kit rendering: Slack's limits honoured, nothing lost, user text always literal."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.slack import blocks
from bot import Attachment, Choice, Field, Form, Link, Reply
from bot.render import escape


def texts(node) -> list[str]:
    if isinstance(node, dict):
        if node.get("type") in ("text", "link"):
            return [node["text"]]
        return [t for value in node.values() for t in texts(value)]
    if isinstance(node, list):
        return [t for item in node for t in texts(item)]
    return []


def test_styles_and_template_links_become_rich_text_elements():
    [block] = blocks.rich_text("Call **988** or see [findahelpline.com](https://findahelpline.com)")
    elements = block["elements"][0]["elements"]
    assert elements[1] == {"type": "text", "text": "988", "style": {"bold": True}}
    assert elements[3] == {"type": "link", "url": "https://findahelpline.com",
                           "text": "findahelpline.com"}


def test_lists_quotes_and_code_keep_their_shape():
    rendered = blocks.rich_text("- one\n- two\n\n1. first\n2. second\n\n> said\n\n```\nx = 1\n```")
    kinds = [(b["elements"][0]["type"], b["elements"][0].get("style")) for b in rendered]
    assert kinds == [("rich_text_list", "bullet"), ("rich_text_list", "ordered"),
                     ("rich_text_quote", None), ("rich_text_preformatted", None)]


def test_a_long_paragraph_is_split_at_words_under_the_limit_and_nothing_is_lost():
    text = " ".join(f"word{n}" for n in range(2500))
    rendered = blocks.rich_text(text)
    assert len(rendered) > 3
    pieces = ["".join(texts(block)) for block in rendered]
    assert all(len(piece) <= blocks.TEXT_LIMIT for piece in pieces)
    assert "".join(pieces) == text
    assert all(piece.endswith(" ") for piece in pieces[:-1])  # cut between words


def test_a_long_numbered_list_carries_its_numbering_on():
    markdown = "\n".join(f"{n}. " + "x" * 900 for n in range(1, 9))
    rendered = blocks.rich_text(markdown)
    lists = [b["elements"][0] for b in rendered]
    assert len(lists) > 1
    assert lists[1]["offset"] == len(lists[0]["elements"])
    assert sum(len(element["elements"]) for element in lists) == 8


def test_a_reply_over_fifty_blocks_is_split_with_buttons_on_the_last_message():
    reply = Reply(text="\n\n".join(f"Paragraph {n}." for n in range(120)),
                  choices=(Choice("a:yes", "Yes"), Choice("a:no", "No")))
    messages = blocks.messages(reply)
    assert len(messages) == 3
    assert all(len(m.blocks) <= blocks.MESSAGE_BLOCKS for m in messages)
    assert [b["type"] for m in messages for b in m.blocks].count("actions") == 1
    assert messages[-1].blocks[-1]["type"] == "actions"
    joined = "".join(t for m in messages for t in texts(m.blocks))
    assert all(f"Paragraph {n}." in joined for n in range(120))


def test_button_labels_are_clipped_and_values_are_the_choice_ids():
    reply = Reply(text="Pick", choices=tuple(Choice(f"s:{n}", "L" * 100) for n in range(30)))
    [message] = blocks.messages(reply)
    rows = [b for b in message.blocks if b["type"] == "actions"]
    assert [len(r["elements"]) for r in rows] == [25, 5]
    found = [e for r in rows for e in r["elements"]]
    assert all(len(e["text"]["text"]) <= blocks.LABEL_LIMIT for e in found)
    assert found[0]["text"]["text"].endswith("…")
    assert [e["value"] for e in found] == [f"s:{n}" for n in range(30)]
    assert len({e["action_id"] for e in found}) == 30


def test_a_text_file_falls_back_to_code_blocks_that_rebuild_it():
    content = json.dumps({"notes": ["n" * 500 for _ in range(60)]}, indent=2)
    attachment = Attachment("x.json", "application/json", content.encode())
    assert blocks.is_text(attachment)
    assert not blocks.is_text(Attachment("p.png", "image/png", b"\x89PNG"))
    messages = blocks.file_messages(attachment)
    assert all(len(m.blocks) <= blocks.EXPORT_BLOCKS for m in messages)
    code = [b for m in messages for b in m.blocks]
    assert all(b["elements"][0]["type"] == "rich_text_preformatted" for b in code)
    assert all(len(b["elements"][0]["elements"][0]["text"]) <= blocks.TEXT_LIMIT for b in code)
    rebuilt = "\n".join(b["elements"][0]["elements"][0]["text"] for b in code)
    assert json.loads(rebuilt) == json.loads(content)


def test_the_modal_prefills_known_values_and_reads_them_back():
    form = Form("f", "A title far longer than Slack allows", "Save", "Open", (
        Field("name", "Name", value="Sam"),
        Field("size", "Size", kind="select", options=(Choice("s", "Small"), Choice("l", "Large")),
              value="l"),
        Field("note", "Note", kind="long", max_length=9000),
    ))
    view = blocks.modal(form, "Cancel")
    assert len(view["title"]["text"]) <= blocks.TITLE_LIMIT
    name, size, note = view["blocks"]
    assert name["element"]["initial_value"] == "Sam"
    assert size["element"]["initial_option"]["value"] == "l"
    assert note["element"]["max_length"] == blocks.INPUT_LIMIT and "hint" not in note
    submitted = {"state": {"values": {
        "name": {"name": {"type": "plain_text_input", "value": "Sam"}},
        "size": {"size": {"type": "static_select", "selected_option": None}},
        "note": {"note": {"type": "plain_text_input", "value": None}},
    }}}
    assert blocks.submitted(submitted) == {"name": "Sam", "size": "", "note": ""}


def test_the_home_tab_divides_replies_and_numbers_buttons_across_them():
    view = blocks.home_view([Reply("One", choices=(Choice("a:1", "A"),)),
                             Reply("Two", choices=(Choice("b:1", "B"),))])
    assert view["type"] == "home"
    assert [b["type"] for b in view["blocks"]] == ["rich_text", "actions", "divider",
                                                   "rich_text", "actions"]
    ids = [b["elements"][0]["action_id"] for b in view["blocks"] if b["type"] == "actions"]
    assert ids == ["rb:c:0", "rb:c:1"]


def test_fallback_text_is_escaped_for_slack():
    [message] = blocks.messages(Reply(text=escape("<!here> & <@U1>")))
    assert message.text == "&lt;!here&gt; &amp; &lt;@U1&gt;"


_TYPED = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"),
                               include_characters="\n\r\t"), max_size=300)


@settings(max_examples=300, deadline=None)
@given(_TYPED)
def test_anything_a_person_types_arrives_as_one_literal_unstyled_run(typed):
    """Whatever the person typed, inserted into a template, is plain text elements only."""
    rendered = blocks.rich_text(f"You said «{escape(typed)}» just now.")
    elements = [e for b in rendered for part in b["elements"] for e in part["elements"]]
    assert {e["type"] for e in elements} <= {"text"}
    assert all("style" not in e for e in elements)
    words = "".join(e["text"] for e in elements)
    lines = typed.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept = "\n".join(line.strip() for line in lines if line.strip())
    assert words == f"You said «{kept}» just now."


def test_empty_markup_renders_no_empty_blocks():
    assert blocks.rich_text("#\n\n- \n\n") == []
    assert blocks.messages(Reply(text="")) == []


def test_links_are_url_buttons_before_the_choices_and_files_are_not_blocks():
    reply = Reply(text="Your draft is ready", choices=(Choice("a:b", "Next"),),
                  links=(Link("Open in my email app", "mailto:?subject=Hi%20there"),
                         Link("Too long", "https://example.com/" + "x" * 3000)),
                  attachments=(Attachment("plan.ics", "text/calendar", b"BEGIN:VCALENDAR"),))
    [message] = blocks.messages(reply)
    [row] = [b for b in message.blocks if b["type"] == "actions"]
    link, choice = row["elements"]
    assert link["url"] == "mailto:?subject=Hi%20there" and "value" not in link
    assert link["text"]["text"] == "Open in my email app"
    assert link["action_id"].startswith(blocks.LINK_ACTION)
    assert choice["value"] == "a:b" and "url" not in choice
    assert "BEGIN:VCALENDAR" not in json.dumps(message.blocks)

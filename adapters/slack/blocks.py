"""Replies as Block Kit: rich text for the words, buttons for choices, a modal for a form.

Why `rich_text` blocks rather than mrkdwn sections: mrkdwn has no escape
character, so escaping `&`, `<` and `>` stops pings and links but not
formatting: a person who typed `*this*` or `~that~` would see it bold or
struck through, and a line starting with `>` would become a quote. In a
`rich_text` block styles are flags on an element and mentions and links are
separate element types, so each literal `Span.text` from `adapters.markup`
travels as data that Slack can only display. The one field Slack still
parses is a message's fallback `text` (notifications, screen readers): it gets
`&`, `<`, `>` escaped and is sent with `mrkdwn` off.

Limits honoured here: 3,000 characters of text per block, 50 blocks per
message (100 in a home tab or modal), 25 buttons per actions block, 75
characters per button or option label, 24 per modal title, 2,000 per value,
3,000 per button URL, 5 options in an overflow menu (a select beyond that),
100 in a select.

A `Link` is a button with a `url`: Slack opens the address and still sends
a click, which the app only acknowledges. Files are not blocks: the app
uploads them (see `SlackBot`); `file_messages` is the fallback for text
files where the app lacks the files:write scope.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from adapters.markup import Block, Span, parse
from bot.model import Attachment, Choice, Field, Form, Link, Reply

TEXT_LIMIT = 3000
MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
BUTTONS_PER_ROW = 25
LABEL_LIMIT = 75
TITLE_LIMIT = 24
VALUE_LIMIT = 2000
OPTION_VALUE_LIMIT = 150
INPUT_LIMIT = 3000
OPTIONS_LIMIT = 100
OVERFLOW_LIMIT = 5
FALLBACK_LIMIT = 3000
EXPORT_BLOCKS = 5
URL_LIMIT = 3000

CHOICE_ACTION = "rb:c:"
"""Prefix of a choice button's action_id; the rest is its position on the surface."""
MENU_ACTION = "rb:m:"
"""Prefix of an overflow or select menu's action_id; the chosen option's value is a choice id."""
LINK_ACTION = "rb:u:"
"""Prefix of a link button's action_id: Slack opens its url; the click is only acknowledged."""
FORM_ACTION = "rb:f:"
"""Prefix of a button that opens a form; its value is the form id."""
FORM_CALLBACK = "rb:form"
"""callback_id of every form modal; private_metadata carries the form id."""

Json = dict[str, Any]


@dataclass(frozen=True)
class Message:
    """One chat.postMessage worth of content: fallback `text` and `blocks`."""

    text: str
    blocks: list[Json]


def escape(text: str) -> str:
    """Make text literal where Slack parses control sequences (`<!channel>`, `<@U…>`, `<url|x>`)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """What the person typed: Slack sends `&`, `<`, `>` in message text as entities."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def plain_text(text: str, limit: int = LABEL_LIMIT) -> Json:
    """A plain_text object: never parsed for mentions, links or emoji codes."""
    return {"type": "plain_text", "text": _clip(text, limit) or " ", "emoji": False}


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- neutral markdown -> rich_text ----------------------------------------------


def rich_text(markdown: str) -> list[Json]:
    """`rich_text` blocks for the engine's markdown, each under TEXT_LIMIT characters."""
    out: list[Json] = []
    for block in parse(markdown):
        out.extend(_block(block))
    return out


def _block(block: Block) -> list[Json]:
    if block.kind == "code":
        return [_rich({"type": "rich_text_preformatted",
                       "elements": [{"type": "text", "text": chunk}]})
                for chunk in _split_text(block.text, TEXT_LIMIT)]
    if block.kind in ("bullets", "numbers"):
        return _list(block)
    spans = block.spans
    if block.kind == "heading":
        spans = tuple(replace(s, bold=True) for s in spans)
    kind = "rich_text_quote" if block.kind == "quote" else "rich_text_section"
    return [_rich({"type": kind, "elements": _elements(chunk)})
            for chunk in _split_spans(spans, TEXT_LIMIT)]


def _list(block: Block) -> list[Json]:
    """Items packed into list blocks under the limit; numbering carries on across them."""
    style = "bullet" if block.kind == "bullets" else "ordered"
    groups: list[list[tuple[Span, ...]]] = [[]]
    size = 0
    for item in block.items:
        for part in _split_spans(item, TEXT_LIMIT):
            length = sum(len(s.text) for s in part)
            if groups[-1] and size + length > TEXT_LIMIT:
                groups.append([])
                size = 0
            groups[-1].append(part)
            size += length
    out: list[Json] = []
    done = 0
    for group in groups:
        if not group:
            continue
        element: Json = {"type": "rich_text_list", "style": style, "elements": [
            {"type": "rich_text_section", "elements": _elements(part)} for part in group]}
        if style == "ordered" and done:
            element["offset"] = done
        out.append(_rich(element))
        done += len(group)
    return out


def _rich(element: Json) -> Json:
    return {"type": "rich_text", "elements": [element]}


def _elements(spans: Sequence[Span]) -> list[Json]:
    out: list[Json] = []
    for span in spans:
        element: Json = {"type": "link", "url": span.link, "text": span.text} if span.link \
            else {"type": "text", "text": span.text}
        style = {k: True for k, on in (("bold", span.bold), ("italic", span.italic),
                                       ("code", span.code)) if on}
        if style:
            element["style"] = style
        out.append(element)
    return out


def _split_spans(spans: Sequence[Span], limit: int) -> list[tuple[Span, ...]]:
    """Spans in runs of at most `limit` characters, cut at a line or word break if there is one."""
    runs: list[tuple[Span, ...]] = []
    current: list[Span] = []
    size = 0
    for span in spans:
        text = span.text
        while size + len(text) > limit:
            cut = _cut(text, limit - size)
            if cut == 0:
                runs.append(tuple(current))
                current, size = [], 0
                continue
            current.append(replace(span, text=text[:cut]))
            runs.append(tuple(current))
            current, size, text = [], 0, text[cut:]
        if text:
            current.append(replace(span, text=text))
            size += len(text)
    if current:
        runs.append(tuple(current))
    return runs


def _cut(text: str, room: int) -> int:
    """Where to end a piece of `text` that may hold `room` characters; 0: start a new piece."""
    if room <= 0:
        return 0
    window = text[: room + 1]
    at = max(window.rfind("\n"), window.rfind(" "))
    if at >= room // 2:
        return min(at + 1, room)
    return room if room >= TEXT_LIMIT // 4 else 0


def _split_text(text: str, limit: int) -> list[str]:
    """Code or JSON in pieces of at most `limit` characters, at line ends where possible."""
    pieces: list[str] = []
    while len(text) > limit:
        at = text.rfind("\n", 0, limit)
        at = at if at > 0 else limit
        pieces.append(text[:at])
        text = text[at:].lstrip("\n")
    if text or not pieces:
        pieces.append(text or " ")
    return pieces


# -- buttons -----------------------------------------------------------------------


def _buttons(reply: Reply, numbers: Iterator[int]) -> list[Json]:
    """Actions blocks: links first, then one button per choice (value = choice id), the menu,
    the form's button."""
    buttons: list[Json] = [*_links(reply.links, numbers)]
    buttons += [
        {"type": "button", "action_id": f"{CHOICE_ACTION}{next(numbers)}",
         "text": plain_text(choice.label), "value": choice.id[:VALUE_LIMIT]}
        for choice in reply.choices
    ]
    if reply.menu:
        buttons.append(_menu(reply.menu, reply.menu_label, next(numbers)))
    if reply.form is not None:
        buttons.append({"type": "button", "action_id": f"{FORM_ACTION}{next(numbers)}",
                        "text": plain_text(reply.form.open_label),
                        "value": reply.form.id[:VALUE_LIMIT], "style": "primary"})
    return [{"type": "actions", "elements": buttons[i:i + BUTTONS_PER_ROW]}
            for i in range(0, len(buttons), BUTTONS_PER_ROW)]


def _links(links: Sequence[Link], numbers: Iterator[int]) -> list[Json]:
    """Link buttons; an address longer than Slack takes is left out rather than cut."""
    return [{"type": "button", "action_id": f"{LINK_ACTION}{next(numbers)}",
             "text": plain_text(link.label), "url": link.url}
            for link in links if len(link.url) <= URL_LIMIT]


def _menu(choices: Sequence[Choice], label: str, number: int) -> Json:
    """An overflow menu (the "…" button) for a few more choices; a select past its five."""
    options = [{"text": plain_text(c.label), "value": c.id[:OPTION_VALUE_LIMIT]}
               for c in choices[:OPTIONS_LIMIT]]
    if len(options) <= OVERFLOW_LIMIT:
        return {"type": "overflow", "action_id": f"{MENU_ACTION}{number}", "options": options}
    return {"type": "static_select", "action_id": f"{MENU_ACTION}{number}",
            "placeholder": plain_text(label or " "), "options": options}


# -- messages ----------------------------------------------------------------------


def messages(reply: Reply) -> list[Message]:
    """A reply as one or more messages; buttons ride on the last so they stay in view."""
    body = rich_text(reply.text)
    actions = _buttons(reply, itertools.count())
    out: list[Message] = []
    while len(body) + len(actions) > MESSAGE_BLOCKS and len(body) > 1:
        take = min(MESSAGE_BLOCKS, len(body) - 1)
        out.append(_message(body[:take]))
        body = body[take:]
    if body or actions:
        out.append(_message(body + actions))
    return out


def is_text(attachment: Attachment) -> bool:
    """Whether a file reads as text (JSON, a calendar), so code blocks can stand in for it."""
    kind = attachment.media_type.split(";")[0].strip().lower()
    return kind.startswith("text/") or kind in ("application/json", "application/xml")


def file_messages(attachment: Attachment) -> list[Message]:
    """A text file's content as code blocks, for an app installed without files:write."""
    content = attachment.data.decode("utf-8", errors="replace")
    blocks = [_rich({"type": "rich_text_preformatted", "elements": [{"type": "text", "text": p}]})
              for p in _split_text(content, TEXT_LIMIT)]
    return [_message(blocks[i:i + EXPORT_BLOCKS]) for i in range(0, len(blocks), EXPORT_BLOCKS)]


def _message(blocks: list[Json]) -> Message:
    return Message(text=fallback(blocks), blocks=blocks)


def fallback(blocks: Sequence[Json]) -> str:
    """The words of `blocks` as escaped plain text, for notifications and screen readers."""
    lines: list[str] = []
    for block in blocks:
        if block["type"] == "rich_text":
            lines.extend(_words(element) for element in block["elements"])
    return escape(_clip("\n".join(lines), FALLBACK_LIMIT))


def _words(element: Json) -> str:
    if "text" in element and element["type"] in ("text", "link"):
        return str(element["text"])
    sep = "\n" if element["type"] == "rich_text_list" else ""
    return sep.join(_words(e) for e in element.get("elements", []))


# -- app home and modals -----------------------------------------------------------


def home_view(replies: Sequence[Reply]) -> Json:
    """The App Home tab: each reply's words and buttons, divided, within VIEW_BLOCKS."""
    numbers = itertools.count()
    blocks: list[Json] = []
    for reply in replies:
        part = rich_text(reply.text) + _buttons(reply, numbers)
        if blocks:
            part.insert(0, {"type": "divider"})
        if len(blocks) + len(part) > VIEW_BLOCKS:
            break
        blocks.extend(part)
    return {"type": "home", "blocks": blocks}


def modal(form: Form, close: str) -> Json:
    """A form as a modal; block and action ids are the field ids, all else is plain text."""
    return {
        "type": "modal",
        "callback_id": FORM_CALLBACK,
        "private_metadata": form.id,
        "title": plain_text(form.title, TITLE_LIMIT),
        "submit": plain_text(form.submit, TITLE_LIMIT),
        "close": plain_text(close, TITLE_LIMIT),
        "blocks": [_input(f) for f in form.fields][:VIEW_BLOCKS],
    }


def _input(field: Field) -> Json:
    element: Json
    if field.kind == "select":
        options = [{"text": plain_text(o.label), "value": o.id[:OPTION_VALUE_LIMIT]}
                   for o in field.options[:OPTIONS_LIMIT]]
        element = {"type": "static_select", "action_id": field.id, "options": options}
        chosen = [o for o in options if o["value"] == field.value]
        if chosen:
            element["initial_option"] = chosen[0]
    else:
        limit = max(1, min(field.max_length, INPUT_LIMIT))
        element = {"type": "plain_text_input", "action_id": field.id,
                   "multiline": field.kind == "long", "max_length": limit}
        if field.value:
            element["initial_value"] = field.value[:limit]
    block: Json = {"type": "input", "block_id": field.id, "optional": not field.required,
                   "label": plain_text(field.label, VALUE_LIMIT), "element": element}
    if field.hint:
        block["hint"] = plain_text(field.hint, VALUE_LIMIT)
    return block


def submitted(view: Mapping[str, Any]) -> dict[str, str]:
    """A submitted modal's values by field id; an untouched input is the empty string."""
    values: dict[str, str] = {}
    for block_id, actions in view.get("state", {}).get("values", {}).items():
        for state in actions.values():
            if state.get("type") == "static_select":
                values[block_id] = (state.get("selected_option") or {}).get("value") or ""
            else:
                values[block_id] = state.get("value") or ""
    return values

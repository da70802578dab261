"""Neutral markdown from the engine, parsed into blocks every adapter can render.

The engine writes CommonMark with every user-typed character backslash-escaped.
Parsing it with markdown-it (rather than regexes) means those escapes are
honoured exactly, so user text arrives here as literal `Span.text` and each
adapter only has to escape literal text for its own platform.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from markdown_it import MarkdownIt
from markdown_it.token import Token

_PARSER = MarkdownIt("commonmark", {"html": False})


@dataclass(frozen=True)
class Span:
    """A run of literal text with its styling. `link` is a URL from a template."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str | None = None


@dataclass(frozen=True)
class Block:
    """`kind` is paragraph, heading, quote, bullets, numbers or code.

    Paragraph-like blocks use `spans`; lists use `items` (one span tuple per
    item); code uses `text`.
    """

    kind: str
    spans: tuple[Span, ...] = ()
    items: tuple[tuple[Span, ...], ...] = ()
    text: str = ""


def parse(markdown: str) -> list[Block]:
    """Blocks of the given neutral markdown, in order."""
    blocks: list[Block] = []
    list_kind: list[str] = []
    items: list[tuple[Span, ...]] = []
    in_quote = False
    heading = False
    for token in _PARSER.parse(markdown):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            list_kind.append("bullets" if token.type == "bullet_list_open" else "numbers")
            items = []
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            blocks.append(Block(list_kind.pop(), items=tuple(items)))
            items = []
        elif token.type == "blockquote_open":
            in_quote = True
        elif token.type == "blockquote_close":
            in_quote = False
        elif token.type == "heading_open":
            heading = True
        elif token.type == "inline":
            spans = _inline(token.children or [])
            if heading:
                blocks.append(Block("heading", spans=spans))
                heading = False
            elif list_kind:
                items.append(spans)
            else:
                blocks.append(Block("quote" if in_quote else "paragraph", spans=spans))
        elif token.type in ("fence", "code_block"):
            blocks.append(Block("code", text=token.content.rstrip("\n")))
    return blocks


def _inline(children: list[Token]) -> tuple[Span, ...]:
    spans: list[Span] = []
    style = Span("")
    for child in children:
        kind = child.type
        if kind == "text":
            spans.append(replace(style, text=child.content))
        elif kind == "code_inline":
            spans.append(replace(style, text=child.content, code=True))
        elif kind in ("softbreak", "hardbreak"):
            spans.append(replace(style, text="\n"))
        elif kind == "strong_open":
            style = replace(style, bold=True)
        elif kind == "strong_close":
            style = replace(style, bold=False)
        elif kind == "em_open":
            style = replace(style, italic=True)
        elif kind == "em_close":
            style = replace(style, italic=False)
        elif kind == "link_open":
            style = replace(style, link=str(child.attrs.get("href", "")))
        elif kind == "link_close":
            style = replace(style, link=None)
    return tuple(_merge(spans))


def _merge(spans: list[Span]) -> list[Span]:
    """Join neighbouring spans of the same style so adapters emit fewer markers."""
    merged: list[Span] = []
    for span in spans:
        if merged and replace(merged[-1], text="") == replace(span, text=""):
            merged[-1] = replace(span, text=merged[-1].text + span.text)
        elif span.text:
            merged.append(span)
    return merged


def plain(markdown: str) -> str:
    """The text a person would read, without any markup (terminal pipes, tests, previews)."""
    out: list[str] = []
    for block in parse(markdown):
        if block.kind == "code":
            out.append(block.text)
        elif block.kind in ("bullets", "numbers"):
            marks = (f"{n}." for n in range(1, len(block.items) + 1))
            out.append("\n".join(
                f"{'-' if block.kind == 'bullets' else next(marks)} {_plain_spans(item)}"
                for item in block.items
            ))
        else:
            out.append(_plain_spans(block.spans))
    return "\n\n".join(out)


def _plain_spans(spans: tuple[Span, ...]) -> str:
    return "".join(
        f"{s.text} ({s.link})" if s.link and s.link != s.text else s.text for s in spans
    )

"""The engine's neutral markdown as Discord message text: inert, and at most 2,000 characters.

`adapters.markup.parse` has already separated the templates' own markup from
literal text, so every `Span.text` here is data: it is escaped so that nothing
a person typed can format, link, embed or ping in Discord. Long replies are
cut between blocks, then lines, then words, and every piece is rendered on
its own, so a cut never lands inside a `**bold**` or a code block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from adapters.markup import Block, Span, parse

LIMIT = 2000  # Discord rejects longer message content (error 50035).
ZWSP = "\u200b"

_ESCAPES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"([\\*_~`|<>\[\]])"), r"\\\1"),  # markdown characters: a backslash
    (re.compile(r"(^|\n)([ \t]*)([#+-])"), r"\1\2\\\3"),  # a heading or bullet at line start
    (re.compile(r"(^|\n)([ \t]*\d+)\."), r"\1\2\\."),  # a numbered list's "1."
    (re.compile(r"@"), "@" + ZWSP),  # @everyone, <@123>, <@&456>
    (re.compile(r"(?i)([a-z][a-z0-9+.-]*):(?=//)"), r"\1:" + ZWSP),  # a URL's scheme
    (re.compile(r"(?i)\b([a-z0-9-]+)\.([a-z]{2,}/)"), r"\1." + ZWSP + r"\2"),  # example.com/
)
"""What `escape` does to literal text, in order: each pattern and its replacement."""
_SAFE_LINK = re.compile(r"(?i)^(https?://|mailto:|tel:)[^\s<>]+$")
_FENCE = re.compile(r"`{3,}")


def escape(text: str) -> str:
    """Literal text that Discord shows exactly as typed and never acts on.

    Markdown characters get a backslash (Discord drops it when rendering);
    `@` and `://` get a zero-width space, which breaks mentions
    (`@everyone`, `<@123>`, `<@&456>`) and auto-linked or embedded URLs
    without changing what the person reads.
    """
    for pattern, replacement in _ESCAPES:
        text = pattern.sub(replacement, text)
    return text


def span(s: Span) -> str:
    """One run of text with its style; whitespace stays outside the markers."""
    body = s.text.strip()
    if not body:
        return s.text
    lead = s.text[: len(s.text) - len(s.text.lstrip())]
    trail = s.text[len(s.text.rstrip()):]
    if s.code:
        out = f"`` {body} ``" if "`" in body else f"`{body}`"
    elif s.link and _SAFE_LINK.match(s.link):
        # Angle brackets keep the link clickable but stop Discord embedding a preview.
        out = f"<{s.link}>" if body == s.link else f"[{escape(body)}](<{s.link}>)"
    else:
        out = escape(body)
    if s.italic:
        out = f"_{out}_"
    if s.bold:
        out = f"**{out}**"
    return f"{lead}{out}{trail}"


def _lines(spans: tuple[Span, ...]) -> list[list[Span]]:
    """Spans cut at line breaks, so each line renders (and can be split off) on its own."""
    lines: list[list[Span]] = [[]]
    for s in spans:
        parts = s.text.split("\n")
        for n, part in enumerate(parts):
            if n:
                lines.append([])
            if part:
                lines[-1].append(replace(s, text=part))
    return lines


def _words(spans: list[Span], prefix: str, limit: int) -> list[str]:
    """A line too long for one message, cut between words (or, for one huge word, inside it)."""
    pieces: list[str] = []
    done = prefix  # rendered spans of the piece being filled
    for s in spans:
        pending = ""  # raw text of `s` that goes into the current piece
        for word in re.findall(r"\S+\s*|\s+", s.text):
            if len(done + span(replace(s, text=pending + word))) <= limit:
                pending += word
                continue
            if pending or done != prefix:
                pieces.append((done + span(replace(s, text=pending))).rstrip())
                done, pending = prefix, ""
            if len(prefix + span(replace(s, text=word))) > limit:
                pieces.extend(prefix + part for part in _cut_word(s, word, limit - len(prefix)))
            else:
                pending = word.lstrip()
        done += span(replace(s, text=pending)) if pending else ""
    if done != prefix:
        pieces.append(done.rstrip())
    return pieces


def _cut_word(style: Span, word: str, room: int) -> list[str]:
    """One word longer than a message (a pasted blob): cut into rendered pieces that fit."""
    out: list[str] = []
    while word:
        size = min(len(word), room)
        while size > 1 and len(span(replace(style, text=word[:size]))) > room:
            size = max(1, size * room // len(span(replace(style, text=word[:size]))) - 1)
        out.append(span(replace(style, text=word[:size])))
        word = word[size:]
    return out


def _line(spans: list[Span], prefix: str, limit: int) -> list[str]:
    rendered = prefix + "".join(span(s) for s in spans)
    return [rendered] if len(rendered) <= limit else _words(spans, prefix, limit)


def _code(text: str, limit: int) -> list[str]:
    """A code block, re-fenced in pieces if it is too long; its content is never escaped."""
    text = _FENCE.sub(lambda m: "`" + ZWSP + m[0][1:], text)
    room = limit - len("```\n\n```")
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > room:
            if current:
                chunks.append(current)
                current = ""
            chunks.append(line[:room])
            line = line[room:]
        if current and len(current) + 1 + len(line) > room:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    chunks.append(current)
    return [f"```\n{chunk}\n```" for chunk in chunks if chunk or len(chunks) == 1]


def _block(block: Block, limit: int) -> list[str]:
    """A block as self-contained pieces, each at most `limit`, to be joined by newlines."""
    if block.kind == "code":
        return _code(block.text, limit)
    if block.kind in ("bullets", "numbers"):
        out: list[str] = []
        for n, item in enumerate(block.items, start=1):
            mark = "- " if block.kind == "bullets" else f"{n}. "
            for i, line in enumerate(_lines(item)):
                out.extend(_line(line, mark if i == 0 else "  ", limit))
        return out
    prefix = "> " if block.kind == "quote" else ""
    out = []
    for line in _lines(block.spans):
        if block.kind == "heading":
            line = [replace(s, bold=True) for s in line]
        if line:
            out.extend(_line(line, prefix, limit))
    return out


@dataclass(frozen=True)
class _Piece:
    text: str
    first_of_block: bool


def messages(markdown: str, limit: int = LIMIT) -> list[str]:
    """Discord message contents for one reply: blocks kept whole where they fit."""
    pieces = [
        _Piece(text, n == 0)
        for block in parse(markdown)
        for n, text in enumerate(_block(block, limit))
    ]
    out: list[str] = []
    current = ""
    for piece in pieces:
        gap = "\n\n" if piece.first_of_block else "\n"
        joined = f"{current}{gap}{piece.text}" if current else piece.text
        if len(joined) <= limit:
            current = joined
        else:
            out.append(current)
            current = piece.text
    if current:
        out.append(current)
    return out


def plain_cut(text: str, limit: int) -> str:
    """Plain text (a button label, a modal title) cut to Discord's length limit."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

"""Replies as terminal output: rich styling on a terminal, plain lines in a pipe.

User text reaches rich only inside `Text` objects, never as markup strings,
so "[bold]" typed by a person prints as itself. A link prints as
``label: url`` (terminals make the address clickable themselves); a file is
saved under the `--files-dir` folder, never over an existing file, and its
path is printed.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.text import Text

from adapters.markup import Block, Span, parse, plain
from bot.model import Attachment, Reply
from bot.render import messages

FALLBACK_NAME = "rebound-file"


def _spans(spans: tuple[Span, ...]) -> Text:
    out = Text()
    for span in spans:
        style = " ".join(s for s, on in (("bold", span.bold), ("italic", span.italic),
                                          ("cyan", span.code), ("underline", bool(span.link)))
                         if on)
        out.append(span.text, style=style or None)
        if span.link and span.link != span.text:
            out.append(f" ({span.link})", style="dim")
    return out


def _block(block: Block) -> Text:
    if block.kind == "code":
        return Text(block.text, style="cyan")
    if block.kind in ("bullets", "numbers"):
        lines = Text()
        for n, item in enumerate(block.items, start=1):
            lines.append("  • " if block.kind == "bullets" else f"  {n}. ")
            lines.append_text(_spans(item))
            if n < len(block.items):
                lines.append("\n")
        return lines
    text = _spans(block.spans)
    if block.kind == "heading":
        text.stylize("bold")
    if block.kind == "quote":
        text.stylize("italic")
    return text


class Screen:
    """Where replies go: a rich console, or plain text when not on a terminal."""

    def __init__(self, console: Console, rich: bool, files_dir: Path | None = None) -> None:
        self.console = console
        self.rich = rich
        self.files_dir = files_dir or Path.cwd()

    def reply(self, reply: Reply) -> None:
        if self.rich:
            for block in parse(reply.text):
                self.console.print(_block(block))
                self.console.print()
        else:
            self.console.print(Text(plain(reply.text)))
            self.console.print()
        for link in reply.links:
            self.console.print(Text(f"{link.label}: ", style="bold" if self.rich else None)
                               + Text(link.url), soft_wrap=True)
        for attachment in reply.attachments:
            path = save(attachment, self.files_dir)
            self.console.print(Text(plain(messages().say("chrome/console/saved",
                                                         path=str(path)))), soft_wrap=True)
        if reply.links or reply.attachments:
            self.console.print()

    def options(self, labels: list[str], keys: str = "123456789") -> None:
        """Buttons as `[key] label`; more buttons than keys are shown without one."""
        for index, label in enumerate(labels):
            key = keys[index] if index < len(keys) else "-"
            self.console.print(Text(f"[{key}] ", style="cyan" if self.rich else None)
                               + Text(label))
        if labels:
            self.console.print()

    def line(self, text: str, style: str | None = None) -> None:
        self.console.print(Text(text, style=style if self.rich else None))


def save(attachment: Attachment, folder: Path) -> Path:
    """Write `attachment` into `folder` under its own name, or name-2, name-3… if taken.

    Only the last part of the name is used, so a name can never reach
    outside `folder`; the exclusive open means an existing file is never
    overwritten, even by another process saving at the same moment.
    """
    name = Path(attachment.filename).name.lstrip(".") or FALLBACK_NAME
    stem, suffix = Path(name).stem, Path(name).suffix
    folder.mkdir(parents=True, exist_ok=True)
    number = 1
    while True:
        path = folder / (name if number == 1 else f"{stem}-{number}{suffix}")
        try:
            with path.open("xb") as out:
                out.write(attachment.data)
            return path
        except FileExistsError:
            number += 1

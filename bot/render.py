"""Every sentence the bot says comes from `messages/` through here.

Templates are trusted; the values poured into them are not. Each `{{ value }}`
is escaped as neutral-markdown *data* on its way out (see `escape`), so a
person's words can never become bold text, a list, a link, a mention or
template code, whatever adapter renders the result later.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from typing import Any

import jinja2

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_BLANK_LINES = re.compile(r"\n\s*\n+")


class Safe(str):
    """Markdown the bot itself produced (e.g. a rendered sub-template); not escaped again."""


def escape(value: object) -> str:
    """Make any value plain text inside neutral markdown.

    Every ASCII punctuation character gets a backslash (CommonMark allows it
    for all of them); line starts lose indentation so nothing becomes a code
    block; newlines become hard breaks so a pasted paragraph stays one
    paragraph and cannot open a list or heading.
    """
    if isinstance(value, Safe):
        return value
    text = "" if value is None else str(value)
    text = _BLANK_LINES.sub("\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [_PUNCTUATION.sub(r"\\\1", line.strip()) for line in text.split("\n")]
    return "\\\n".join(line for line in lines if line)


def _finalize(value: Any) -> str:
    return escape(value)


class Messages:
    """The jinja2 environment over the `messages` package, plus its labels."""

    def __init__(self) -> None:
        root = resources.files("messages")
        self._env = jinja2.Environment(
            loader=jinja2.FunctionLoader(lambda name: _load(root, name)),
            undefined=jinja2.StrictUndefined,
            finalize=_finalize,
            trim_blocks=True,
            lstrip_blocks=True,
            autoescape=False,
        )
        self._labels = tomllib.loads(root.joinpath("labels.toml").read_text("utf-8"))

    def say(self, name: str, /, **values: Any) -> str:
        """Render `messages/<name>.md.j2` (name like ``recovery/vent``)."""
        text = self._env.get_template(name).render(**values)
        return Safe(re.sub(r"\n{3,}", "\n\n", text).strip())

    def label(self, key: str, /, **values: Any) -> str:
        """A short label (button, field) from `messages/labels.toml`, as plain text.

        Labels may hold `{name}` placeholders; values are inserted verbatim
        because adapters show labels as plain text (button captions).
        """
        node: Any = self._labels
        for part in key.split("."):
            node = node[part]
        if not isinstance(node, str):
            raise KeyError(key)
        return node.format(**values) if values else node


def _load(root: Any, name: str) -> str:
    path = root.joinpath(*f"{name}.md.j2".split("/"))
    if not path.is_file():
        raise jinja2.TemplateNotFound(name)
    return path.read_text("utf-8")


@cache
def messages() -> Messages:
    """One shared, read-only environment per process (templates compile once)."""
    return Messages()

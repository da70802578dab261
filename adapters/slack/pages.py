"""The web pages of a Rebound that many workspaces install: its front page and how an
install ended.

Wording lives in `messages/web/*.html.j2`, like every other sentence. Unlike
chat templates these are HTML, so values are HTML-escaped on the way in
(autoescape); no script runs on any page.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import jinja2

FOLDER = "web"


def _load(name: str) -> str:
    path = resources.files("messages").joinpath(FOLDER, f"{name}.html.j2")
    if not path.is_file():
        raise jinja2.TemplateNotFound(name)
    return path.read_text("utf-8")


@cache
def _pages() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FunctionLoader(_load), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True,
                              lstrip_blocks=True)


def page(name: str, /, **values: Any) -> str:
    """`messages/web/<name>.html.j2` as a whole HTML document."""
    return _pages().get_template(name).render(**values)

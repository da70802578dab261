"""The recovery routes, in one table: which way on leads where, and where the facts come first.

Listening (vent), reflecting, the draft and the plan each offer ways on
("Reflect on what happened", "Draft a reply to them", ...). Every such button
is a row of `WAYS`; where it leads is a `Route`. A route marked `facts_first`
goes through the facts form (`recovery.facts`) while the facts about the job
are still missing, then on to its step. Steps consult this table instead of
importing each other, so adding a way on is one row here.

`python -m bot.routes --mermaid` draws the table as a Mermaid flowchart in
ARCHITECTURE.md (between the ``routes`` markers); a test fails when the
committed drawing and the table disagree.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from pathlib import Path

from bot.flows import nav
from bot.flows.base import Turn
from bot.flows.names import (
    DRAFT,
    FACTS,
    PICK,
    REFLECT_FIRST,
    REST,
    REVIEW,
    REVIEWED,
    SAVED,
    SUMMARY,
    VENT,
)
from bot.model import Choice


@dataclass(frozen=True)
class Route:
    """Where a way on leads; through the facts form first while the facts are missing."""

    to: str
    facts_first: bool = True


@dataclass(frozen=True)
class Way:
    """A button that takes a route: its option, the route's name, its label's key."""

    option: str
    route: str
    label: str = ""

    def label_key(self) -> str:
        return self.label or f"recovery.way_on.{self.route}"


ROUTES: dict[str, Route] = {
    "reflect": Route(REFLECT_FIRST),
    "draft": Route(DRAFT),
    "plan": Route(PICK),
    "rest": Route(REST, facts_first=False),
}
_ALL = tuple(Way(name, name) for name in ROUTES)
WAYS: dict[str, tuple[Way, ...]] = {
    VENT: _ALL,
    REST: _ALL[:3],
    SUMMARY: _ALL[1:],
    DRAFT: (Way("plan", "plan"), Way("rest", "rest")),
    REVIEW: (Way("back_to_draft", "draft", "recovery.draft.back_to_draft"),),
    REVIEWED: (Way("draft", "draft", "recovery.draft.reviewed.draft"),
               Way("plan", "plan"), Way("rest", "rest")),
    SAVED: (Way("draft", "draft"), Way("rest", "rest")),
}
"""Each step's ways on, in the order its buttons are shown."""
MARKERS = ("<!-- routes:begin (python -m bot.routes --mermaid) -->", "<!-- routes:end -->")


def buttons(t: Turn, step: str, *, leave_out: tuple[str, ...] = ()) -> list[Choice]:
    """The ways on from `step` as its buttons (without the options in `leave_out`)."""
    return [t.option(step, way.option, way.label_key()) for way in WAYS[step]
            if way.option not in leave_out]


def follow(t: Turn) -> bool:
    """Take the way on the person chose at their current step; False if they chose none."""
    for way in WAYS.get(t.conv.step, ()):
        if t.choice == way.option:
            take(t, way.route)
            return True
    return False


def take(t: Turn, route: str) -> None:
    """Go the named route: through the facts form first where the facts are still missing."""
    goes = ROUTES[route]
    if goes.facts_first and not t.data.facts_done:
        nav.call(t, FACTS, then=goes.to)
    else:
        nav.go(t, goes.to)


def mermaid() -> str:
    """The table as a Mermaid flowchart: solid arrows are the ways on, dotted ones the facts
    form taken first while the facts are missing."""
    lines = ["flowchart LR", f'  {_node(FACTS)}(["{FACTS}"])']
    for step, ways in WAYS.items():
        lines.append(f'  {_node(step)}["{step}"]')
        for way in ways:
            lines.append(f"  {_node(step)} -->|{way.option}| {_node(ROUTES[way.route].to)}")
        if any(ROUTES[way.route].facts_first for way in ways):
            lines.append(f"  {_node(step)} -.->|facts missing| {_node(FACTS)}")
    for route in ROUTES.values():
        if route.facts_first:
            lines.append(f"  {_node(FACTS)} -.->|then| {_node(route.to)}")
    return "\n".join(lines)


def _node(step: str) -> str:
    return re.sub(r"\W", "_", step)


def drawn(page: str) -> str:
    """`page` with the drawing between the markers replaced by the table's."""
    begin, end = MARKERS
    head, _, rest = page.partition(begin)
    _, _, tail = rest.partition(end)
    return f"{head}{begin}\n```mermaid\n{mermaid()}\n```\n{end}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.routes", description=__doc__)
    parser.add_argument("--mermaid", action="store_true", help="redraw it in --page")
    parser.add_argument("--page", default="ARCHITECTURE.md", type=Path)
    args = parser.parse_args(argv)
    if not args.mermaid:
        print(mermaid())
        return 0
    args.page.write_text(drawn(args.page.read_text()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

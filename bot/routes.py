"""The recovery routes, in one table: which way on leads where, and where the facts come first.

Listening (vent), reflecting, the draft and the plan each offer ways on
("Reflect on what happened", "Draft a reply to them", ...). Every such button
is a row of `WAYS`; where it leads is a `Route`. A route marked `facts_first`
goes through the facts form (`recovery.facts`) while the facts about the job
are still missing, then on to its step. Steps consult this table instead of
importing each other, so adding a way on is one row here.

`python -m bot.diagram` draws the table as a Mermaid flowchart in
ARCHITECTURE.md (`mermaid`, between the ``routes`` markers); a test fails when
the committed drawing and the table disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
MARKERS = ("<!-- routes:begin (python -m bot.diagram) -->", "<!-- routes:end -->")


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
    """The table as a Mermaid flowchart. A thick arrow is a way on that goes through the
    facts form first while the facts are missing; the form then goes on (dotted)."""
    nodes = dict.fromkeys([FACTS, *WAYS, *(route.to for route in ROUTES.values())])
    lines = ["flowchart LR", *(f'  {_node(step)}["{step}"]' for step in nodes)]
    for step, ways in WAYS.items():
        for way in ways:
            route = ROUTES[way.route]
            arrow = "==>" if route.facts_first else "-->"
            lines.append(f"  {_node(step)} {arrow}|{way.option}| {_node(route.to)}")
    lines += [f"  {_node(FACTS)} -.->|then| {_node(route.to)}"
              for route in ROUTES.values() if route.facts_first]
    return "\n".join(lines)


def _node(step: str) -> str:
    return re.sub(r"\W", "_", step)


def drawn(page: str) -> str:
    """`page` with the drawing between the markers replaced by the table's."""
    begin, end = MARKERS
    head, _, rest = page.partition(begin)
    _, _, tail = rest.partition(end)
    return f"{head}{begin}\n```mermaid\n{mermaid()}\n```\n{end}{tail}"

"""Moving between steps: the only code that changes where a conversation is.

Three ideas cover every move:

- `go` to a step, which asks its question; the step left goes on the
  history, so `back` returns to it.
- `call` a detour (a crisis response, the time-zone question, the facts
  before a draft, a check-in, a note, group set-up, admin settings): a
  `Frame` on the conversation's stack remembers where it was called from,
  and `finish` returns there (or goes on to `then`) without anyone writing
  a return address by hand. Calling a detour already under way starts it
  over rather than stacking it twice; `back` out of its first step leaves it.
- `hand_over` the turn to another step, which answers what was just said
  (typing more after "that's all for now" is venting again).

Steps only say where to go; the current step (`conv.step`) and the history
are written here and nowhere else.
"""

from __future__ import annotations

from bot.flows.base import STEPS, Step, Turn
from bot.flows.names import START
from bot.state import Frame

HISTORY_LIMIT = 30


def current(t: Turn) -> Step:
    """The step the conversation is on; one it no longer knows resumes at the start."""
    return STEPS.get(t.conv.step) or STEPS[START]


def move(t: Turn, step: str, *, remember: bool = True) -> None:
    """Be at `step` without asking anything (the caller has said what is needed)."""
    here = t.conv.step
    if remember and here and here != step:
        t.conv.history = [*t.conv.history, here][-HISTORY_LIMIT:]
    t.conv.step = step


def go(t: Turn, step: str, *, remember: bool = True) -> None:
    """Move to `step` and ask its question; `back` will return here unless not `remember`."""
    move(t, step, remember=remember)
    STEPS[step].ask(t)


def hand_over(t: Turn, step: str) -> None:
    """Let `step` answer what was just said, as if the person had been there all along."""
    move(t, step, remember=False)
    STEPS[step].answer(t)


def call(t: Turn, step: str, *, then: str | None = None, remember: bool = True) -> None:
    """Go into a detour at `step`; `finish` comes back here (or goes on to `then`).

    Without `remember` the step called from stays off the history, for a detour
    that `back` should not lead into (a crisis response, the time-zone question).
    """
    for depth, frame in enumerate(t.data.stack):
        if frame.entry == step:  # already under way: start it over where it was
            del t.data.stack[depth + 1:]
            t.conv.history = t.conv.history[:frame.base + frame.kept]
            STEPS[step].called(t)
            go(t, step, remember=False)
            return
    here = t.conv.step
    kept = remember and bool(here) and here != step
    t.data.stack.append(Frame(entry=step, caller=here, then=then or here,
                              base=len(t.conv.history), kept=kept))
    STEPS[step].called(t)
    go(t, step, remember=remember)


def inside(t: Turn) -> Frame | None:
    """The detour under way, if any."""
    return t.data.stack[-1] if t.data.stack else None


def finish(t: Turn, *, ask: bool = True, otherwise: str = START) -> None:
    """End the detour under way: back to the step it was called from, as the history was
    then, or on to its `then` (a step forward from here). `ask` False comes back quietly,
    without its question (after a check-in, say, the old question is not dragged back up).

    With no detour under way (its step was reached again by `back`), go on to `otherwise`.
    """
    frame = t.data.stack.pop() if t.data.stack else None
    if frame is None:
        move(t, otherwise)
    elif frame.then != frame.caller:
        move(t, frame.then)
    else:
        t.conv.history = t.conv.history[:frame.base]
        t.conv.step = frame.caller
    if ask and t.conv.step:
        STEPS[t.conv.step].resumed(t)


def back(t: Turn) -> bool:
    """Return to the previous step and ask it again; False when there is none.

    Stepping back out of a detour's first step leaves the detour.
    """
    if not t.conv.history:
        return False
    t.conv.step = t.conv.history.pop()
    while t.data.stack and len(t.conv.history) < t.data.stack[-1].base + t.data.stack[-1].kept:
        t.data.stack.pop()
    STEPS[t.conv.step].ask(t)
    return True


def rewind(t: Turn, step: str) -> None:
    """Be at `step` again as when it was last left, forgetting the steps taken since
    (it stays last on the history, as it was when it was left)."""
    history = t.conv.history
    last = len(history) - 1 - history[::-1].index(step) if step in history else len(history)
    t.conv.history = history[:last + 1]
    t.conv.step = step


def reask(t: Turn) -> None:
    """Ask the current question again; someone with no conversation yet gets the welcome."""
    if t.conv.step not in STEPS:
        t.conv.step = START
    STEPS[t.conv.step].ask(t)


def start_over(t: Turn) -> None:
    """Nowhere yet, nothing to go back to, no detour under way; then the start."""
    t.conv.history = []
    t.data.stack = []
    t.conv.step = ""
    go(t, START, remember=False)


def begin(t: Turn) -> None:
    """A first contact: the start's question."""
    go(t, START, remember=False)


def place(t: Turn, step: str) -> None:
    """Put a conversation with no place yet at `step` (a first message that needed care)."""
    if not t.conv.step:
        t.conv.step = step

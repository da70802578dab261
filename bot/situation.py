"""Which kind of reply fits what happened, read from the facts they gave.

The usual advice (thank them, ask for feedback, connect on LinkedIn) assumes
a real interview and real news. Being ghosted or turned down by an automated
email needs a different reply, and the draft, its notes and the plan all read
the situation from here so none of them contradicts the facts.
"""

from __future__ import annotations

from typing import Any

STAGES = ("applied", "screen", "interview", "final")
LIVE_STAGES = ("screen", "interview", "final")
"""How far it went, and the stages where they met someone live."""
USUAL = "usual"
GHOSTED = "ghosted"
LET_GO = "let_go"
AUTOMATED = "automated"


def situation(known: dict[str, Any], *, followed_up: bool = False) -> str:
    """`ghosted` until they have already followed up once; then it's time to `let_go`."""
    if known.get("news") == "silence":
        return LET_GO if followed_up else GHOSTED
    if known.get("news") == "automated" or known.get("stage") == "applied":
        return AUTOMATED
    return USUAL


def asks_feedback(known: dict[str, Any]) -> bool:
    """A feedback ask only in a reply to real news after meeting the manager."""
    return feedback_fits(known) and situation(known) == USUAL


def feedback_fits(known: dict[str, Any]) -> bool:
    """Ask for feedback only after a live interview with the hiring manager: after an
    application-only or automated no there is nobody to ask, and the ask reads as a
    complaint rather than a wish to improve."""
    return known.get("met_manager") == "yes" and known.get("stage") in LIVE_STAGES


def met_someone(known: dict[str, Any]) -> bool:
    """Whether there is a person to stay in touch with (a LinkedIn offer makes sense)."""
    return known.get("stage") in LIVE_STAGES or known.get("met_manager") == "yes"

"""The dialogues. Importing a step module registers its steps (and scheduled messages)."""

from __future__ import annotations

import importlib

STEP_MODULES = ("care", "vent", "facts", "reflect", "draft", "plan", "zone", "reminders",
                "weekly",
                "privacy", "groups", "checkin", "peers", "safety_plan", "server_admin")


def load() -> None:
    """Register every step (idempotent: modules import once)."""
    for name in STEP_MODULES:
        importlib.import_module(f"bot.flows.{name}")

"""The crisis screen and what it needs: `screen()` is the one entry point the engine calls."""

from bot.safety.advice import advice_topic
from bot.safety.resources import Resource, resources_for
from bot.safety.screen import NOTHING, Finding, Kind, Tier, screen

__all__ = ["NOTHING", "Finding", "Kind", "Resource", "Tier", "advice_topic", "resources_for",
           "screen"]

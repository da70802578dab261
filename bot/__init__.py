"""Rebound's platform-neutral engine: `Engine(db_path).handle(Event(...))` gives replies."""

from bot.engine import Engine
from bot.model import Attachment, Choice, Delivery, Event, Field, Form, Link, Reply

__all__ = ["Attachment", "Choice", "Delivery", "Engine", "Event", "Field", "Form", "Link",
           "Reply"]

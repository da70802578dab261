"""Crisis and emergency contacts by region. Data kept in code so it works offline."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Resource:
    """A crisis service. Data, kept in code so it works with no network."""

    region: str
    name: str
    contact: str
    url: str = ""


_US = Resource("US", "988 Suicide & Crisis Lifeline", "call or text 988", "https://988lifeline.org")
_UK_IE = Resource("UK & Ireland", "Samaritans", "call 116 123", "https://www.samaritans.org")
_DIRECTORY = Resource("Anywhere else", "Find A Helpline", "findahelpline.com",
                      "https://findahelpline.com")

RESOURCES: dict[str, tuple[Resource, ...]] = {
    "US": (_US, _DIRECTORY),
    "GB": (_UK_IE, _DIRECTORY),
    "IE": (_UK_IE, _DIRECTORY),
    "CA": (Resource("Canada", "9-8-8 Suicide Crisis Helpline", "call or text 988",
                    "https://988.ca"), _DIRECTORY),
    "AU": (Resource("Australia", "Lifeline", "call 13 11 14 or text 0477 13 11 14",
                    "https://www.lifeline.org.au"), _DIRECTORY),
}
DEFAULT_RESOURCES = (_US, _UK_IE, _DIRECTORY)
_ALIASES = {"UK": "GB", "USA": "US", "IRELAND": "IE", "UNITED KINGDOM": "GB"}


def resources_for(region: str | None) -> tuple[Resource, ...]:
    """Resources for REBOUND_REGION (ISO code); unknown or unset shows the default set."""
    code = (region or "").strip().upper()
    return RESOURCES.get(_ALIASES.get(code, code), DEFAULT_RESOURCES)

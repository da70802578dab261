"""Crisis, domestic-abuse and emergency contacts by region. Data kept in code so it works offline.

Only well-known national services, free to reach, open at any hour where the
service allows. Anywhere else the response points to findahelpline.com and
"your local emergency number" rather than guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Resource:
    """A service someone can reach: a number to call and/or text, and where it is online."""

    region: str
    name: str
    call: str = ""
    text: str = ""
    text_word: str = ""  # the word to text, when the service asks for one
    url: str = ""  # without the scheme, as people would type it


@dataclass(frozen=True)
class Help:
    """Everything the safety responses show for one region."""

    code: str | None  # a supported ISO 3166 code; None for the default set or anywhere else
    place: str  # how the region is named in a sentence ("the UK")
    crisis: tuple[Resource, ...]
    abuse: tuple[Resource, ...]
    emergency: str | None  # None: "your local emergency number"


DIRECTORY = "findahelpline.com"

_988 = Resource("US", "988 Suicide & Crisis Lifeline", call="988", text="988",
                url="988lifeline.org")
_NDVH = Resource("US", "National Domestic Violence Hotline", call="1-800-799-7233",
                 text="88788", text_word="START", url="thehotline.org")
_SAMARITANS = Resource("UK & Ireland", "Samaritans", call="116 123", url="samaritans.org")
_UK_ABUSE = Resource("UK", "National Domestic Abuse Helpline", call="0808 2000 247",
                     url="nationaldahelpline.org.uk")

REGIONS: dict[str, Help] = {
    "US": Help("US", "the US", (_988,), (_NDVH,), "911"),
    "CA": Help("CA", "Canada", (
        Resource("Canada", "9-8-8 Suicide Crisis Helpline", call="988", text="988",
                 url="988.ca"),
    ), (
        Resource("Canada", "ShelterSafe", url="sheltersafe.ca"),
    ), "911"),
    "GB": Help("GB", "the UK", (
        _SAMARITANS,
        Resource("UK", "Shout", text="85258", text_word="SHOUT", url="giveusashout.org"),
    ), (_UK_ABUSE,), "999"),
    "IE": Help("IE", "Ireland", (
        _SAMARITANS,
        Resource("Ireland", "50808", text="50808", text_word="HELLO", url="50808.ie"),
    ), (
        Resource("Ireland", "Women's Aid", call="1800 341 900", url="womensaid.ie"),
    ), "112 or 999"),
    "AU": Help("AU", "Australia", (
        Resource("Australia", "Lifeline", call="13 11 14", text="0477 13 11 14",
                 url="lifeline.org.au"),
    ), (
        Resource("Australia", "1800RESPECT", call="1800 737 732", url="1800respect.org.au"),
    ), "000"),
    "NZ": Help("NZ", "New Zealand", (
        Resource("New Zealand", "1737, Need to talk?", call="1737", text="1737",
                 url="1737.org.nz"),
        Resource("New Zealand", "Lifeline Aotearoa", call="0800 543 354", text="4357",
                 url="lifeline.org.nz"),
    ), (
        Resource("New Zealand", "Women's Refuge", call="0800 733 843",
                 url="womensrefuge.org.nz"),
    ), "111"),
    "IN": Help("IN", "India", (
        Resource("India", "Tele-MANAS", call="14416 or 1-800-891-4416",
                 url="telemanas.mohfw.gov.in"),
    ), (
        Resource("India", "Women Helpline", call="181"),
    ), "112"),
}
SUPPORTED = tuple(REGIONS)

DEFAULT = Help(None, "", (_988, _SAMARITANS), (_NDVH, _UK_ABUSE), None)
"""Nothing known about where the person is: the widest-reaching lines, and the directory."""

ELSEWHERE = Help(None, "", (), (), None)
"""A region we hold no lines for: the directory and the local emergency number, no guesses."""

_ALIASES = {"UK": "GB", "USA": "US", "IRELAND": "IE", "UNITED KINGDOM": "GB",
            "ENGLAND": "GB", "SCOTLAND": "GB", "WALES": "GB", "NORTHERN IRELAND": "GB",
            "CANADA": "CA", "AUSTRALIA": "AU", "NEW ZEALAND": "NZ", "INDIA": "IN"}
_LOCALE_REGION = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z]{4})?[-_]([A-Za-z]{2}|\d{3})(?:[-_]|$)")


def region_code(said: str | None) -> str | None:
    """The supported region a person or a setting names ("uk", "GB", "Ireland"), else None."""
    code = " ".join((said or "").upper().split())
    code = _ALIASES.get(code, code)
    return code if code in REGIONS else None


def region_from_locale(locale: str | None) -> str | None:
    """The region part of a BCP 47 tag (``en-GB`` -> ``GB``); None when the tag has none."""
    found = _LOCALE_REGION.match((locale or "").strip())
    return found.group(1).upper() if found else None


def pick_region(chosen: str | None, locale: str | None, default: str | None) -> str | None:
    """Whose word counts, in order: the person's own choice, their platform's locale,
    then the deployment's REBOUND_REGION. None when nothing says."""
    return chosen or region_from_locale(locale) or (default or "").strip().upper() or None


def help_for(region: str | None) -> Help:
    """The lines for a region: its own, the default set when none is known, else the directory."""
    if not (region or "").strip():
        return DEFAULT
    return REGIONS.get(region_code(region) or "", ELSEWHERE)


def resources_for(region: str | None) -> tuple[Resource, ...]:
    """The crisis lines for a region (see `help_for`)."""
    return help_for(region).crisis

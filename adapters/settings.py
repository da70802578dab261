"""Checking the operator's settings before anything starts.

A mistyped variable should stop the process with one line that says which
variable and what it accepts, not run on with a silent fallback (a wrong
REBOUND_REGION would show people the wrong crisis lines) or die later with a
traceback.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from adapters.logs import FORMATS
from bot import retention
from bot.safety.resources import SUPPORTED, region_code

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
ELSEWHERE = "OTHER"  # a country Rebound holds no lines for
_WEB_ADDRESS = re.compile(r"https?://[^\s()<>\[\]]+")
"""Shown as a link in chat: no spaces or brackets that would end the link early."""


def problems(environ: Mapping[str, str]) -> list[str]:
    """One line per setting that can't be used, naming it and what it accepts."""
    return [f"{name}: {advice}" for name, check in CHECKS.items()
            if (value := environ.get(name)) and (advice := check(value))]


def _log_level(value: str) -> str | None:
    return None if value.strip().upper() in LOG_LEVELS else f"use one of {', '.join(LOG_LEVELS)}"


def _log_format(value: str) -> str | None:
    return None if value.strip().lower() in FORMATS else f"use one of {', '.join(FORMATS)}"


def _region(value: str) -> str | None:
    if not value.strip() or value.strip().upper() == ELSEWHERE or region_code(value):
        return None
    return (f"use one of {', '.join(SUPPORTED)}, or {ELSEWHERE} for the helpline directory "
            "and the local emergency number only")


def _time_zone(value: str) -> str | None:
    if not value.strip():
        return None
    try:
        ZoneInfo(value.strip())
    except (ZoneInfoNotFoundError, ValueError):
        return "use an IANA time zone name such as Europe/London or America/New_York"
    return None


def _days(value: str) -> str | None:
    if not value.strip() or (value.strip().isdecimal() and int(value) > 0):
        return None
    return f"use a whole number of days, 1 or more (default {retention.DEFAULT_DAYS})"


def _web_address(value: str) -> str | None:
    if not value.strip() or _WEB_ADDRESS.fullmatch(value.strip()):
        return None
    return "use a full web address such as https://example.org/rebound-privacy"


CHECKS: dict[str, Callable[[str], str | None]] = {
    "REBOUND_LOG_LEVEL": _log_level,
    "REBOUND_LOG_FORMAT": _log_format,
    "REBOUND_REGION": _region,
    "REBOUND_TZ": _time_zone,
    retention.ENV: _days,
    "REBOUND_PRIVACY_URL": _web_address,
}
"""Each setting that has to be checked, and how: what to use instead, or None if it will do."""

"""Checking the operator's settings before anything starts.

A mistyped variable should stop the process with one line that says which
variable and what it accepts, not run on with a silent fallback (a wrong
REBOUND_REGION would show people the wrong crisis lines) or die later with a
traceback.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
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
    out = []
    level = environ.get("REBOUND_LOG_LEVEL")
    if level and level.strip().upper() not in LOG_LEVELS:
        out.append(f"REBOUND_LOG_LEVEL: use one of {', '.join(LOG_LEVELS)}")
    style = environ.get("REBOUND_LOG_FORMAT")
    if style and style.strip().lower() not in FORMATS:
        out.append(f"REBOUND_LOG_FORMAT: use one of {', '.join(FORMATS)}")
    region = environ.get("REBOUND_REGION")
    if region and region.strip() and region.strip().upper() != ELSEWHERE \
            and region_code(region) is None:
        out.append(f"REBOUND_REGION: use one of {', '.join(SUPPORTED)}, or {ELSEWHERE} for "
                   "the helpline directory and the local emergency number only")
    zone = environ.get("REBOUND_TZ")
    if zone and zone.strip():
        try:
            ZoneInfo(zone.strip())
        except (ZoneInfoNotFoundError, ValueError):
            out.append("REBOUND_TZ: use an IANA time zone name such as Europe/London or "
                       "America/New_York")
    keep = environ.get(retention.ENV)
    if keep is not None and keep.strip() and not (keep.strip().isdecimal() and int(keep) > 0):
        out.append(f"{retention.ENV}: use a whole number of days, 1 or more (default "
                   f"{retention.DEFAULT_DAYS})")
    url = (environ.get("REBOUND_PRIVACY_URL") or "").strip()
    if url and not _WEB_ADDRESS.fullmatch(url):
        out.append("REBOUND_PRIVACY_URL: use a full web address such as "
                   "https://example.org/rebound-privacy")
    return out

"""What a log line may say about a failure: where it happened, never what it was about.

An exception's message can quote data ("invalid literal for int(): '<what
they typed>'"), and nothing a person wrote may reach a log; so engine,
workers, sender and adapters all log failures through `describe_failure`.
"""

from __future__ import annotations

import traceback
from pathlib import Path


def describe_failure(exc: BaseException) -> str:
    """The exception's type and the code path it took (innermost frame first), no message."""
    frames = traceback.extract_tb(exc.__traceback__)
    path = " < ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(frames))
    return f"{type(exc).__name__} at {path}"

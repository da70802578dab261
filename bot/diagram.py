"""`python -m bot.diagram [PAGE]`: redraw the recovery routes in ARCHITECTURE.md from `bot.routes`.

The drawing goes between the page's ``routes`` markers; everything else on the
page is left as it is. A test fails when the committed drawing is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bot.routes import drawn


def main(argv: list[str]) -> int:
    page = Path(argv[0] if argv else "ARCHITECTURE.md")
    page.write_text(drawn(page.read_text()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

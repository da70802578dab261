"""`python -m bench`: print every benchmark's figures as one JSON document."""

from __future__ import annotations

import json
import logging

from bench import discord, engine, listening, slack


def main() -> None:
    logging.disable(logging.WARNING)
    figures = {"engine": engine.run(), "slack": slack.run(), "discord": discord.run(),
               "listening": listening.run()}
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()

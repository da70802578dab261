"""`python -m bench [NAME ...]`: print benchmark figures as one JSON document (all by default)."""

from __future__ import annotations

import argparse
import json
import logging

from bench import discord, engine, listening, load, postgres, progress, safety, slack

BENCHES = {"engine": engine.run, "slack": slack.run, "discord": discord.run, "safety": safety.run,
           "listening": listening.run, "load": load.run, "postgres": postgres.run,
           "progress": progress.run}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"which benches to run, of {', '.join(BENCHES)} (default: all)")
    names = parser.parse_args(argv).names or list(BENCHES)
    unknown = [name for name in names if name not in BENCHES]
    if unknown:
        parser.error(f"no bench called {', '.join(unknown)}")
    logging.disable(logging.WARNING)
    figures = {name: BENCHES[name]() for name in names}
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()

"""The container and service files name commands, flags, variables and paths that exist.

Docker can't run here, so these read compose.yaml, the Dockerfile and the
systemd units the way Docker and systemd would, and hold every command to
`rebound`'s real parser and every variable to the ones `rebound --help`
documents. The Dockerfile's health check runs for real against /healthz.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from adapters import cli
from adapters.metrics import Metrics, Server
from adapters.slack import cli as slack_cli

ROOT = Path(__file__).resolve().parent.parent
REBOUND = ("slack", "discord")
DOCUMENTED = set(re.findall(r"^  ([A-Z][A-Z_]+) ", cli.ENVIRONMENT, re.M))


# -- the YAML compose.yaml is written in: block maps and lists, quoted or JSON-like values --


def load_yaml(text: str) -> Any:
    lines = [(len(line) - len(line.lstrip(" ")), line.strip()) for line in text.splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    value, end = _block(lines, 0)
    assert end == len(lines), f"can't read line {lines[end]}"
    return value


def _block(lines: list[tuple[int, str]], at: int) -> tuple[Any, int]:
    indent = lines[at][0]
    if lines[at][1].startswith("- "):
        items = []
        while at < len(lines) and lines[at][0] == indent and lines[at][1].startswith("- "):
            items.append(_scalar(lines[at][1][2:]))
            at += 1
        return items, at
    mapping: dict[str, Any] = {}
    while at < len(lines) and lines[at][0] == indent:
        key, _, rest = lines[at][1].partition(":")
        at += 1
        if rest.strip():
            mapping[key] = _scalar(rest.strip())
        elif at < len(lines) and lines[at][0] > indent:
            mapping[key], at = _block(lines, at)
        else:
            mapping[key] = None
    return mapping, at


def _scalar(text: str) -> Any:
    return json.loads(text) if text[0] in '"[' else text


# -- what the files say ---------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = load_yaml((ROOT / "compose.yaml").read_text("utf-8"))
    return loaded


def dockerfile() -> dict[str, list[str]]:
    """Each instruction's arguments, continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", (ROOT / "Dockerfile").read_text("utf-8"))
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            word, _, rest = line.strip().partition(" ")
            found.setdefault(word, []).append(rest.strip())
    return found


def rebound_args(command: list[str]) -> Any:
    """What `rebound` makes of a command line: the same parser, so a bad flag fails here."""
    assert Path(command[0]).name == "rebound", command
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    assert "rebound" in scripts
    return cli.parser().parse_args(command[1:])


def test_compose_runs_slack_discord_and_postgres_on_a_named_volume(compose):
    services = compose["services"]
    assert set(services) == {"slack", "discord", "postgres"}
    postgres = services["postgres"]
    assert postgres["image"].startswith("postgres:")
    [mount] = postgres["volumes"]
    volume, _, path = mount.partition(":")
    assert volume in compose["volumes"] and path == "/var/lib/postgresql/data"
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    for name in REBOUND:
        assert services[name]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert (ROOT / "Dockerfile").is_file()
    assert {services[name]["build"] for name in REBOUND} == {"."}
    assert services["slack"]["image"] == services["discord"]["image"]


def test_compose_commands_are_real_rebound_commands(compose):
    slack = rebound_args(compose["services"]["slack"]["command"])
    assert slack.adapter == "slack" and slack.http
    published = [p.rpartition(":")[2] for p in compose["services"]["slack"]["ports"]]
    assert published == [str(slack.port)]
    discord = rebound_args(compose["services"]["discord"]["command"])
    assert discord.adapter == "discord" and discord.metrics_port
    check = " ".join(compose["services"]["discord"]["healthcheck"]["test"])
    assert f"127.0.0.1:{discord.metrics_port}/healthz" in check


def test_compose_passes_the_settings_rebound_reads(compose):
    services = compose["services"]
    for name in REBOUND:
        env = services[name]["environment"]
        assert set(env) <= DOCUMENTED, set(env) - DOCUMENTED
        database = urlsplit(env["REBOUND_DB"])
        assert database.scheme == "postgresql" and database.hostname == "postgres"
        assert database.username == services["postgres"]["environment"]["POSTGRES_USER"]
        assert database.path == "/" + services["postgres"]["environment"]["POSTGRES_DB"]
        assert database.port == 5432
    slack = services["slack"]["environment"]
    assert {*slack_cli.MANY, "SLACK_SIGNING_SECRET"} <= set(slack)
    assert "SLACK_BOT_TOKEN" not in slack  # many workspaces: each brings its own token
    assert "DISCORD_TOKEN" in services["discord"]["environment"]


def test_dockerfile_runs_rebound_unprivileged_with_its_database_on_a_volume():
    found = dockerfile()
    [base] = found["FROM"]
    assert re.fullmatch(r"python:3\.1[1-9]-slim", base)
    [user] = found["USER"]
    assert user not in ("root", "0")
    settings = dict(pair.split("=", 1) for line in found["ENV"] for pair in line.split())
    [volume] = found["VOLUME"]
    assert Path(settings["REBOUND_DB"]).parent == Path(volume)
    assert found["EXPOSE"] == [settings["PORT"]] == [str(slack_cli.DEFAULT_PORT)]
    for line in found["COPY"]:
        for source in line.split()[:-1]:
            assert (ROOT / source).exists(), source
    command = rebound_args(json.loads(found["CMD"][0]))
    assert command.adapter == "slack" and command.http


def test_the_dockerfile_health_check_asks_healthz(engine):
    [check] = dockerfile()["HEALTHCHECK"]
    argv = json.loads(check[check.index("CMD ") + 4:])
    assert argv[0] == "python" and "/healthz" in argv[-1]
    server = Server(Metrics(engine), "127.0.0.1", 0).start()
    try:
        env = {"PORT": str(server.port), "PATH": str(Path(sys.executable).parent)}
        assert subprocess.run(argv, env=env, timeout=20).returncode == 0
    finally:
        server.close()
    refused = subprocess.run(argv, env=env, capture_output=True, timeout=20)
    assert refused.returncode != 0  # nothing listening: unhealthy


@pytest.mark.parametrize("unit", ["rebound-slack.service", "rebound-discord.service"])
def test_systemd_units_start_real_commands(unit):
    text = (ROOT / "deploy" / unit).read_text("utf-8")
    settings = dict(line.split("=", 1) for line in text.splitlines()
                    if "=" in line and not line.startswith("#"))
    args = rebound_args(shlex.split(settings["ExecStart"]))
    assert args.adapter == unit.split("-")[1].split(".")[0]
    assert (args.http if args.adapter == "slack" else args.metrics_port)
    assert settings["User"] != "root" and settings["Restart"] == "on-failure"
    assert settings["EnvironmentFile"].startswith("/etc/rebound/")
    for line in text.splitlines():
        if line.startswith("Environment="):
            name = line.removeprefix("Environment=").split("=")[0]
            assert name in DOCUMENTED

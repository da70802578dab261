"""A fake Discord on 127.0.0.1 for the tests and the benchmark: REST and a tiny gateway.

Nothing in the running bot uses it. It records every request (method, path,
JSON body or multipart payload, file names, arrival time) so tests assert on
what a person would see, and answers the way Discord does, including
`?with_response=1` interaction callbacks. `fail()` injects errors;
`close_dms()` makes DMs to a user fail with 403 / 50007.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

BOT_ID = "1290000000000000001"
APP_ID = "1290000000000000002"
BOT_USER = {"id": BOT_ID, "username": "Rebound", "global_name": None, "discriminator": "0",
            "avatar": None, "bot": True, "public_flags": 0, "flags": 0}


@dataclass(frozen=True)
class Upload:
    """One file part of a multipart request: its form field name, filename, type and bytes."""

    name: str
    filename: str
    content_type: str
    data: bytes


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, str]
    body: Any
    files: list[str] = field(default_factory=list)
    uploads: list[Upload] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    at: float = field(default_factory=time.perf_counter)  # when it arrived

    @property
    def content(self) -> str:
        data = self.body.get("data", self.body) if isinstance(self.body, dict) else {}
        return str(data.get("content") or "")

    @property
    def data(self) -> dict[str, Any]:
        """The message part: the body itself, or `data` of an interaction callback."""
        if not isinstance(self.body, dict):
            return {}
        return self.body.get("data") or {} if "type" in self.body else self.body

    @property
    def custom_ids(self) -> list[str]:
        return [c["custom_id"] for row in self.data.get("components", [])
                for c in row.get("components", []) if "custom_id" in c]

    @property
    def labels(self) -> list[str]:
        return [c.get("label", "") for row in self.data.get("components", [])
                for c in row.get("components", [])]


Route = Callable[[Call, re.Match[str]], tuple[int, Any]]
"""The answer to a request whose path matched: an HTTP status and the JSON body."""


@dataclass
class Failure:
    method: str
    pattern: re.Pattern[str]
    status: int
    code: int
    times: int


class FakeDiscord:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.messages: dict[str, dict[str, Any]] = {}
        self.failures: list[Failure] = []
        self.closed_dms: set[str] = set()
        self.dm_channels: dict[str, str] = {}
        self.identified = asyncio.Event()
        self.identify: dict[str, Any] = {}
        self._ids = itertools.count(1310000000000000000)
        self._changed = asyncio.Condition()
        self._sockets: list[web.WebSocketResponse] = []
        self._runner: web.AppRunner | None = None
        self._routes = self._route_table()
        self.url = ""

    # -- control ---------------------------------------------------------------

    async def start(self) -> str:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        return f"{self.url}/api/v10"

    async def stop(self) -> None:
        for ws in self._sockets:
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    def fail(self, method: str, path: str, status: int, code: int = 0, times: int = 1) -> None:
        self.failures.append(Failure(method, re.compile(path), status, code, times))

    def close_dms(self, user: str) -> None:
        self.closed_dms.add(user)

    def snowflake(self) -> str:
        return str(next(self._ids))

    async def wait_for(self, test: Callable[[Call], bool], *, after: int = 0,
                       timeout: float = 5.0) -> Call:
        """The first recorded call (from index `after`) passing `test`, waiting if need be."""
        async def found() -> Call:
            async with self._changed:
                while True:
                    for call in self.calls[after:]:
                        if test(call):
                            return call
                    await self._changed.wait()
        return await asyncio.wait_for(found(), timeout)

    async def settle(self, idle: float = 0.05, timeout: float = 5.0) -> None:
        """Wait until no request has arrived for `idle` seconds (used after the awaited one)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        seen = -1
        while len(self.calls) != seen and loop.time() < deadline:
            seen = len(self.calls)
            await asyncio.sleep(idle)

    def find(self, method: str, path: str, after: int = 0) -> list[Call]:
        pattern = re.compile(path)
        return [c for c in self.calls[after:] if c.method == method and pattern.search(c.path)]

    # -- the gateway -------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 45000}}))
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                continue
            frame = json.loads(msg.data)
            if frame["op"] == 1:
                await ws.send_str(json.dumps({"op": 11}))
            elif frame["op"] == 2:
                self.identify = frame["d"]
                self.identified.set()
                ready = {"v": 10, "user": BOT_USER, "guilds": [], "session_id": "fake-session",
                         "resume_gateway_url": f"{self.url.replace('http', 'ws')}/gateway",
                         "application": {"id": APP_ID, "flags": 0}}
                if "shard" in frame["d"]:
                    ready["shard"] = frame["d"]["shard"]
                await ws.send_str(json.dumps({"op": 0, "s": 1, "t": "READY", "d": ready}))
        return ws

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a gateway event to every connected bot."""
        for ws in self._sockets:
            await ws.send_str(json.dumps({"op": 0, "s": 2, "t": event, "d": data}))

    # -- the REST API ------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body: Any = None
        files: list[str] = []
        uploads: list[Upload] = []
        if request.content_type == "multipart/form-data":
            reader = await request.multipart()
            async for part in reader:
                if part.name == "payload_json":  # type: ignore[union-attr]
                    body = json.loads(await part.text())  # type: ignore[union-attr]
                else:
                    files.append(part.filename or "")  # type: ignore[union-attr]
                    uploads.append(Upload(
                        part.name or "", part.filename or "",  # type: ignore[union-attr]
                        part.headers.get("Content-Type", ""),  # type: ignore[union-attr]
                        bytes(await part.read())))  # type: ignore[union-attr]
        elif request.can_read_body:
            raw = await request.read()
            body = json.loads(raw) if raw else None
        call = Call(request.method, path, dict(request.query), body, files, uploads,
                    {k: v for k, v in request.headers.items() if k.lower() == "authorization"})
        status, answer = self._answer(call)
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()
        if status == 204:
            return web.Response(status=204)
        # discord.py parses JSON only for exactly this content type (no charset).
        return web.Response(status=status, body=json.dumps(answer).encode(),
                            headers={"Content-Type": "application/json"})

    def _answer(self, call: Call) -> tuple[int, Any]:
        for failure in self.failures:
            if (failure.times and failure.method == call.method
                    and failure.pattern.search(call.path)):
                failure.times -= 1
                return failure.status, {"code": failure.code, "message": "fake failure"}
        for method, pattern, answer in self._routes:
            if method in ("*", call.method) and (match := pattern.fullmatch(call.path)):
                return answer(call, match)
        return 404, {"code": 0, "message": "404: Not Found"}

    def _route_table(self) -> list[tuple[str, re.Pattern[str], Route]]:
        """The REST paths Rebound uses, each with its answer ("*": any method)."""
        return [(method, re.compile(path), answer) for method, path, answer in (
            ("GET", r"/users/@me", lambda call, m: (200, BOT_USER)),
            ("GET", r"/oauth2/applications/@me", lambda call, m: (200, _application())),
            ("GET", r"/gateway/bot", self._gateway_bot),
            ("PUT", rf"/applications/{APP_ID}/commands", self._commands),
            ("POST", r"/users/@me/channels", self._open_dm),
            ("POST", r"/channels/(\d+)/messages", self._post),
            ("POST", r"/interactions/(\d+)/[^/]+/callback", self._callback),
            ("*", rf"/webhooks/{APP_ID}/[^/]+/messages/@original", self._original),
            ("POST", rf"/webhooks/{APP_ID}/[^/]+", lambda call, m: (200, self._message("0", call))),
        )]

    def _gateway_bot(self, call: Call, match: re.Match[str]) -> tuple[int, Any]:
        return 200, {"url": f"{self.url.replace('http', 'ws')}/gateway", "shards": 1,
                     "session_start_limit": {"total": 1000, "remaining": 999,
                                             "reset_after": 0, "max_concurrency": 1}}

    def _commands(self, call: Call, match: re.Match[str]) -> tuple[int, Any]:
        return 200, [dict(c, id=self.snowflake(), application_id=APP_ID, version="1")
                     for c in call.body]

    def _open_dm(self, call: Call, match: re.Match[str]) -> tuple[int, Any]:
        user = str(call.body["recipient_id"])
        channel = self.dm_channels.setdefault(user, self.snowflake())
        return 200, {"id": channel, "type": 1, "last_message_id": None,
                     "recipients": [{"id": user, "username": "person", "discriminator": "0",
                                     "avatar": None, "global_name": None}]}

    def _post(self, call: Call, match: re.Match[str]) -> tuple[int, Any]:
        owner = next((u for u, c in self.dm_channels.items() if c == match[1]), None)
        if owner in self.closed_dms:
            return 403, {"code": 50007, "message": "Cannot send messages to this user"}
        return 200, self._message(match[1], call)

    def _callback(self, call: Call, match: re.Match[str]) -> tuple[int, Any]:
        kind = call.body["type"]
        resource: dict[str, Any] = {"type": kind}
        if kind in (4, 7):
            resource["message"] = self._message("0", call)
        return 200, {"interaction": {"id": match[1], "type": 2,
                                     "response_message_loading": kind == 5,
                                     "response_message_ephemeral": False},
                     "resource": resource}

    def _original(self, call: Call, match: re.Match[str]) -> tuple[int, Any]:
        if call.method == "DELETE":
            return 204, None
        return 200, self._message("0", call)

    def _message(self, channel: str, call: Call) -> dict[str, Any]:
        data = call.data
        message = {
            "id": self.snowflake(), "channel_id": channel, "author": BOT_USER,
            "content": data.get("content") or "", "timestamp": "2026-11-21T10:00:00+00:00",
            "edited_timestamp": None, "tts": False, "mention_everyone": False, "mentions": [],
            "mention_roles": [], "attachments": [{"id": self.snowflake(), "filename": f,
                                                  "size": 1, "url": "", "proxy_url": ""}
                                                 for f in call.files],
            "embeds": [], "pinned": False, "type": 0, "flags": data.get("flags") or 0,
            "components": data.get("components") or [],
        }
        self.messages[message["id"]] = message
        return message


def _application() -> dict[str, Any]:
    return {"id": APP_ID, "name": "Rebound", "icon": None, "description": "", "summary": "",
            "rpc_origins": [], "bot_public": True, "bot_require_code_grant": False,
            "verify_key": "0" * 64, "flags": 0, "owner": BOT_USER, "team": None,
            "interactions_endpoint_url": None, "bot": BOT_USER}

"""A stand-in for Slack on 127.0.0.1: the Web API and `response_url`, recording every call.

It lives in the package, not under tests/, because `python -m bench` drives
the adapter against it too. Point a client at it with
`web_client(token, fake.url)` (what SLACK_API_URL does in production), and
build requests Slack would sign with `signed_headers`. Nothing here reaches
the network: the server binds to 127.0.0.1 on a free port.

It also plays Slack's side of an install: `/oauth/v2/authorize` approves at
once for `install_team` and sends the browser back to the redirect URL with
a code, `oauth.v2.access` swaps that code (once) for a bot token of that
team's own, and `auth.test` answers for whichever team a token belongs to.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from adapters.background import ServerThread

API_PREFIX = "/api/"
WEBHOOK_PREFIX = "/webhook/"
AUTHORIZE_PATH = "/oauth/v2/authorize"
APP_ID = "A0REBOUND"
UPLOAD_PREFIX = "/upload/"
JSON_FIELDS = ("blocks", "view", "attachments", "files")


@dataclass(frozen=True)
class Call:
    """One request the fake received: the API method (or "webhook"), its params and headers.

    A file's bytes, sent to the address files.getUploadURLExternal handed
    out, are recorded as method "upload" with params `file_id` and `data`.
    """

    method: str
    params: dict[str, Any]
    headers: dict[str, str]


@dataclass
class _Canned:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


class FakeSlack:
    """Answers the methods Rebound uses like Slack does; `fail` queues other answers."""

    def __init__(self, team: str = "T0REBOUND", bot_user: str = "U0REBOUND",
                 bot_id: str = "B0REBOUND") -> None:
        self.team, self.bot_user, self.bot_id = team, bot_user, bot_id
        self.locale = "en-GB"
        """What users.info says a person's locale is, when asked with include_locale."""
        self.admins: set[str] = set()
        """Who users.info says administers the workspace (``is_admin``)."""
        self.socket_url = "ws://127.0.0.1:9/"
        """What apps.connections.open hands out: point it at a local ws:// server."""
        self.install_team = team
        """The workspace whose admin approves the next install at the authorize page."""
        self._codes: dict[str, str] = {}
        self._tokens: dict[str, str] = {}
        self._issued = itertools.count(1)
        self._calls: list[Call] = []
        self._canned: dict[str, list[_Canned]] = {}
        self._changed = threading.Condition()
        self._ts = itertools.count(1)
        self._hooks = itertools.count(1)
        self._files = itertools.count(1)
        self._served = ServerThread(ThreadingHTTPServer(("127.0.0.1", 0), self._handler()),
                                    "fake-slack", poll=0.02)

    # -- lifecycle -------------------------------------------------------------

    def start(self) -> FakeSlack:
        self._served.start()
        return self

    def stop(self) -> None:
        self._served.close()

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The Web API base URL (ends with a slash, as WebClient needs)."""
        return f"http://127.0.0.1:{self._served.port}{API_PREFIX}"

    def webhook_url(self) -> str:
        """A fresh `response_url` for a slash command or button payload."""
        return f"http://127.0.0.1:{self._served.port}{WEBHOOK_PREFIX}{next(self._hooks)}"

    # -- what tests use ------------------------------------------------------------

    def fail(self, method: str, *, status: int = 200, error: str = "internal_error",
             headers: dict[str, str] | None = None, times: int = 1) -> None:
        """The next `times` calls to `method` get `status` and `{"ok": false, "error": error}`."""
        canned = _Canned(status, {"ok": False, "error": error}, headers or {})
        with self._changed:
            self._canned.setdefault(method, []).extend([canned] * times)

    def calls(self, method: str | None = None) -> list[Call]:
        with self._changed:
            return [c for c in self._calls if method is None or c.method == method]

    def wait(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """The first `count` calls to `method`, waiting up to `timeout` seconds for them."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [c for c in self._calls if c.method == method]
                left = deadline - time.monotonic()
                if len(found) >= count or left <= 0:
                    break
                self._changed.wait(left)
        if len(found) < count:
            raise AssertionError(f"expected {count} {method} call(s), got {len(found)}: "
                                 f"{[c.method for c in self.calls()]}")
        return found[:count]

    def token_team(self, token: str | None) -> str | None:
        """The workspace an issued bot token belongs to (None for tokens not issued here)."""
        with self._changed:
            return self._tokens.get(token or "")

    def clear(self) -> None:
        with self._changed:
            self._calls.clear()

    # -- answering ---------------------------------------------------------------

    def _grant(self, team: str) -> str:
        """A fresh one-time code, as Slack gives the browser of someone who approved an
        install in `team`."""
        code = f"{next(self._issued)}.code-for-{team}"
        with self._changed:
            self._codes[code] = team
        return code

    def _exchange(self, params: dict[str, Any]) -> _Canned:
        """oauth.v2.access: a code good once becomes a bot token for its team."""
        with self._changed:
            team = self._codes.pop(str(params.get("code")), None)
            if team is None:
                return _Canned(200, {"ok": False, "error": "invalid_code"})
            token = f"xoxb-{team}-{next(self._issued)}-fake"
            self._tokens[token] = team
        return _Canned(200, {
            "ok": True, "app_id": APP_ID, "authed_user": {"id": "U0INSTALLER"},
            "scope": "commands,chat:write", "token_type": "bot", "access_token": token,
            "bot_user_id": self.bot_user, "team": {"id": team, "name": f"Workspace {team}"},
            "enterprise": None, "is_enterprise_install": False})

    def _answer(self, method: str, params: dict[str, Any]) -> _Canned:
        with self._changed:
            queue = self._canned.get(method)
            if queue:
                return queue.pop(0)
        if method == "oauth.v2.access":
            return self._exchange(params)
        ts = f"{1_790_000_000 + next(self._ts)}.000100"
        bodies: dict[str, dict[str, Any]] = {
            "auth.test": {"url": "https://rebound.example/", "team": "Rebound test",
                          "user": "rebound", "team_id": self.team, "user_id": self.bot_user,
                          "bot_id": self.bot_id},
            "conversations.open": {"channel": {"id": "D" + str(params.get("users", "U?"))[1:]}},
            "chat.postMessage": {"channel": params.get("channel"), "ts": ts,
                                 "message": {"text": params.get("text"), "ts": ts}},
            "chat.postEphemeral": {"message_ts": ts},
            "users.info": {"user": {"id": params.get("user"), "tz": "Europe/London",
                                    "is_admin": params.get("user") in self.admins,
                                    "real_name": "Amy Example",
                                    "profile": {"real_name": "Amy Example"}}},
            "views.open": {"view": {"id": "V0MODAL", "hash": ts}},
            "views.publish": {"view": {"id": "V0HOME", "hash": ts}},
            "apps.connections.open": {"url": self.socket_url},
            "files.completeUploadExternal": {"files": [
                {"id": f.get("id"), "title": f.get("title")}
                for f in params.get("files") or [] if isinstance(f, dict)]},
        }
        if method == "files.getUploadURLExternal":
            file_id = f"F0FILE{next(self._files):04d}"
            port = self._served.port
            bodies[method] = {"file_id": file_id,
                              "upload_url": f"http://127.0.0.1:{port}{UPLOAD_PREFIX}{file_id}"}
        if method == "users.info" and str(params.get("include_locale")).lower() in ("1", "true"):
            bodies["users.info"]["user"]["locale"] = self.locale
        return _Canned(200, {"ok": True, **bodies.get(method, {})})

    def _record(self, call: Call) -> None:
        with self._changed:
            self._calls.append(call)
            self._changed.notify_all()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self._serve()

            def do_POST(self) -> None:
                self._serve()

            def _serve(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(length) if length else b""
                headers = {k.lower(): v for k, v in self.headers.items()}
                if parts.path.startswith(UPLOAD_PREFIX):
                    fake._record(Call("upload", {"file_id": parts.path[len(UPLOAD_PREFIX):],
                                                 "data": data}, headers))
                    self._send(200, b"OK - " + str(len(data)).encode(), "text/plain")
                    return
                params = _params(data.decode(), self.headers.get("Content-Type", ""),
                                 parts.query)
                if parts.path.startswith(WEBHOOK_PREFIX):
                    fake._record(Call("webhook", params, headers))
                    self._send(200, b"ok", "text/plain")
                    return
                if parts.path == AUTHORIZE_PATH:
                    self._approve(params, headers)
                    return
                method = parts.path[len(API_PREFIX):] if parts.path.startswith(API_PREFIX) else ""
                answer = fake._answer(method, params)
                bearer = headers.get("authorization", "").removeprefix("Bearer ")
                team = fake.token_team(bearer or params.get("token"))
                if method == "auth.test" and team and answer.body.get("ok"):
                    answer = _Canned(answer.status, {**answer.body, "team_id": team})
                fake._record(Call(method, params, headers))
                self._send(answer.status, json.dumps(answer.body).encode(), "application/json",
                           answer.headers)

            def _approve(self, params: dict[str, Any], headers: dict[str, str]) -> None:
                """The authorize page, approved at once: back to the app with a code."""
                fake._record(Call("authorize", params, headers))
                target = params.get("redirect_uri")
                if not target or not params.get("client_id"):
                    self._send(400, b"bad_redirect_uri or missing client_id", "text/plain")
                    return
                query = urlencode({"code": fake._grant(fake.install_team),
                                   "state": params.get("state", "")})
                self._send(302, b"", "text/plain", {"Location": f"{target}?{query}"})

            def _send(self, status: int, body: bytes, kind: str,
                      extra: dict[str, str] | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                for name, value in (extra or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                """Silent: the calls are recorded, not printed."""

        return Handler


def _params(raw: str, content_type: str, query: str) -> dict[str, Any]:
    if raw and content_type.startswith("application/json"):
        loaded = json.loads(raw)
        return loaded if isinstance(loaded, dict) else {"body": loaded}
    params: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    params.update(parse_qsl(raw, keep_blank_values=True))
    for name in JSON_FIELDS:
        if isinstance(params.get(name), str):
            params[name] = json.loads(params[name])
    return params


def signed_headers(body: str, secret: str, timestamp: int | None = None,
                   content_type: str = "application/x-www-form-urlencoded") -> dict[str, str]:
    """The headers Slack sends with `body`: `v0=` HMAC-SHA256 of `v0:<ts>:<body>`."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"content-type": content_type, "x-slack-request-timestamp": ts,
            "x-slack-signature": f"v0={digest}"}


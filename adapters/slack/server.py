"""HTTP mode: the Bolt app as a WSGI application under waitress.

Bolt's own `app.start()` is a development server (http.server, one request
at a time); waitress is a production WSGI server with a thread pool and sane
limits, and needs nothing but Python. `/slack/events` takes Events API,
interactivity and slash command requests, each through the `gate` (size,
signature, shape) before Bolt sees it; `GET /healthz` is for load balancers
and platform health checks (it reads the database, never Slack) and
`GET /metrics` for Prometheus (see `adapters.metrics`). An app that many
workspaces install also serves its front page on `GET /` and Slack's OAuth
flow on `GET /slack/install` and `GET /slack/oauth_redirect` (Bolt's).
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from waitress import create_server
from waitress.server import BaseWSGIServer, MultiSocketServer

from adapters.metrics import Metrics, respond
from adapters.slack import gate
from bot.logs import describe_failure

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
HOME_PATH = "/"
MAX_BODY = gate.MAX_BODY
STATUS = {200: "200 OK", 400: "400 Bad Request", 401: "401 Unauthorized", 404: "404 Not Found",
          405: "405 Method Not Allowed", 413: "413 Content Too Large",
          500: "500 Internal Server Error"}

log = logging.getLogger("rebound.slack.http")


def wsgi_app(app: App, signing_secret: str, watched: Metrics | None = None, *,
             metrics: bool = True, home: str | None = None) -> WSGIApplication:
    """The WSGI application: checked Slack requests to Bolt, health checks answered here.

    With `watched`, `/healthz` asks the database and `/metrics` is served (unless
    `metrics` is False: they are on a port of their own, off the public one).
    `home` is the front page's HTML, for an app with an OAuth flow.
    """
    slack = SlackRequestHandler(app, path=EVENTS_PATH)
    quiet = gate.Quiet()
    flow = app.oauth_flow
    installing = (flow.install_path, flow.redirect_uri_path) if flow else ()

    def answer(start_response: StartResponse, status: int, body: bytes = b"",
               kind: str = "text/plain; charset=utf-8") -> list[bytes]:
        start_response(STATUS[status], [("Content-Type", kind),
                                        ("Content-Length", str(len(body)))])
        return [body]

    def refuse(environ: WSGIEnvironment, start_response: StartResponse,
               refusal: gate.Refusal) -> list[bytes]:
        quiet.note(str(environ.get("REMOTE_ADDR") or "unknown"), refusal)
        return answer(start_response, refusal.status)

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO"), environ.get("REQUEST_METHOD")
        if watched is not None and (metrics or path == HEALTH_PATH):
            page = watched.page(path, method)
            if page is not None:
                return respond(start_response, page)
        elif path == HEALTH_PATH and method in ("GET", "HEAD"):
            return answer(start_response, 200, b"ok")
        if method == "GET" and home is not None and path == HOME_PATH:
            return answer(start_response, 200, home.encode(), "text/html; charset=utf-8")
        if method == "GET" and path in installing:
            return _bolt(slack, environ, start_response, answer)
        if path != EVENTS_PATH:
            return answer(start_response, 404)
        if method != "POST":
            return answer(start_response, 405)
        refusal = gate.too_big(environ.get("CONTENT_LENGTH"))
        if refusal:
            return refuse(environ, start_response, refusal)
        raw = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        refusal = gate.unsigned(raw, environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP"),
                                environ.get("HTTP_X_SLACK_SIGNATURE"), signing_secret, time.time())
        checked = refusal or gate.parsed(raw, environ.get("CONTENT_TYPE"))
        if isinstance(checked, gate.Refusal):
            return refuse(environ, start_response, checked)
        environ["wsgi.input"] = io.BytesIO(raw)
        return _bolt(slack, environ, start_response, answer)

    return application


def _bolt(slack: SlackRequestHandler, environ: WSGIEnvironment, start_response: StartResponse,
          answer: Callable[[StartResponse, int], list[bytes]]) -> Iterable[bytes]:
    try:
        return slack(environ, start_response)
    except Exception as err:  # a bug: where, never the request (it may quote a person)
        log.error("slack request failed: %s", describe_failure(err))
        return answer(start_response, 500)


def server(app: App, host: str, port: int, signing_secret: str, watched: Metrics | None = None,
           *, metrics: bool = True, home: str | None = None) -> BaseWSGIServer | MultiSocketServer:
    """A waitress server bound to host:port (port 0 picks a free one); `.run()` serves."""
    return create_server(wsgi_app(app, signing_secret, watched, metrics=metrics, home=home),
                         host=host, port=port, max_request_body_size=MAX_BODY, ident="rebound")

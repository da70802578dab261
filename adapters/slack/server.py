"""HTTP mode: the Bolt app as a WSGI application under waitress.

Bolt's own `app.start()` is a development server (http.server, one request
at a time); waitress is a production WSGI server with a thread pool and sane
limits, and needs nothing but Python. `/slack/events` takes Events API,
interactivity and slash command requests (Bolt checks each signature and
answers 401 to a bad or stale one); `GET /healthz` is for load balancers and
platform health checks and touches neither Slack nor the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from waitress import create_server
from waitress.server import BaseWSGIServer, MultiSocketServer

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MAX_BODY = 1 << 20
"""Slack's payloads are a few kilobytes; refuse anything near a megabyte."""


def wsgi_app(app: App) -> WSGIApplication:
    """The WSGI application: Slack requests to Bolt, health checks answered here."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH and environ.get("REQUEST_METHOD") in (
                "GET", "HEAD"):
            start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8"),
                                      ("Content-Length", "2")])
            return [b"ok"]
        return slack(environ, start_response)

    return application


def server(app: App, host: str, port: int) -> BaseWSGIServer | MultiSocketServer:
    """A waitress server bound to host:port (port 0 picks a free one); `.run()` serves."""
    return create_server(wsgi_app(app), host=host, port=port, max_request_body_size=MAX_BODY,
                         ident="rebound")

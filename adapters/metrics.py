"""`/metrics` (Prometheus text) and `/healthz` for the long-running modes.

`Metrics` is the process's `bot.metrics.Meter`: the engine's and the
sender's counts go into prometheus-client counters and a histogram in a
registry of its own, and the inbox and outbox depths are read from the
database at each scrape, so they are right even when several processes share
it. Slack's HTTP mode answers both paths on its own port (`adapters.slack.
server`); Socket Mode and Discord have no HTTP server, so `--metrics-port`
starts this small one (standard library, a thread per request) beside them.

`/healthz` reads the database: a process whose disk went away or whose file
is unreadable should be restarted, not kept in the load balancer.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from socketserver import ThreadingMixIn
from typing import TYPE_CHECKING
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import generate_latest
from prometheus_client.registry import Collector

from adapters.background import ServerThread
from bot import Engine, metrics

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

NAMESPACE = "rebound"
METRICS_PATH = "/metrics"
HEALTH_PATH = "/healthz"
STATUS = {200: "200 OK", 404: "404 Not Found", 503: "503 Service Unavailable"}

log = logging.getLogger("rebound.metrics")

Page = tuple[int, str, bytes]
"""An HTTP status, the content type and the body."""


class _Backlog(Collector):
    """Inbox and outbox depth, read when Prometheus asks."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def collect(self) -> Iterator[GaugeMetricFamily]:
        try:
            depth = self._engine.backlog()
        except Exception as err:  # the database is unreadable: /healthz says so, not this
            log.warning("metrics: backlog not read (%s)", type(err).__name__)
            return
        yield GaugeMetricFamily(f"{NAMESPACE}_inbox_depth",
                                "Events stored and waiting for their turn", depth["inbox"])
        yield GaugeMetricFamily(f"{NAMESPACE}_outbox_depth",
                                "Replies waiting to be sent (all platforms on this database)",
                                depth["outbox"])


class Metrics:
    """This process's counters, its /metrics page and its health check."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.registry = CollectorRegistry()
        self._counters = {name: Counter(name, text, labels, namespace=NAMESPACE,
                                        registry=self.registry)
                          for name, (text, labels) in metrics.COUNTERS.items()}
        self._histograms = {name: Histogram(name, text, namespace=NAMESPACE, buckets=buckets,
                                            registry=self.registry)
                            for name, (text, buckets) in metrics.HISTOGRAMS.items()}
        self.registry.register(_Backlog(engine))

    def count(self, name: str, labels: Mapping[str, str], amount: float) -> None:
        counter = self._counters[name]
        (counter.labels(**labels) if labels else counter).inc(amount)

    def observe(self, name: str, value: float) -> None:
        self._histograms[name].observe(value)

    def page(self, path: str | None, method: str | None) -> Page | None:
        """The answer for `/metrics` or `/healthz`, or None for any other request."""
        if method not in ("GET", "HEAD"):
            return None
        if path == METRICS_PATH:
            return 200, CONTENT_TYPE_LATEST, generate_latest(self.registry)
        if path == HEALTH_PATH:
            if self.engine.healthy():
                return 200, "text/plain; charset=utf-8", b"ok"
            return 503, "text/plain; charset=utf-8", b"database unavailable"
        return None


def respond(start_response: StartResponse, page: Page) -> list[bytes]:
    status, kind, body = page
    start_response(STATUS.get(status, f"{status} Error"),
                   [("Content-Type", kind), ("Content-Length", str(len(body)))])
    return [body]


class _Quiet(WSGIRequestHandler):
    """No access log line per scrape (every 15 seconds, forever)."""

    def log_message(self, format: str, *args: object) -> None:
        return


class _Threading(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class Server(ServerThread):
    """`/metrics` and `/healthz` on a port of their own, served from a background thread."""

    def __init__(self, watched: Metrics, host: str, port: int) -> None:
        """Binds now, so a port in use fails at start-up (OSError), not later."""
        def application(environ: WSGIEnvironment,
                        start_response: StartResponse) -> Iterable[bytes]:
            page = watched.page(environ.get("PATH_INFO"), environ.get("REQUEST_METHOD"))
            return respond(start_response, page or (404, "text/plain", b""))

        super().__init__(make_server(host, port, application, server_class=_Threading,
                                     handler_class=_Quiet), "rebound-metrics")

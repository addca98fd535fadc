"""The stand-in's HTTP server: a threaded werkzeug server on 127.0.0.1 (a free port)
that serves :class:`standin.app.RegistryApp`, with live settings for latency and limits.

werkzeug is imported only when the server starts."""

from __future__ import annotations

import socket
import threading
from types import TracebackType
from typing import Any

from standin.app import RegistryApp
from standin.faults import FaultQueue
from standin.limits import ConcurrencyLimit, RateLimit
from standin.request_log import RequestLog
from standin.store import RecordStore


class RegistryServer:
    """A threaded werkzeug server on 127.0.0.1 (a free port) serving :class:`RegistryApp`.

    ``latency`` (seconds) is added to every request. ``rate_limit`` (requests per
    second, one number for every route family or a dict keyed by family:
    ``crossref-single``, ``crossref-list``, ``eutils``, ``idconv``) makes the server
    answer 429 with ``Retry-After: 1`` beyond it; ``concurrency_limit`` does the same
    for requests in flight at once. ``seed`` fixes the order of filter batches.
    """

    def __init__(
        self,
        store: RecordStore | None = None,
        *,
        latency: float = 0.0,
        rate_limit: RateLimit = None,
        concurrency_limit: ConcurrencyLimit = None,
        seed: int = 0,
    ) -> None:
        self.store = store if store is not None else RecordStore()
        self.app = RegistryApp(
            self.store,
            latency=latency,
            rate_limit=rate_limit,
            concurrency_limit=concurrency_limit,
            seed=seed,
        )
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self.port: int | None = None

    # Live settings, forwarded to the app.
    @property
    def requests(self) -> RequestLog:
        return self.app.requests

    @property
    def faults(self) -> FaultQueue:
        return self.app.faults

    @property
    def latency(self) -> float:
        return self.app.latency

    @latency.setter
    def latency(self, value: float) -> None:
        self.app.latency = value

    @property
    def rate_limit(self) -> RateLimit:
        return self.app.limits.rate

    @rate_limit.setter
    def rate_limit(self, value: RateLimit) -> None:
        self.app.limits.rate = value

    @property
    def concurrency_limit(self) -> ConcurrencyLimit:
        return self.app.limits.concurrency

    @concurrency_limit.setter
    def concurrency_limit(self, value: ConcurrencyLimit) -> None:
        self.app.limits.concurrency = value

    def start(self) -> RegistryServer:
        if self._server is not None:
            return self
        from werkzeug.serving import make_server

        self.app.stopping.clear()
        self._server = make_server(
            "127.0.0.1", 0, self.app, threaded=True, request_handler=_quiet_handler()
        )
        self.port = int(self._server.server_port)
        # socketserver shuts a connection down (a FIN) before closing it; for an
        # injected reset skip that, so the close with SO_LINGER 0 sends an RST.
        plain_shutdown = self._server.shutdown_request
        app = self.app

        def shutdown_request(request: socket.socket) -> None:
            if app.take_reset(request):
                request.close()
            else:
                plain_shutdown(request)

        self._server.shutdown_request = shutdown_request
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="registry-server",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self.app.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> RegistryServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        if self.port is None:
            raise RuntimeError("the server is not started")
        return f"http://127.0.0.1:{self.port}"

    @property
    def crossref_url(self) -> str:
        return f"{self.url}/crossref"

    @property
    def pubmed_url(self) -> str:
        return f"{self.url}/eutils"

    @property
    def idconv_url(self) -> str:
        return f"{self.url}/idconv/"

    @property
    def datacite_url(self) -> str:
        return f"{self.url}/datacite"

    @property
    def arxiv_url(self) -> str:
        return f"{self.url}/arxiv"

    @property
    def openalex_url(self) -> str:
        return f"{self.url}/openalex"

    def url_options(self) -> list[str]:
        """The command-line options that point asrefs at this server."""
        return [
            "--crossref-url",
            self.crossref_url,
            "--pubmed-url",
            self.pubmed_url,
            "--idconv-url",
            self.idconv_url,
            "--datacite-url",
            self.datacite_url,
            "--arxiv-url",
            self.arxiv_url,
            "--openalex-url",
            self.openalex_url,
        ]


def _quiet_handler() -> Any:
    """werkzeug's request handler without logging and without its own Server header."""
    from werkzeug.serving import WSGIRequestHandler

    class QuietHandler(WSGIRequestHandler):
        def send_header(self, keyword: str, value: str) -> None:
            # Drop werkzeug's own Server header; the routes send the registry's.
            if keyword.lower() == "server" and value.startswith("Werkzeug"):
                return
            super().send_header(keyword, value)

        def log(self, type: str, message: str, *args: Any) -> None:
            return None

        def connection_dropped(
            self, error: BaseException, environ: dict[str, Any] | None = None
        ) -> None:
            self.close_connection = True

    return QuietHandler

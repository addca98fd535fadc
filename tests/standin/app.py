"""The WSGI application behind the stand-in: it records each request, applies the
limits and any queued fault, and hands the request to the Crossref, NCBI, DataCite,
arXiv or OpenAlex routes."""

from __future__ import annotations

import json
import math
import socket
import struct
import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import parse_qsl

from standin.crossref import crossref_route
from standin.datacite import arxiv_route, datacite_route
from standin.eutils import eutils_route, idconv
from standin.faults import Fault, FaultQueue, garbage_for, huge_parts
from standin.limits import ConcurrencyLimit, Limits, RateLimit
from standin.openalex import openalex_route
from standin.request_log import RecordedRequest, RequestLog
from standin.store import RecordStore
from standin.wire import (
    HTML,
    HTTP_REASONS,
    JSON,
    Incoming,
    Reply,
    StartResponse,
    family_of,
)


class RegistryApp:
    """The WSGI app. Usually used through :class:`standin.server.RegistryServer`."""

    def __init__(
        self,
        store: RecordStore,
        *,
        latency: float = 0.0,
        rate_limit: RateLimit = None,
        concurrency_limit: ConcurrencyLimit = None,
        seed: int = 0,
    ) -> None:
        self.store = store
        self.requests = RequestLog()
        self.faults = FaultQueue()
        self.latency = latency
        self.limits = Limits(rate_limit, concurrency_limit)
        self.seed = seed
        self.stopping = threading.Event()
        self.reset_lock = threading.Lock()
        # ids of sockets to close with SO_LINGER 0 (an RST) and no FIN first
        self.reset_sockets: set[int] = set()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        record, incoming = self._receive(environ)
        self.requests.append(record)
        family = family_of(incoming.path)
        # Requests in flight are counted from here until the reply is built (a
        # streamed body is not counted).
        self.limits.enter(family)
        try:
            limited = self.limits.refusal(family, incoming)
            if limited is not None:
                record.status = limited.status
                return self._send(limited, start_response)
            fault = self.faults.take(incoming.path)
            if fault is not None:
                record.fault = fault.kind
                self._break_connection(fault, environ)
            if self.latency > 0:
                time.sleep(self.latency)
            if fault is not None and fault.kind == "delay":
                time.sleep(fault.seconds)
            reply = self._route(family, incoming)
        finally:
            self.limits.leave(family)

        if fault is not None and fault.kind not in ("delay", "reset", "disconnect"):
            return self._apply_fault(fault, family, incoming, reply, record, start_response)
        record.status = reply.status
        return self._send(reply, start_response)

    def _receive(self, environ: dict[str, Any]) -> tuple[RecordedRequest, Incoming]:
        """The request as recorded, and as the routes see it."""
        raw_path = environ.get("PATH_INFO", "")
        try:
            path = raw_path.encode("latin-1").decode("utf-8")
        except UnicodeError:
            path = raw_path
        query_list = parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        headers = {
            k[5:].replace("_", "-").lower(): str(v)
            for k, v in environ.items()
            if k.startswith("HTTP_")
        }
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        method = environ.get("REQUEST_METHOD", "GET")
        record = RecordedRequest(
            method=method,
            path=path,
            query=dict(query_list),
            body=body,
            headers=headers,
            time=time.time(),
            raw_uri=str(environ.get("RAW_URI") or environ.get("REQUEST_URI") or ""),
            query_list=list(query_list),
        )
        params_list = list(query_list)
        if method == "POST" and "x-www-form-urlencoded" in headers.get("content-type", ""):
            params_list += parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        params: dict[str, str] = {}
        for k, v in params_list:
            if k == "filter" and k in params:
                params[k] = params[k] + "," + v
            else:
                params[k] = v
        return record, Incoming(method, path, params, params_list, headers, body)

    def _break_connection(self, fault: Fault, environ: dict[str, Any]) -> None:
        """For a reset or disconnect fault, drop the connection without an answer."""
        if fault.kind == "reset":
            sock = environ.get("werkzeug.socket")
            if isinstance(sock, socket.socket):
                linger = struct.pack("ii", 1, 0)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
                with self.reset_lock:
                    self.reset_sockets.add(id(sock))
            raise ConnectionAbortedError("stand-in: injected reset")
        if fault.kind == "disconnect":
            raise ConnectionAbortedError("stand-in: injected disconnect")

    def take_reset(self, sock: socket.socket) -> bool:
        """Whether ``sock`` is to be closed with an RST (asked once per socket)."""
        with self.reset_lock:
            reset = id(sock) in self.reset_sockets
            self.reset_sockets.discard(id(sock))
        return reset

    def _send(
        self,
        reply: Reply,
        start_response: StartResponse,
        chunks: Iterable[bytes] | None = None,
        length: int | None = None,
    ) -> Iterable[bytes]:
        headers = [("Content-Type", reply.content_type), *reply.headers]
        if length is None and chunks is None:
            length = len(reply.body)
        if length is not None:
            headers.append(("Content-Length", str(length)))
        status = f"{reply.status} {HTTP_REASONS.get(reply.status, 'Unknown')}"
        start_response(status, headers)
        return [reply.body] if chunks is None else chunks

    def _apply_fault(
        self,
        fault: Fault,
        family: str,
        req: Incoming,
        reply: Reply,
        record: RecordedRequest,
        start_response: StartResponse,
    ) -> Iterable[bytes]:
        base_headers = self.limits.headers(family, req)
        if fault.kind == "status":
            out = Reply(
                fault.status,
                fault.content_type or "text/plain",
                fault.body or b"",
                [*base_headers, *fault.headers],
            )
            record.status = out.status
            return self._send(out, start_response)
        if fault.kind == "json_garbage":
            body = fault.body or json.dumps(garbage_for(family, req.path)).encode()
            out = Reply(200, fault.content_type or JSON, body, base_headers)
            record.status = 200
            return self._send(out, start_response)
        record.status = reply.status
        if fault.kind == "content_type":
            reply.content_type = fault.content_type or HTML
            return self._send(reply, start_response)
        if fault.kind == "truncate":
            half = reply.body[: len(reply.body) // 2]
            if fault.declare_length:
                return self._send(reply, start_response, [half], len(reply.body))
            return self._send(reply, start_response, [half], None)
        if fault.kind == "drip":
            return self._send(
                reply, start_response, self._drip(reply.body, fault.seconds), len(reply.body)
            )
        if fault.kind == "huge":
            head, tail, ctype = huge_parts(family, req.path)
            out = Reply(200, ctype, b"", base_headers)
            n = max(fault.n_bytes, len(head) + len(tail))
            chunks = self._huge(head, tail, n)
            return self._send(out, start_response, chunks, n if fault.declare_length else None)
        raise ValueError(f"unknown fault kind {fault.kind!r}")

    def _drip(self, body: bytes, total: float) -> Iterator[bytes]:
        interval = 0.05
        n = max(1, round(total / interval))
        size = max(1, math.ceil(len(body) / n))
        pieces = [body[k : k + size] for k in range(0, len(body), size)] or [b""]
        pause = total / len(pieces)
        for piece in pieces:
            if self.stopping.wait(pause):
                return
            yield piece

    def _huge(self, head: bytes, tail: bytes, n: int) -> Iterator[bytes]:
        yield head
        remaining = n - len(head) - len(tail)
        block = b"A" * 65536
        while remaining > 0 and not self.stopping.is_set():
            k = min(remaining, len(block))
            yield block[:k]
            remaining -= k
        yield tail

    def _route(self, family: str, req: Incoming) -> Reply:
        path = req.path
        headers = self.limits.headers(family, req)
        if path.startswith("/crossref/"):
            reply = crossref_route(self.store, path[len("/crossref") :], req, self.seed)
        elif path.startswith("/eutils/"):
            reply = eutils_route(self.store, path[len("/eutils/") :], req)
        elif path.startswith("/idconv"):
            reply = idconv(self.store, req)
        elif path.startswith("/datacite/"):
            reply = datacite_route(self.store, path[len("/datacite") :])
        elif path.startswith("/arxiv/"):
            reply = arxiv_route(self.store, path[len("/arxiv") :], req)
        elif path.startswith("/openalex/"):
            reply = openalex_route(self.store, path[len("/openalex") :], req)
        else:
            reply = Reply(404, "text/plain", b"Not found.")
        reply.headers = headers + reply.headers
        return reply

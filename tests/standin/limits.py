"""Rate and concurrency limits per route family, the 429 beyond them, and the headers
in which each registry advertises its limits."""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import Any

from standin.wire import (
    FAMILY_CROSSREF_LIST,
    FAMILY_CROSSREF_SINGLE,
    FAMILY_EUTILS,
    FAMILY_IDCONV,
    HTML,
    NCBI_RATE_LIMIT_BODY,
    Incoming,
    Reply,
    html_error_page,
)

RateLimit = float | dict[str, float] | None
ConcurrencyLimit = int | dict[str, int] | None


def _limit_for(setting: Any, family: str) -> Any:
    if setting is None:
        return None
    if isinstance(setting, dict):
        return setting.get(family)
    return setting


class Limits:
    """``rate`` (requests per second) and ``concurrency`` (requests in flight), each one
    number for every route family or a dict keyed by family; ``None`` for no limit."""

    def __init__(self, rate: RateLimit = None, concurrency: ConcurrencyLimit = None) -> None:
        self.rate = rate
        self.concurrency = concurrency
        self._lock = threading.Lock()
        self._hits: dict[str, deque[float]] = {}
        self._active: dict[str, int] = {}

    def enter(self, family: str) -> None:
        """Count a request of ``family`` in flight."""
        with self._lock:
            self._active[family] = self._active.get(family, 0) + 1

    def leave(self, family: str) -> None:
        with self._lock:
            self._active[family] -= 1

    def refusal(self, family: str, req: Incoming) -> Reply | None:
        """The 429 for a request beyond the limits, else None (and the request counts)."""
        rate = _limit_for(self.rate, family)
        conc = _limit_for(self.concurrency, family)
        if rate is None and conc is None:
            return None
        now = time.monotonic()
        with self._lock:
            over = False
            if conc is not None and self._active.get(family, 0) > conc:
                over = True
            if rate is not None:
                hits = self._hits.setdefault(family, deque())
                while hits and now - hits[0] >= 1.0:
                    hits.popleft()
                if len(hits) >= rate:
                    over = True
                else:
                    hits.append(now)
        if not over:
            return None
        headers = [*self.headers(family, req), ("Retry-After", "1")]
        if family == FAMILY_EUTILS:
            return Reply(429, "application/json; charset=UTF-8", NCBI_RATE_LIMIT_BODY, headers)
        return Reply(429, HTML, html_error_page(429), headers)

    def headers(self, family: str, req: Incoming) -> list[tuple[str, str]]:
        """The headers the registry of ``family`` sends with every answer."""
        if family in (FAMILY_CROSSREF_SINGLE, FAMILY_CROSSREF_LIST):
            return self._crossref_headers(family, req)
        if family == FAMILY_EUTILS:
            limit = 10 if req.params.get("api_key") else 3
            configured = _limit_for(self.rate, family)
            if configured is not None:
                limit = max(1, int(configured))
            return [
                ("Server", "Finatra"),
                ("X-RateLimit-Limit", str(limit)),
                ("X-RateLimit-Remaining", str(max(0, limit - 1))),
                ("Access-Control-Expose-Headers", "X-RateLimit-Limit,X-RateLimit-Remaining"),
            ]
        if family == FAMILY_IDCONV:
            return [("server", "Apache"), ("allow", "GET,OPTIONS")]
        return []

    def _crossref_headers(self, family: str, req: Incoming) -> list[tuple[str, str]]:
        polite = "mailto:" in req.headers.get("user-agent", "").lower() or bool(
            req.params.get("mailto")
        )
        single = family == FAMILY_CROSSREF_SINGLE
        rate, conc = ((10, 3) if single else (3, 3)) if polite else ((5, 1) if single else (1, 1))
        configured = _limit_for(self.rate, family)
        if configured is not None:
            rate = max(1, int(configured))
        configured_c = _limit_for(self.concurrency, family)
        if configured_c is not None:
            conc = int(configured_c)
        return [
            ("server", "Jetty(9.4.40.v20210413)"),
            ("access-control-allow-origin", "*"),
            ("access-control-expose-headers", "Link"),
            ("permissions-policy", "interest-cohort=()"),
            ("vary", "Accept-Encoding"),
            ("x-api-pool", "polite" if polite else "public"),
            ("x-rate-limit-limit", str(rate)),
            ("x-rate-limit-interval", "1s"),
            ("x-concurrency-limit", str(conc)),
        ]

"""Requests in flight, per host, and the notice of what a run is waiting for.

A registry that accepts connections and never answers would otherwise leave a run
silent until its deadline. Once a host has had requests in flight and sent no answer
for ``AFTER`` seconds, the "asrefs.waiting" logger says so ("waiting for
api.crossref.org (3 requests, no answer for 3 s; giving up in 117 s) …"), and again every
``EVERY`` seconds while it lasts. The command line shows it on standard error (not with
``-q``); a library caller sees it through logging, or not at all.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

from asrefs.i18n import count

log = logging.getLogger("asrefs.waiting")
AFTER = 3.0  # seconds without an answer before saying what the run waits for
EVERY = 15.0  # seconds between two notices about the same host
TICK = 0.25  # how often the watcher looks


class InFlight:
    """Counts requests in flight per host; a watcher thread (started with the first
    request, stopped by :meth:`close`) logs a host that has stopped answering.

    ``deadline_left`` gives the seconds left before the run stops waiting (None: no
    deadline), for the notice."""

    def __init__(
        self,
        deadline_left: Callable[[], float | None] = lambda: None,
        *,
        after: float = AFTER,
        every: float = EVERY,
    ) -> None:
        self._left = deadline_left
        self.after = after
        self.every = every
        self._lock = threading.Lock()
        self._pending: dict[str, int] = {}
        self._quiet_since: dict[str, float] = {}  # the last answer, or the first request
        self._said: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @contextmanager
    def request(self, url: str) -> Iterator[None]:
        """Count one request to ``url``'s host while the block runs; its end (an answer
        or a failure) restarts the host's quiet time."""
        host = urlsplit(url).netloc or url
        with self._lock:
            if not self._pending.get(host):
                self._quiet_since[host] = time.monotonic()
            self._pending[host] = self._pending.get(host, 0) + 1
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._watch, name="asrefs-waiting", daemon=True
                )
                self._thread.start()
        try:
            yield
        finally:
            with self._lock:
                self._pending[host] -= 1
                self._quiet_since[host] = time.monotonic()
                self._said.pop(host, None)

    def waiting(self) -> list[tuple[str, int, float]]:
        """(host, requests in flight, seconds without an answer) of each host that has
        been quiet for at least ``after`` seconds."""
        now = time.monotonic()
        with self._lock:
            return [
                (host, n, now - self._quiet_since[host])
                for host, n in sorted(self._pending.items())
                if n and now - self._quiet_since[host] >= self.after
            ]

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _watch(self) -> None:
        while not self._stop.wait(TICK):
            for host, n, quiet in self.waiting():
                now = time.monotonic()
                with self._lock:
                    if host in self._said and now - self._said[host] < self.every:
                        continue
                    self._said[host] = now
                log.info("%s", self.notice(host, n, quiet))

    def notice(self, host: str, n: int, quiet: float) -> str:
        left = self._left()
        give_up = f"; giving up in {max(0, round(left))} s" if left is not None else ""
        return (
            f"waiting for {host} ({count('en', n, 'requests')}, no answer for "
            f"{round(quiet)} s{give_up}) …"
        )

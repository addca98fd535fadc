"""The requests the stand-in received, as the tests inspect them."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class RecordedRequest:
    """One request as the server saw it. ``headers`` has lower-case names; ``query``
    holds the last value of each parameter, ``query_list`` all of them in order."""

    method: str
    path: str
    query: dict[str, str]
    body: bytes
    headers: dict[str, str]
    time: float
    raw_uri: str = ""
    query_list: list[tuple[str, str]] = field(default_factory=list)
    status: int | None = None
    fault: str | None = None


class RequestLog:
    """A thread-safe list of :class:`RecordedRequest`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: list[RecordedRequest] = []

    def append(self, item: RecordedRequest) -> None:
        with self._lock:
            self._items.append(item)

    def snapshot(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._items)

    def count(self, prefix: str = "") -> int:
        """How many requests have a path starting with ``prefix``."""
        with self._lock:
            return sum(1 for r in self._items if r.path.startswith(prefix))

    def matching(self, prefix: str = "") -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self._items if r.path.startswith(prefix)]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def __iter__(self) -> Iterator[RecordedRequest]:
        return iter(self.snapshot())

    def __getitem__(self, index: int) -> RecordedRequest:
        with self._lock:
            return self._items[index]

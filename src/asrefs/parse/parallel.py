"""Parsing a long reference list on several cores.

Entries are parsed independently, so a list of thousands (a catalogue's export, a
book's bibliography) is shared among worker processes forked from this one: they start
in milliseconds with the model already loaded, and give back each entry's fields in
order. Forking is safe only from a process that runs a single thread and may have
children, on Linux; anywhere else, and for short lists (where starting workers costs
more than it saves), entries are parsed here, one after the other. Either way the
fields are the same.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from typing import TypeVar

__all__ = ["MAX_JOBS", "PARALLEL_FROM", "can_fork", "jobs_for", "map_entries"]

T = TypeVar("T")
R = TypeVar("R")

PARALLEL_FROM = 2000  # entries; a worker is worth starting for about this many
MAX_JOBS = 4


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """True where workers may be forked: on Linux, from a process that runs one thread (a
    fork would copy locks other threads hold) and is not a daemon (which may not fork)."""
    return (
        sys.platform == "linux"
        and threading.active_count() == 1
        and not multiprocessing.current_process().daemon
    )


def jobs_for(count: int) -> int:
    """How many processes should parse ``count`` entries here (1: this one alone)."""
    if count < PARALLEL_FROM or not can_fork():
        return 1
    return max(1, min(_cores(), MAX_JOBS, count // (PARALLEL_FROM // 2)))


def map_entries(
    function: Callable[[T], R],
    items: list[T],
    jobs: int | None = None,
    warm: Callable[[], object] | None = None,
) -> list[R]:
    """``[function(item) for item in items]``, on ``jobs`` processes (by default as
    :func:`jobs_for` says; one wherever :func:`can_fork` is false); ``warm`` is called
    here first, so the workers share what it loads (the model) instead of each loading
    its own."""
    jobs = jobs_for(len(items)) if jobs is None else jobs
    if jobs <= 1 or len(items) < 2 or not can_fork():
        return [function(item) for item in items]
    if warm is not None:
        warm()
    context = multiprocessing.get_context("fork")
    chunk = max(1, len(items) // (jobs * 8))
    with context.Pool(jobs) as pool:
        return pool.map(function, items, chunksize=chunk)

"""A long reference list parsed on several cores (asrefs.parse.parallel): the workers
read the same fields as one process, in the same order, and the work is shared only
where forking is safe and pays.

The test process runs other threads (the registry stand-in), where forking is refused,
so what must fork runs in a fresh single-threaded interpreter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from asrefs.parse.parallel import PARALLEL_FROM, jobs_for, map_entries

RENDERED = Path(__file__).parent / "data" / "parser" / "rendered.json"

_CHILD = """
import json, multiprocessing, os, sys, time
from asrefs.models import Article
from asrefs.parse import parse_references
from asrefs.parse.parallel import PARALLEL_FROM, jobs_for, map_entries

def pid_after_a_while(item):
    time.sleep(0.01)
    return item, os.getpid()

entries = json.load(open(sys.argv[1], encoding="utf-8"))["entries"]
lines = [f"[{n + 1}] {entries[(7 * n) % len(entries)]['text']}" for n in range(60)]
text = "Body [1].\\n\\nReferences\\n" + "\\n".join(lines) + "\\n"
article = Article(path="long.txt", text=text, encoding="utf-8")
alone = parse_references(article, jobs=1)
shared = parse_references(article, jobs=2)
found = map_entries(pid_after_a_while, list(range(40)), jobs=2)
with multiprocessing.get_context("fork").Pool(1) as pool:  # its worker is a daemon
    in_daemon = pool.apply(jobs_for, (100 * PARALLEL_FROM,))
print(json.dumps({
    "same": shared == alone,
    "count": len(alone),
    "indexes": [ref.index for ref in shared],
    "titles": len({ref.title for ref in alone}),
    "items": [item for item, _ in found],
    "pids": sorted({pid for _, pid in found}),
    "me": os.getpid(),
    "jobs_many": jobs_for(100 * PARALLEL_FROM),
    "jobs_in_daemon": in_daemon,
}))
"""


def _in_fresh_interpreter() -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(RENDERED)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def test_workers_share_the_work_and_read_what_one_process_reads() -> None:
    found = _in_fresh_interpreter()
    assert found["count"] == 60
    assert found["same"]
    assert found["indexes"] == list(range(1, 61))
    assert found["titles"] > 20  # different entries, not one repeated
    assert found["items"] == list(range(40))  # in order
    assert len(found["pids"]) == 2 and found["me"] not in found["pids"]
    assert found["jobs_many"] == min(len(os.sched_getaffinity(0)), 4)
    assert found["jobs_in_daemon"] == 1  # a daemon may not have children


def _pid(item: int) -> tuple[int, int]:
    return item, os.getpid()


def test_no_fork_beside_other_threads_nor_for_a_short_list() -> None:
    assert jobs_for(PARALLEL_FROM - 1) == 1
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert jobs_for(100 * PARALLEL_FROM) == 1  # a fork would copy locks it may hold
        found = map_entries(_pid, list(range(10)), jobs=2)
    finally:
        stop.set()
        other.join()
    assert found == [(item, os.getpid()) for item in range(10)]  # here, in order


def test_nothing_to_parse_is_nothing_parsed() -> None:
    assert map_entries(_pid, [], jobs=3) == []
    assert map_entries(_pid, [5], jobs=3) == [(5, os.getpid())]

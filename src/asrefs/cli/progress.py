"""The progress bar: a rich display on standard error, one line per stage, for runs long
enough to need one. The library only calls a ``progress(stage, done, total)`` function."""

from __future__ import annotations

import threading
from typing import Any

from asrefs.cli import output

PROGRESS_MIN_REFERENCES = 25  # fewer references resolve too fast to need a progress bar


class ProgressDisplay:
    """A rich progress bar on standard error, one line per stage; transient, so that
    nothing of it stays on the screen once the run is over."""

    def __init__(self, lang: str = "en", console: Any = None) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.lang = lang
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console if console is not None else Console(stderr=True),
            transient=True,
        )
        self._tasks: dict[str, Any] = {}
        self._lock = threading.Lock()

    def __enter__(self) -> ProgressDisplay:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def _label(self, stage: str) -> str:
        from asrefs.i18n import MESSAGES, source_name, t

        key = f"progress.{stage}"
        if key in MESSAGES:
            return t(self.lang, key)
        return source_name(stage, "zh") or stage  # registry names are proper nouns

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        with self._lock:
            task = self._tasks.get(stage)
            if task is None:
                task = self._progress.add_task(self._label(stage), total=total)
                self._tasks[stage] = task
            self._progress.update(task, completed=done, total=total)


def wants_progress(references: int, quiet: bool) -> bool:
    """A progress bar only on a terminal, not with -q, and for runs long enough."""
    return not quiet and references >= PROGRESS_MIN_REFERENCES and output.stderr_is_tty()

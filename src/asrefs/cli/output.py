"""Where the command line's words go: reports and bibliographies to standard output or,
atomically, to a file; diagnostics as one line each on standard error."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from asrefs.errors import OutputError

log = logging.getLogger("asrefs")

Writer = Callable[[Callable[[str], None]], None]


def write_output(content: str | Writer, output: str | None, inputs: Sequence[str] = ()) -> None:
    """Write a report or bibliography to standard output or, atomically, to ``output``.

    ``content`` is the text, or a function that writes it piece by piece (a long JSON
    report is streamed so it is never held in memory whole)."""
    write_pieces: Writer = content if callable(content) else (lambda write: write(content))
    if output is None or output == "-":

        def to_stdout(piece: str) -> None:
            sys.stdout.write(piece)

        write_pieces(to_stdout)
        sys.stdout.flush()
        return
    target = Path(output)
    if not target.parent.is_dir():
        raise OutputError(f"{output}: the folder {target.parent} does not exist")
    for item in inputs:
        if (
            item != "-"
            and Path(item).exists()
            and target.exists()
            and target.resolve() == Path(item).resolve()
        ):
            raise OutputError(f"{output}: refusing to write the output over an input file")
    from asrefs.resolve.cache import atomic_open

    try:
        with atomic_open(target) as fh:

            def to_file(piece: str) -> None:
                fh.write(piece.encode("utf-8"))

            write_pieces(to_file)
    except OSError as exc:
        raise OutputError(f"{output}: cannot write: {exc.strerror or exc}") from exc


_CONTROL_CHARS = dict.fromkeys([*range(0x20), *range(0x7F, 0xA0)])


def one_line(message: str) -> str:
    """A diagnostic as one line: control characters (a line end or an escape sequence in a
    file name or an identifier) are shown escaped, never written to the terminal."""
    if not any(ord(ch) in _CONTROL_CHARS for ch in message):
        return message
    return "".join(
        ch.encode("unicode_escape").decode("ascii") if ord(ch) in _CONTROL_CHARS else ch
        for ch in message
    )


class _StderrHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        level = (
            "error"
            if record.levelno >= logging.ERROR
            else "warning"
            if record.levelno >= logging.WARNING
            else "note"
        )
        sys.stderr.write(f"asrefs: {level}: {one_line(record.getMessage())}\n")


def setup_logging() -> None:
    """The library logs to the "asrefs" logger; the command line shows it on stderr."""
    if not any(isinstance(h, _StderrHandler) for h in log.handlers):
        log.addHandler(_StderrHandler())
    log.setLevel(logging.INFO)
    log.propagate = False


@contextmanager
def waiting_notices(shown: bool) -> Iterator[None]:
    """Show the notices of what a run waits for (the "asrefs.waiting" logger) on standard
    error while the block runs, or hold them back (``-q``)."""
    logger = logging.getLogger("asrefs.waiting")
    saved = logger.level
    if not shown:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(saved)


def stdout_is_tty() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def stderr_is_tty() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def no_color() -> bool:
    return bool(os.environ.get("NO_COLOR"))


def silence_stdout() -> None:
    """Point standard output at /dev/null so that the interpreter's final flush does not
    fail again on a closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass

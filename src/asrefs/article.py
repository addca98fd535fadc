"""Reading an article: bytes -> Article (decoded text with a line map).

Owns encoding detection (a BOM first, then strict UTF-8, then charset-normalizer) and
the rejection of binary input. Line ends are normalised to "\\n" so that line numbers
in reports are those an editor sees.
"""

from __future__ import annotations

import codecs
import sys
from pathlib import Path

from .errors import InputError
from .models import Article

MAX_ARTICLE_BYTES = 200 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, name: str = "input") -> tuple[str, str]:
    """Decode article bytes; returns (text, encoding). Raises InputError for binary data."""
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding), encoding
    try:
        text = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        text, encoding = _detect(data, name)
    if _looks_binary(text):
        raise InputError(f"{name}: looks like a binary file, not an article (expected text)")
    return text, encoding


def _detect(data: bytes, name: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 1024 * 1024] if len(data) > 4 * 1024 * 1024 else data).best()
    if best is None:
        raise InputError(f"{name}: looks like a binary file, not an article (expected text)")
    encoding = best.encoding
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(f"{name}: cannot decode the file as {encoding}: {exc}") from exc


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v\x00")
    nuls = sample.count("\x00")
    return nuls > len(sample) // 10 or controls > len(sample) // 20


def normalise_text(text: str) -> str:
    """Line ends to \\n; NUL bytes dropped (they are never part of an article)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def read_article(path: str) -> Article:
    """Read an article from a path, or from standard input when path is "-"."""
    if path == "-":
        data = sys.stdin.buffer.read(MAX_ARTICLE_BYTES + 1)
        name = "<stdin>"
    else:
        p = Path(path)
        name = path
        if not p.exists():
            raise InputError(f"{path}: no such file")
        if p.is_dir():
            raise InputError(f"{path}: is a folder, not an article")
        try:
            if p.stat().st_size > MAX_ARTICLE_BYTES:
                raise InputError(
                    f"{path}: the file is larger than {MAX_ARTICLE_BYTES // (1024 * 1024)} MB"
                )
            data = p.read_bytes()
        except PermissionError as exc:
            raise InputError(f"{path}: permission denied") from exc
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(
            f"{name}: the input is larger than {MAX_ARTICLE_BYTES // (1024 * 1024)} MB"
        )
    text, encoding = decode(data, name)
    suffix = Path(path).suffix.lower() if path != "-" else ""
    fmt = "markdown" if suffix in (".md", ".markdown") else "text"
    return Article(path=path, text=normalise_text(text), encoding=encoding, format=fmt)

"""Article bytes -> text: which encoding a file is in.

The order: a byte-order mark, strict UTF-8, UTF-16 without a BOM (recognised by its
zero bytes), the encoding the document declares (an HTML ``<meta charset>``; GB2312,
GBK and Big5 read as the supersets GB18030 and Big5-HKSCS that producers really send),
then charset-normalizer's best guess, corrected to Windows-1252 when the guess garbles
Western text with a few accented letters. Binary input is rejected with a clear error.
"""

from __future__ import annotations

import codecs
import re

from asrefs.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BINARY_MESSAGE = "looks like a binary file, not an article (expected text, HTML, .docx or .pdf)"
# Declared encodings that name a subset of what is really sent: decode with the superset.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}


def decode(data: bytes, name: str = "input", declared: str | None = None) -> tuple[str, str]:
    """Decode article bytes; returns (text, encoding). Raises InputError for binary data.

    Order: a byte-order mark, strict UTF-8, UTF-16 without a BOM (recognised by its
    zero bytes), the encoding the document declares (``declared``, from an HTML
    ``<meta charset>``), then charset-normalizer's best guess.
    """
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace"), encoding, name)
    try:
        return _checked(data.decode("utf-8"), "utf-8", name)
    except UnicodeDecodeError:
        pass
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return _checked(data.decode(utf16, errors="replace"), utf16, name)
    if declared:
        encoding = _SUPERSETS.get(declared.lower(), declared.lower())
        try:
            return _checked(data.decode(encoding), encoding, name)
        except (UnicodeDecodeError, LookupError):
            pass  # the declaration is wrong: detect
    text, encoding = _detect(data, name)
    return _checked(text, encoding, name)


def _checked(text: str, encoding: str, name: str) -> tuple[str, str]:
    if not text.strip("\ufeff \t\r\n\f\v"):  # a byte-order mark and nothing else
        raise InputError(f"{name}: the file is empty")
    if _looks_binary(text):
        raise InputError(f"{name}: {_BINARY_MESSAGE}")
    return text, encoding


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: mostly-ASCII text has a zero in every other byte."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    for zeros, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
        other = even if zeros is odd else odd
        if zeros.count(0) >= half * 0.3 and other.count(0) == 0:
            try:
                data[: len(data) - len(data) % 2].decode(encoding)
            except UnicodeDecodeError:
                continue
            return encoding
    return None


def _detect(data: bytes, name: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    results = from_bytes(data[: 1024 * 1024] if len(data) > 4 * 1024 * 1024 else data)
    best = results.best()
    if best is None:
        raise InputError(f"{name}: {_BINARY_MESSAGE}")
    # Single-byte Latin encodings often tie; Windows-1252 (a superset of Latin-1's
    # printable characters) is by far the commonest of them in documents.
    tied = {m.encoding for m in results if (m.chaos, m.coherence) == (best.chaos, best.coherence)}
    chosen = "cp1252" if "cp1252" in tied else best.encoding
    if chosen != "cp1252" and not _multibyte(chosen) and _western(data):
        try:
            guessed = data.decode(_SUPERSETS.get(chosen, chosen), errors="replace")
        except LookupError:
            guessed = ""
        if _garbled(guessed):
            chosen = "cp1252"  # "café in Zürich", which the guess made "cafķ in Z³rich"
    encoding = _SUPERSETS.get(chosen, chosen)
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(f"{name}: cannot decode the file as {encoding}: {exc}") from exc


_NON_ASCII_RUN_RE = re.compile(r"[^\x00-\x7f]+")
_WESTERN_MARKS = frozenset("’‘“”–—…°€£§©®«»·•")


def _multibyte(encoding: str) -> bool:
    """Whether an encoding reads two bytes as one character (GB18030, Big5, Shift_JIS…)."""
    try:
        return any(
            len(pair.decode(encoding, errors="replace")) == 1 for pair in (b"\xb0\xa1", b"\x88\x9f")
        )
    except LookupError:
        return False


def _western(data: bytes) -> bool:
    """Whether ``data`` reads as Windows-1252 text with a few accented letters inside
    ASCII words ("café", "Zürich", "naïve") and typographic marks.

    charset-normalizer guesses poorly on such text (there is little to go on: a
    Latin-1 "café in Zürich" comes out as the Baltic "cafķ in Z³rich"). Windows-1252 is
    preferred only when the guess is garbled (a Polish "żółw" read as Windows-1250 is
    not), and a text in another single-byte script (Cyrillic, Greek) has whole words of
    non-ASCII letters, which this rejects."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return _accented_words(text)


_INSIDE_WORD_RE = re.compile(r"(?<=[A-Za-z])[^\x00-\x7f](?=[A-Za-z])")


def _garbled(text: str) -> bool:
    """A replacement character, or a symbol inside an ASCII word ("Z³rich")."""
    return "\ufffd" in text or any(
        not m.group().isalpha() and m.group() not in _WESTERN_MARKS
        for m in _INSIDE_WORD_RE.finditer(text)
    )


def _accented_words(text: str) -> bool:
    """Whether every run of non-ASCII characters in ``text`` is a typographic mark or at
    most two letters inside an ASCII word (and there is at least one)."""
    runs = 0
    for match in _NON_ASCII_RUN_RE.finditer(text):
        run = match.group()
        if all(ch in _WESTERN_MARKS for ch in run):
            continue
        if len(run) > 2 or not all(ch.isalpha() or ch in _WESTERN_MARKS for ch in run):
            return False
        before = text[match.start() - 1 : match.start()]
        after = text[match.end() : match.end() + 1]
        if not (before.isascii() and before.isalpha()) and not (
            after.isascii() and after.isalpha()
        ):
            return False
        runs += 1
    return runs > 0


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v\x00")
    nuls = sample.count("\x00")
    return nuls > len(sample) // 10 or controls > len(sample) // 20

"""Options: every setting asrefs reads, and where it comes from.

Precedence everywhere: command-line flag > environment variable > configuration file
(asrefs.toml, or [tool.asrefs] in pyproject.toml, in the current folder or the nearest
parent) > default. Nothing is read at import time; ``load_options`` builds an Options.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from asrefs.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

DEFAULT_CROSSREF_URL = "https://api.crossref.org"
DEFAULT_PUBMED_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
DEFAULT_IDCONV_URL = "https://pmc.ncbi.nlm.nih.gov/tools/idconv/api/v1/articles/"
FAIL_ON_LEVELS = ("error", "warning", "info", "never")


@dataclass(frozen=True)
class Accepted:
    """A finding the project has accepted: matched by identifier and code, never by
    reference number (numbers shift when references are added)."""

    code: str
    reason: str
    doi: str | None = None
    pmid: str | None = None


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "asrefs"


@dataclass(frozen=True)
class Options:
    """Everything a verify run needs to know. Immutable; use ``dataclasses.replace``."""

    crossref_url: str = DEFAULT_CROSSREF_URL
    pubmed_url: str = DEFAULT_PUBMED_URL
    idconv_url: str = DEFAULT_IDCONV_URL
    mailto: str | None = None
    ncbi_api_key: str | None = None
    cache_dir: Path = field(default_factory=_default_cache_dir)
    offline: bool = False
    refresh: bool = False
    timeout: float = 10.0  # seconds, per request (connect and each read)
    request_deadline: float = 30.0  # seconds, overall per request including the body
    deadline: float | None = None  # seconds for the whole run's network work
    max_attempts: int = 5
    backoff: float = 0.5  # first back-off wait, seconds; doubles each attempt, with jitter
    batch_size: int = 50  # DOIs per Crossref filter request
    pubmed_batch_size: int = 200  # PMIDs per efetch
    concurrency: int = 3
    max_response_bytes: int = 20 * 1024 * 1024
    ttl_days: float = 30.0
    not_found_ttl_days: float = 1.0
    fail_on: str = "error"
    accepted: tuple[Accepted, ...] = ()
    format: str | None = None
    bib_format: str | None = None
    lang: str | None = None
    search: bool = True  # look up DOIs of references that print none
    search_threshold: float = 0.85
    crossref_rate: float | None = None  # requests/s override (tests, benchmarks)
    ncbi_rate: float | None = None
    config_file: Path | None = None


# file key -> Options field
_FILE_KEYS: dict[str, str] = {
    "mailto": "mailto",
    "ncbi-api-key": "ncbi_api_key",
    "cache-dir": "cache_dir",
    "crossref-url": "crossref_url",
    "pubmed-url": "pubmed_url",
    "idconv-url": "idconv_url",
    "timeout": "timeout",
    "deadline": "deadline",
    "max-attempts": "max_attempts",
    "backoff": "backoff",
    "request-deadline": "request_deadline",
    "batch-size": "batch_size",
    "concurrency": "concurrency",
    "ttl-days": "ttl_days",
    "fail-on": "fail_on",
    "format": "format",
    "bib-format": "bib_format",
    "lang": "lang",
    "search": "search",
    "search-threshold": "search_threshold",
    "accept": "accepted",
}

_ENV_KEYS: dict[str, str] = {
    "ASREFS_CROSSREF_URL": "crossref_url",
    "ASREFS_PUBMED_URL": "pubmed_url",
    "ASREFS_IDCONV_URL": "idconv_url",
    "ASREFS_MAILTO": "mailto",
    "NCBI_API_KEY": "ncbi_api_key",
    "ASREFS_CACHE_DIR": "cache_dir",
    "ASREFS_FAIL_ON": "fail_on",
    "ASREFS_LANG": "lang",
}


def find_config_file(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest asrefs.toml or pyproject.toml with [tool.asrefs], from ``start`` up."""
    for folder in (start, *start.parents):
        candidate = folder / "asrefs.toml"
        if candidate.is_file():
            return candidate, _read_toml(candidate)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            data = _read_toml(pyproject)
            section = data.get("tool", {}).get("asrefs")
            if isinstance(section, dict):
                return pyproject, section
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data: dict[str, Any] = tomllib.load(fh)
            return data
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read configuration {path}: {exc}") from exc


# Numeric settings: (lowest, highest, whether the lowest itself is allowed). A value
# outside its range (or NaN, or infinite) is a configuration error, not a crash later.
_RANGES: dict[str, tuple[float, float | None, bool]] = {
    "timeout": (0.0, None, False),
    "request_deadline": (0.0, None, False),
    "deadline": (0.0, None, True),
    "max_attempts": (1, None, True),
    "backoff": (0.0, None, True),
    "batch_size": (1, 1000, True),  # 1000: the most rows Crossref returns in one answer
    "concurrency": (1, None, True),
    "ttl_days": (0.0, None, True),
    "search_threshold": (0.0, 1.0, True),
}


def check_range(name: str, value: Any) -> None:
    """Raise ValueError (saying what is allowed) when a numeric setting is out of range."""
    if name not in _RANGES or value is None or isinstance(value, bool):
        return
    low, high, inclusive = _RANGES[name]
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("must be a finite number")
    if number < low or (number == low and not inclusive):
        raise ValueError(f"must be {'at least' if inclusive else 'more than'} {low:g}")
    if high is not None and number > high:
        raise ValueError(f"must be at most {high:g}")


def _coerce(name: str, value: Any, origin: str, base: Path | None = None) -> Any:
    """Turn a file or environment value into the Options field's type."""
    kinds = {f.name: f.type for f in fields(Options)}
    kind = str(kinds[name])
    try:
        if name == "cache_dir":
            path = Path(os.path.expanduser(str(value)))
            return path if path.is_absolute() or base is None else base / path
        if name == "fail_on":
            text = str(value).lower()
            if text not in FAIL_ON_LEVELS:
                raise ValueError(f"must be one of {', '.join(FAIL_ON_LEVELS)}")
            return text
        if name == "lang":
            text = str(value).lower()
            if text not in ("zh", "en"):
                raise ValueError("must be zh or en")
            return text
        if name == "accepted":
            return _accepted(value)
        if kind.startswith("bool"):
            if isinstance(value, bool):
                return value
            return str(value).lower() in ("1", "true", "yes", "on")
        if kind.startswith("int"):
            number: int | float = int(value)
            check_range(name, number)
            return number
        if kind.startswith("float"):
            number = float(value)
            check_range(name, number)
            return number
        return None if value in (None, "") else str(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{origin}: bad value for {name.replace('_', '-')}: {exc}") from exc


def _accepted(value: Any) -> tuple[Accepted, ...]:
    if not isinstance(value, list):
        raise ValueError("accept must be a list of tables with code, reason and doi or pmid")
    out = []
    for item in value:
        if not isinstance(item, dict):
            raise ValueError("each accept entry must be a table")
        unknown = set(item) - {"code", "reason", "doi", "pmid"}
        if unknown:
            raise ValueError(f"unknown key {sorted(unknown)[0]!r} in an accept entry")
        if "code" not in item or not item.get("reason"):
            raise ValueError("each accept entry needs a code and a reason")
        if not item.get("doi") and not item.get("pmid"):
            raise ValueError("each accept entry needs a doi or a pmid")
        doi = str(item["doi"]).lower() if item.get("doi") else None
        pmid = str(item["pmid"]) if item.get("pmid") else None
        out.append(Accepted(str(item["code"]), str(item["reason"]), doi, pmid))
    return tuple(out)


def options_from_file(path: Path, data: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in _FILE_KEYS:
            raise ConfigError(f"{path}: unknown key {key!r}")
        name = _FILE_KEYS[key]
        out[name] = _coerce(name, value, str(path), base=path.parent)
    return out


def options_from_env(env: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for var, name in _ENV_KEYS.items():
        if env.get(var):
            out[name] = _coerce(name, env[var], var)
    return out


def load_options(
    cli: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Options:
    """Options from defaults < config file < environment < command line."""
    values: dict[str, Any] = {}
    found = find_config_file((cwd or Path.cwd()).resolve())
    if found is not None:
        path, data = found
        values.update(options_from_file(path, data))
        values["config_file"] = path
    values.update(options_from_env(os.environ if env is None else env))
    for name, value in (cli or {}).items():
        if value is None:
            continue
        if name in ("fail_on", "lang"):
            value = _coerce(name, value, "command line")
        try:
            check_range(name, value)
        except ValueError as exc:
            raise ConfigError(f"--{name.replace('_', '-')} {exc}") from exc
        values[name] = value
    return replace(Options(), **values)

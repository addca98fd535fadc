"""Options: every setting asrefs reads, and where it comes from.

``Options`` is the one settings table: each field's metadata (:func:`setting`) says its
configuration-file key, its environment variable, its command-line flag, the commands
that take the flag, its help text and its allowed range. The file keys, the environment
keys and the CLI's flags are all generated from it, so a setting is spelled once.

Precedence everywhere: command-line flag > environment variable > configuration file
(asrefs.toml, or [tool.asrefs] in pyproject.toml, in the current folder or the nearest
parent) > default. Nothing is read at import time; ``load_options`` builds an Options.
"""

from __future__ import annotations

import math
import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import Field, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from asrefs.errors import ConfigError
from asrefs.policy import Accepted as Accepted  # re-exported: part of the public API
from asrefs.policy import accepted_entries, ignored_codes, severity_table

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

DEFAULT_CROSSREF_URL = "https://api.crossref.org"
DEFAULT_PUBMED_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
DEFAULT_IDCONV_URL = "https://pmc.ncbi.nlm.nih.gov/tools/idconv/api/v1/articles/"
DEFAULT_DATACITE_URL = "https://api.datacite.org"
DEFAULT_ARXIV_URL = "https://export.arxiv.org/api"
DEFAULT_OPENALEX_URL = "https://api.openalex.org"
FAIL_ON_LEVELS = ("error", "warning", "info", "never")
LANGUAGES = ("en", "zh")
NETWORK_COMMANDS = ("verify", "baseline", "bib", "resolve", "fix", "serve")
BIBLIOGRAPHY_FORMATS = ("bibtex", "csl-json", "ris")


@dataclass(frozen=True)
class Spec:
    """Where one setting comes from and how it is shown.

    ``file``: its key in the configuration file (None: not settable there); ``env``: its
    environment variable; ``flag``: its command-line flag, taken by ``commands``;
    ``negate``: the flag turns a true default off (``--no-search``); ``multiple``: a list
    of strings, the flag repeatable; ``low``/``high``:
    its allowed range, ``low`` itself allowed when ``inclusive``; ``convert``: turns a
    file's or the command line's value into the field's (raising ValueError)."""

    file: str | None = None
    env: str | None = None
    flag: str | None = None
    commands: tuple[str, ...] = NETWORK_COMMANDS
    help: str = ""
    metavar: str | None = None
    choices: tuple[str, ...] | None = None
    negate: bool = False
    multiple: bool = False
    low: float | None = None
    high: float | None = None
    inclusive: bool = True
    convert: Callable[[Any], Any] | None = None


def setting(default: Any = None, *, factory: Any = None, **spec: Any) -> Any:
    """A field of Options with its :class:`Spec`; the file key defaults to the field's
    name with dashes (set ``file=None`` explicitly to keep it out of the file)."""
    meta = {"spec": spec}
    if factory is not None:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "asrefs"


@dataclass(frozen=True)
class Options:
    """Everything a run needs to know. Immutable; use ``dataclasses.replace``."""

    crossref_url: str = setting(
        DEFAULT_CROSSREF_URL,
        env="ASREFS_CROSSREF_URL",
        flag="--crossref-url",
        metavar="URL",
        help="Crossref REST API base URL",
    )
    pubmed_url: str = setting(
        DEFAULT_PUBMED_URL,
        env="ASREFS_PUBMED_URL",
        flag="--pubmed-url",
        metavar="URL",
        help="NCBI E-utilities base URL",
    )
    idconv_url: str = setting(
        DEFAULT_IDCONV_URL,
        env="ASREFS_IDCONV_URL",
        flag="--idconv-url",
        metavar="URL",
        help="PMC ID converter URL",
    )
    datacite_url: str = setting(
        DEFAULT_DATACITE_URL,
        env="ASREFS_DATACITE_URL",
        flag="--datacite-url",
        metavar="URL",
        help="DataCite REST API base URL",
    )
    arxiv_url: str = setting(
        DEFAULT_ARXIV_URL,
        env="ASREFS_ARXIV_URL",
        flag="--arxiv-url",
        metavar="URL",
        help="arXiv API base URL",
    )
    openalex_url: str = setting(
        DEFAULT_OPENALEX_URL,
        env="ASREFS_OPENALEX_URL",
        flag="--openalex-url",
        metavar="URL",
        help="OpenAlex API base URL",
    )
    mailto: str | None = setting(
        env="ASREFS_MAILTO",
        flag="--mailto",
        metavar="EMAIL",
        help="contact address for the registries",
    )
    ncbi_api_key: str | None = setting(
        env="NCBI_API_KEY", flag="--ncbi-api-key", metavar="KEY", help="NCBI API key"
    )
    openalex_key: str | None = setting(
        env="ASREFS_OPENALEX_KEY",
        flag="--openalex-key",
        metavar="KEY",
        help="OpenAlex API key; without one OpenAlex is not asked",
    )
    cache_dir: Path = setting(
        factory=_default_cache_dir,
        env="ASREFS_CACHE_DIR",
        flag="--cache-dir",
        commands=(*NETWORK_COMMANDS, "cache", "mirror"),
        metavar="DIR",
        help="cache folder",
    )
    # postgresql://… : a database a team shares; unset: the cache folder (resolve/backend.py)
    store_url: str | None = setting(
        env="ASREFS_STORE_URL",
        flag="--store-url",
        commands=(*NETWORK_COMMANDS, "cache", "mirror"),
        metavar="URL",
        help="keep the cache (and snapshots) in a PostgreSQL database (postgresql://…) "
        "instead of the cache folder",
    )
    # days: a snapshot record older than this is fetched live again (unless offline)
    snapshot_max_age: float = setting(
        365.0,
        flag="--snapshot-max-age",
        metavar="DAYS",
        help="use a snapshot's record while the snapshot is at most DAYS old (default 365)",
        low=0.0,
    )
    offline: bool = setting(
        False, file=None, flag="--offline", help="read only the cache (ignoring its time-to-live)"
    )
    refresh: bool = setting(
        False, file=None, flag="--refresh", help="fetch again even what the cache holds"
    )
    # seconds, per request (connect and each read)
    timeout: float = setting(
        10.0,
        flag="--timeout",
        metavar="S",
        help="seconds to wait for each read (default 10)",
        low=0.0,
        inclusive=False,
    )
    # seconds, overall per request including the body
    request_deadline: float = setting(30.0, low=0.0, inclusive=False)
    # seconds for all network work of a run: a registry that accepts connections and
    # never answers ends the run in about this long, what is left then is unavailable
    deadline: float | None = setting(
        120.0,
        flag="--deadline",
        metavar="S",
        help="seconds for all network work of the run (default 120); what is left then is "
        "unavailable",
        low=0.0,
    )
    max_attempts: int = setting(5, low=1)
    backoff: float = setting(0.5, low=0.0)  # first wait, seconds; doubles, with jitter
    batch_size: int = setting(
        50,
        flag="--batch-size",
        metavar="N",
        help="DOIs per Crossref request (default 50)",
        low=1,
        high=1000,  # 1000: the most rows Crossref returns in one answer
    )
    pubmed_batch_size: int = setting(200, file=None)  # PMIDs per efetch
    concurrency: int = setting(3, low=1)
    max_response_bytes: int = setting(20 * 1024 * 1024, file=None)
    ttl_days: float = setting(30.0, low=0.0)
    not_found_ttl_days: float = setting(1.0, file=None)
    fail_on: str = setting(
        "error",
        env="ASREFS_FAIL_ON",
        flag="--fail-on",
        commands=("verify",),
        choices=FAIL_ON_LEVELS,
        help="lowest severity that makes the exit status 1 (default error)",
    )
    accepted: tuple[Accepted, ...] = setting((), file="accept", convert=accepted_entries)
    # finding code -> "error", "warning", "info" or "ignore"
    severity: tuple[tuple[str, str], ...] = setting((), convert=severity_table)
    ignore: tuple[str, ...] = setting(
        (),
        file=None,
        flag="--ignore",
        multiple=True,
        commands=("verify", "baseline"),
        metavar="CODE",
        help="leave out the findings with this code (repeatable; the configuration's "
        '[severity] table gives a code "ignore")',
        convert=ignored_codes,
    )
    format: str | None = setting()
    bib_format: str | None = setting()
    lang: str | None = setting(
        env="ASREFS_LANG",
        flag="--lang",
        commands=("verify",),
        choices=LANGUAGES,
        help="language of the report (default: zh under a Chinese locale, else en)",
    )
    search: bool = setting(
        True,
        flag="--no-search",
        negate=True,
        commands=("verify", "baseline"),
        help="do not search DOIs for references that print none",
    )
    search_threshold: float = setting(0.86, low=0.0, high=1.0)
    exclude: tuple[str, ...] = setting(
        (),
        flag="--exclude",
        multiple=True,
        commands=("verify", "baseline"),
        metavar="GLOB",
        help="skip files matching GLOB when checking several files (repeatable; "
        "the configuration's exclude is a list)",
    )
    bib: tuple[str, ...] = setting(
        (),
        flag="--bib",
        multiple=True,
        commands=("verify", "baseline", "bib"),
        metavar="FILE",
        help="a .bib file read with each article, as if its \\bibliography named it (repeatable)",
    )
    workers: int = setting(
        1,
        env="ASREFS_WORKERS",
        flag="--workers",
        commands=("verify",),
        metavar="N",
        help="check the articles in N processes on this machine (default 1)",
        low=1,
    )
    dask: str | None = setting(
        env="ASREFS_DASK",
        flag="--dask",
        commands=("verify",),
        metavar="SCHEDULER",
        help="check the articles on a dask.distributed cluster (tcp://host:port); needs "
        "asrefs[dask]",
    )
    crossref_rate: float | None = setting(file=None)  # requests/s override (benchmarks)
    ncbi_rate: float | None = setting(file=None)
    datacite_rate: float | None = setting(file=None)
    arxiv_rate: float | None = setting(file=None)
    openalex_rate: float | None = setting(file=None)
    config_file: Path | None = setting(file=None)


def spec_of(f: Field[Any]) -> Spec:
    """The :class:`Spec` of one Options field."""
    values = dict(f.metadata.get("spec", {}))
    values.setdefault("file", f.name.replace("_", "-"))
    return Spec(**values)


def settings() -> list[tuple[str, Spec]]:
    """Every Options field name with its Spec, in declaration order."""
    return [(f.name, spec_of(f)) for f in fields(Options)]


def file_keys() -> dict[str, str]:
    """Configuration-file key -> Options field."""
    return {spec.file: name for name, spec in settings() if spec.file}


def env_keys() -> dict[str, str]:
    """Environment variable -> Options field."""
    return {spec.env: name for name, spec in settings() if spec.env}


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


def check_range(name: str, value: Any) -> None:
    """Raise ValueError (saying what is allowed) when a numeric setting is out of range:
    a value outside it (or NaN, or infinite) is a configuration error, not a crash later."""
    spec = dict(settings()).get(name)
    if spec is None or spec.low is None or value is None or isinstance(value, bool):
        return
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("must be a finite number")
    low, high = spec.low, spec.high
    if number < low or (number == low and not spec.inclusive):
        raise ValueError(f"must be {'at least' if spec.inclusive else 'more than'} {low:g}")
    if high is not None and number > high:
        raise ValueError(f"must be at most {high:g}")


def value_type(name: str) -> type:
    """The type one value of an Options field is read as: bool, int, float, Path or str
    (the field's annotation, without ``| None``)."""
    kind = str({f.name: f.type for f in fields(Options)}[name])
    for prefix, result in (("bool", bool), ("int", int), ("float", float), ("Path", Path)):
        if kind.startswith(prefix):
            return result
    return str


def _coerce(name: str, value: Any, origin: str, base: Path | None = None) -> Any:
    """Turn a file, environment or command-line value into the Options field's type."""
    kind = value_type(name)
    spec = dict(settings())[name]
    try:
        if name == "cache_dir":
            path = Path(os.path.expanduser(str(value)))
            return path if path.is_absolute() or base is None else base / path
        if spec.choices is not None:
            text = str(value).lower()
            if text not in spec.choices:
                raise ValueError(f"must be {_one_of(spec.choices)}")
            return text
        if spec.convert is not None:
            return spec.convert(value)
        if spec.multiple:
            items = [value] if isinstance(value, str) else value
            if not isinstance(items, (list, tuple)) or not all(isinstance(i, str) for i in items):
                raise ValueError("must be a string or a list of strings")
            return tuple(items)
        if kind is bool:
            if isinstance(value, bool):
                return value
            return str(value).lower() in ("1", "true", "yes", "on")
        if kind in (int, float):
            number: int | float = kind(value)
            check_range(name, number)
            return number
        return None if value in (None, "") else str(value)
    except (TypeError, ValueError) as exc:
        key = spec.file if origin != "command line" and spec.file else name.replace("_", "-")
        raise ConfigError(f"{origin}: bad value for {key}: {exc}") from exc


def _one_of(choices: tuple[str, ...]) -> str:
    if len(choices) == 2:
        return f"{choices[1]} or {choices[0]}"
    return f"one of {', '.join(choices)}"


def options_from_file(path: Path, data: Mapping[str, Any]) -> dict[str, Any]:
    keys = file_keys()
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in keys:
            raise ConfigError(f"{path}: unknown key {key!r}")
        out[keys[key]] = _coerce(keys[key], value, str(path), base=path.parent)
    return out


def options_from_env(env: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for var, name in env_keys().items():
        if env.get(var):
            out[name] = _coerce(name, env[var], var)
    return out


def load_options(
    cli: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Options:
    """Options from defaults < config file < environment < command line (``cli`` maps
    Options field names to values; None means "not given")."""
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
        spec = dict(settings())[name]
        if spec.choices is not None:
            value = _coerce(name, value, "command line")
        try:
            check_range(name, value)
            if spec.convert is not None:
                value = spec.convert(value)
        except ValueError as exc:
            flag = spec.flag or f"--{name.replace('_', '-')}"
            raise ConfigError(f"{flag}{':' if spec.convert else ''} {exc}") from exc
        values[name] = value
    return _consistent(replace(Options(), **values))


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _consistent(options: Options) -> Options:
    """Refuse settings that cannot mean what the user wants."""
    if options.offline and options.refresh:
        raise ConfigError("--offline and --refresh contradict each other: choose one")
    if options.mailto is not None and not _EMAIL.match(options.mailto):
        raise ConfigError(
            f"mailto {options.mailto!r} is not an e-mail address (the registries use it "
            "to contact you about your requests)"
        )
    return options

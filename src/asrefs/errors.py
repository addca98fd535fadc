"""The exception tree. Everything a user can see derives from AsrefsError::

AsrefsError                  one line for the user; ``exit_code`` says how the CLI ends
├── UsageError               bad arguments or configuration (exit 2)
│   └── ConfigError          an unknown key or a bad value in asrefs.toml
├── InputError               an article that cannot be read or decoded (exit 2)
├── OutputError              an output that cannot be written (exit 2)
├── CacheError               the cache folder cannot be used (exit 2)
└── RegistryError            raised inside the network boundary, turned into a Lookup
    ├── NotFound             the registry answered that it holds no such record
    ├── Unavailable          no usable answer: 429/5xx after retries, timeouts, deadline
    └── BadResponse          an answer that is not in the registry's format (retried, then
                             reported as unavailable)
"""

from __future__ import annotations


class AsrefsError(Exception):
    exit_code = 2


class UsageError(AsrefsError):
    pass


class ConfigError(UsageError):
    pass


class InputError(AsrefsError):
    pass


class OutputError(AsrefsError):
    pass


class CacheError(AsrefsError):
    pass


class RegistryError(AsrefsError):
    exit_code = 3

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class NotFound(RegistryError):
    pass


class Unavailable(RegistryError):
    pass


class BadResponse(RegistryError):
    pass

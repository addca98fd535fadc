"""``asrefs cache`` and ``asrefs mirror``: the store's commands."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import date as Date
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from asrefs.cli.output import log
from asrefs.config import Options, load_options
from asrefs.errors import CacheError, InputError, UsageError
from asrefs.i18n import count


def cache_command(
    action: str, cli: dict[str, Any], *, yes: bool = False, folder: str | None = None
) -> int:
    from asrefs.resolve.backend import export_to, import_from, open_store, remove_database

    options = load_options(cli)
    if action == "clear" and not yes and not options.store_url and _project_cache(options):
        raise UsageError(
            f"{options.cache_dir} is the cache folder of {options.config_file}, which a project "
            "may commit; run 'asrefs cache clear --yes' to clear it anyway"
        )
    if action in ("export", "import") and not folder:
        raise UsageError(f"asrefs cache {action} needs a folder: asrefs cache {action} DIR")
    try:
        store = open_store(options, strict=True)
    except CacheError:
        if action != "clear" or not remove_database(options):
            raise
        store = open_store(options, strict=True)  # a new file for the one that was unusable
    try:
        if action == "stats":
            sys.stdout.write(json.dumps(store.stats(), indent=2, sort_keys=True) + "\n")
        elif action == "clear":
            from asrefs import entry_cache

            entry_cache.remove(options.cache_dir)
            removed = count("en", store.clear(), "entries")
            sys.stdout.write(f"removed {removed} from {store.location}\n")
        elif action == "prune":
            removed = count("en", store.prune(), "stale-entries")
            sys.stdout.write(f"removed {removed} from {store.location}\n")
        elif action == "export":
            n = export_to(store, Path(str(folder)))
            sys.stdout.write(f"wrote {count('en', n, 'entries')} to {folder}\n")
        else:
            n = import_from(store, Path(str(folder)))
            sys.stdout.write(f"read {count('en', n, 'entries')} into {store.location}\n")
    finally:
        store.close()
    return 0


def _project_cache(options: Options) -> bool:
    """True when the cache folder in use is the one a project's configuration file names
    (a folder the project may commit), not the user cache folder."""
    from asrefs.config import find_config_file, options_from_file

    if options.config_file is None:
        return False
    found = find_config_file(options.config_file.parent)
    named = options_from_file(*found).get("cache_dir") if found else None
    return named is not None and Path(named).resolve() == options.cache_dir.resolve()


def mirror_command(
    action: str, files: Sequence[str], cli: dict[str, Any], *, date: str | None
) -> int:
    """Load snapshot files (each reported, a bad one skipped: exit 2), or say how old
    each source's snapshot is."""
    from asrefs.resolve.backend import database, open_store

    options = load_options(cli)
    if action == "load" and not files:
        raise UsageError("asrefs mirror load needs files: Crossref .json.gz, PubMed .xml.gz")
    if date is not None:
        try:
            Date.fromisoformat(date)
        except ValueError as exc:
            raise UsageError(f"--date {date!r}: not a date (YYYY-MM-DD)") from exc
    store = database(open_store(options, strict=True), "asrefs mirror")
    try:
        if action == "status":
            _status(store.snapshot_status())
            return 0
        return _load(store, files, date)
    finally:
        store.close()


def _load(store: Any, files: Sequence[str], date: str | None) -> int:
    from asrefs.resolve import snapshot

    failed = False
    for name in files:
        try:
            loaded = snapshot.load(store, Path(name), date)
        except InputError as exc:
            log.error("%s", exc)
            failed = True
            continue
        indexed = f", {loaded.indexed} indexed for search now" if loaded.indexed else ""
        if loaded.already:
            sys.stdout.write(f"{name}: loaded before ({loaded.skipped} items){indexed}\n")
        else:
            resumed = f", {loaded.skipped} loaded before" if loaded.skipped else ""
            sys.stdout.write(f"{name}: {loaded.items} {loaded.source} items{resumed}{indexed}\n")
    return 2 if failed else 0


def _status(sources: list[dict[str, Any]]) -> None:
    if not sources:
        sys.stdout.write("no snapshot loaded (asrefs mirror load FILE…)\n")
        return
    today = datetime.now(timezone.utc).date()
    for s in sources:
        age = (today - Date.fromisoformat(s["newest"])).days
        span = s["newest"] if s["oldest"] == s["newest"] else f"{s['oldest']} to {s['newest']}"
        left = f", {s['incomplete']} not loaded to the end" if s["incomplete"] else ""
        if s.get("unindexed"):
            left += f", {s['unindexed']} not indexed for search (load them again)"
        sys.stdout.write(
            f"{s['source']}: {s['files']} file{'' if s['files'] == 1 else 's'}{left}, "
            f"{count('en', s['entries'], 'entries')}, of {span} ({age} days old)\n"
        )

"""Configuration: CLI > environment > file > default, and clear errors for bad keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from asrefs.config import DEFAULT_CROSSREF_URL, load_options
from asrefs.errors import ConfigError


def test_defaults_without_any_configuration(tmp_path: Path) -> None:
    o = load_options({}, env={}, cwd=tmp_path)
    assert o.crossref_url == DEFAULT_CROSSREF_URL
    assert o.mailto is None  # no fake default contact
    assert o.fail_on == "error"


def test_precedence_cli_env_file_default(tmp_path: Path) -> None:
    (tmp_path / "asrefs.toml").write_text(
        'crossref-url = "http://file"\nmailto = "file@x.org"\nfail-on = "warning"\n'
    )
    env = {"ASREFS_CROSSREF_URL": "http://env", "ASREFS_MAILTO": "env@x.org"}
    o = load_options({"crossref_url": "http://cli"}, env=env, cwd=tmp_path)
    assert o.crossref_url == "http://cli"
    assert o.mailto == "env@x.org"
    assert o.fail_on == "warning"


def test_nearest_parent_and_pyproject_section(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.asrefs]\ncache-dir = "c"\n')
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    o = load_options({}, env={}, cwd=sub)
    assert o.cache_dir == tmp_path / "c"
    assert o.config_file == tmp_path / "pyproject.toml"


def test_unknown_key_is_an_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "asrefs.toml").write_text('mail-to = "x@y.org"\n')
    with pytest.raises(ConfigError, match="'mail-to'"):
        load_options({}, env={}, cwd=tmp_path)


def test_bad_value_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "asrefs.toml").write_text('fail-on = "sometimes"\n')
    with pytest.raises(ConfigError, match="fail-on"):
        load_options({}, env={}, cwd=tmp_path)


def test_accepted_findings_keyed_by_doi_and_code(tmp_path: Path) -> None:
    (tmp_path / "asrefs.toml").write_text(
        '[[accept]]\ncode = "title-variant"\ndoi = "10.4252/WJSC.v17.i3.98911"\n'
        'reason = "PubMed dropped a word"\n'
    )
    o = load_options({}, env={}, cwd=tmp_path)
    assert o.accepted[0].doi == "10.4252/wjsc.v17.i3.98911"
    (tmp_path / "asrefs.toml").write_text('[[accept]]\ncode = "title-variant"\nreason = "r"\n')
    with pytest.raises(ConfigError, match=r"accept: entry 1 \(title-variant\): needs a doi, pmid"):
        load_options({}, env={}, cwd=tmp_path)

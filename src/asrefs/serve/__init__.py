"""``asrefs serve``: a local web app for editors. Upload an article, watch the check,
read the report with its findings in place, accept or dismiss findings, apply fixes, and
download the corrected article, its bibliography and the report.

Modules: ``app`` (routes, session, uploads), ``actions`` (what a request does),
``jobs`` (the uploaded articles and their checks), ``pages`` (the HTML), ``words`` (the
app's words in English and Chinese), ``static/`` (its style sheet and script).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from asrefs.errors import UsageError


def serve_command(cli: dict[str, Any], *, host: str, port: int) -> int:
    """Run the app until interrupted; 2 when it cannot (the extra not installed, the
    address in use)."""
    try:
        import uvicorn

        from asrefs.serve.app import Settings, build_app
    except ImportError as exc:
        raise UsageError(
            f"asrefs serve needs the serve extra ({exc.name} is missing): "
            "pip install 'asrefs[serve]'"
        ) from exc
    from asrefs.cli.output import log
    from asrefs.config import load_options
    from asrefs.read.article import MAX_ARTICLE_BYTES

    options = load_options(cli)  # a bad configuration is said now, not at the first upload
    config = options.config_file or Path.cwd() / "asrefs.toml"
    settings = Settings(lambda: load_options(cli), MAX_ARTICLE_BYTES, config, host)
    server = uvicorn.Server(
        uvicorn.Config(build_app(settings), host=host, port=port, log_level="warning")
    )
    log.info("asrefs serve: open http://%s:%d/ (Ctrl-C stops it)", _shown(host), port)
    server.run()
    if not server.started:
        raise UsageError(f"cannot listen on {host}:{port} (in use, or not this machine's)")
    return 0


def _shown(host: str) -> str:
    return f"[{host}]" if ":" in host else host

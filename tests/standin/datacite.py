"""The DataCite REST API route ``/dois/{doi}`` (JSON:API), with DataCite's 404 body, and
the arXiv API route ``/query?id_list=…`` (an Atom feed), with arXiv's 400 error feed
for an id it cannot read."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from urllib.parse import unquote

from standin.store import RecordStore
from standin.wire import Incoming, Reply, xml_text

JSONAPI = "application/vnd.api+json; charset=utf-8"
ATOM = "application/atom+xml; charset=UTF-8"
DATACITE_NOT_FOUND = (
    b'{"errors":[{"status":"404","title":"The resource you are looking for doesn\'t exist."}]}'
)
# The ids the stand-in reads: new style, or old style in an archive arXiv has (an
# approximation of arXiv's own check, which answers 400 for an id it cannot read).
ARCHIVES = "astro-ph|cond-mat|gr-qc|hep-ex|hep-lat|hep-ph|hep-th|math|math-ph|nlin|nucl-ex|nucl-th|physics|quant-ph|cs|q-bio"  # noqa: E501
ARXIV_ID = re.compile(
    rf"^(?:[0-9]{{4}}\.[0-9]{{4,5}}|(?:{ARCHIVES})(?:\.[A-Z]{{2}})?/[0-9]{{7}})(?:v[0-9]+)?$",
    re.I,
)


def datacite_route(store: RecordStore, sub: str) -> Reply:
    """Answer ``sub``, the path below ``/datacite``."""
    if not sub.startswith("/dois/"):
        return Reply(404, JSONAPI, DATACITE_NOT_FOUND)
    record = store.get_datacite(unquote(sub[len("/dois/") :]))
    if record is None:
        return Reply(404, "application/json; charset=utf-8", DATACITE_NOT_FOUND)
    return Reply(200, JSONAPI, json.dumps(record, ensure_ascii=False).encode("utf-8"))


def _feed(title: str, entries: list[str]) -> bytes:
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
        'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <id>https://arxiv.org/api/standin</id>\n  <title>{xml_text(title)}</title>\n"
        f"  <updated>{now}</updated>\n"
        f"  <opensearch:itemsPerPage>{len(entries)}</opensearch:itemsPerPage>\n"
        f"  <opensearch:totalResults>{len(entries)}</opensearch:totalResults>\n"
        "  <opensearch:startIndex>0</opensearch:startIndex>\n"
        + "".join(f"  {e}\n" for e in entries)
        + "</feed>\n"
    ).encode("utf-8")


def _error_entry(bad: str) -> str:
    anchor = f"https://arxiv.org/api/errors#incorrect_id_format_for_{xml_text(bad)}"
    return (
        f"<entry>\n    <id>{anchor}</id>\n    <title>Error</title>\n"
        f'    <link href="{anchor}" rel="alternate" type="text/html"/>\n'
        f"    <summary>incorrect id format for {xml_text(bad)}</summary>\n"
        "    <author>\n      <name>arXiv api core</name>\n    </author>\n  </entry>"
    )


def arxiv_route(store: RecordStore, sub: str, req: Incoming) -> Reply:
    """Answer ``sub``, the path below ``/arxiv``: ``/query`` with ``id_list``."""
    if sub.rstrip("/") != "/query":
        return Reply(404, "text/plain", b"Not found.")
    ids = [i.strip() for i in req.params.get("id_list", "").split(",") if i.strip()]
    bad = next((i for i in ids if not ARXIV_ID.match(i)), None)
    if bad is not None:
        return Reply(400, ATOM, _feed("arXiv Search Results", [_error_entry(bad)]))
    entries = []
    for ident in ids:
        entry = store.get_arxiv(ident)
        if entry is not None and entry not in entries:
            entries.append(entry)
    title = f"arXiv Query: search_query=&id_list={','.join(ids)}&start=0"
    return Reply(200, ATOM, _feed(title, entries))

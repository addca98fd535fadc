"""A local stand-in for Crossref, NCBI E-utilities, the PMC ID converter, DataCite,
arXiv and OpenAlex.

Tests and benchmarks point asrefs at a real HTTP server on 127.0.0.1 that answers
in the registries' own formats (modelled on the recorded responses in
``tests/recordings/api-samples``) and can inject faults::

    from standin import RegistryServer, sample_store

    with RegistryServer(sample_store()) as server:
        server.faults.rate_limited("/crossref/works")   # the next matching request gets a 429
        ...  # point the client at server.crossref_url, server.pubmed_url, server.idconv_url
        assert server.requests.count("/crossref/works") == 2

Routes (paths relative to ``server.url``):

* ``/crossref/works/{doi}``, ``/crossref/works/{doi}/agency``,
  ``/crossref/works?filter=doi:A,doi:B&rows=N``, ``/crossref/works?query.bibliographic=…``
* ``/eutils/esearch.fcgi``, ``/eutils/efetch.fcgi`` (GET or POST), ``/eutils/ecitmatch.cgi``
* ``/idconv/?ids=…&format=json``
* ``/datacite/dois/{doi}`` (JSON:API; DataCite's 404 body for a DOI it lacks)
* ``/arxiv/query?id_list=a,b&max_results=N`` (Atom; the 400 error feed for a bad id)
* ``/openalex/works/doi:{doi}``, ``/openalex/works?filter=doi:A|B``,
  ``/openalex/works?filter=title.search:…`` (JSON; OpenAlex's HTML 404 page)

Where the real behaviour was not recorded (error bodies of E-utilities, the shape of
an empty ESearch result, the HTML of a Crossref 429) the server answers with a
plausible approximation; such places are marked "approximation".

Modules: ``store`` (what the registries hold), ``synthetic`` (generated records),
``faults`` (misbehaviour on request), ``crossref``, ``eutils``, ``datacite`` and
``openalex`` (the routes),
``limits`` (rate and concurrency limits), ``app`` (the WSGI application),
``server`` (the threaded HTTP server), ``request_log``, ``wire`` and ``matching``
(what they share). werkzeug is needed only to serve (``RegistryServer.start``).

The folder holding this package (``tests/``) must be on ``sys.path``: pytest puts it
there through ``tests/conftest.py``; scripts and benchmarks insert it themselves.
"""

from standin.faults import Fault, FaultQueue
from standin.request_log import RecordedRequest, RequestLog
from standin.server import RegistryServer
from standin.store import DEFAULT_API_SAMPLES, DEFAULT_REGISTRY_RECORDS, RecordStore, sample_store
from standin.synthetic import synthetic_doi, synthetic_pmid, synthetic_pubmed, synthetic_work

__all__ = [
    "DEFAULT_API_SAMPLES",
    "DEFAULT_REGISTRY_RECORDS",
    "Fault",
    "FaultQueue",
    "RecordStore",
    "RecordedRequest",
    "RegistryServer",
    "RequestLog",
    "sample_store",
    "synthetic_doi",
    "synthetic_pmid",
    "synthetic_pubmed",
    "synthetic_work",
]

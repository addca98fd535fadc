"""registries: the services asrefs asks about identifiers, each one module implementing
:class:`~asrefs.registries.base.Registry`, and ``REGISTRIES``, the table the resolver
reads. Requests go through :mod:`asrefs.http` (and habanero for some Crossref routes).

The order of ``REGISTRIES`` is the order of authority: converters are asked first (their
answers name the identifiers the others are asked for), and a reference's lookups list
the registries in this order: Crossref's record, DataCite's (a DOI Crossref does not
hold), PubMed's, arXiv's, and last OpenAlex's (a second source, asked only where the
others found nothing; and asked by its own work ids, which only ``asrefs resolve`` is
given).
"""

from asrefs.registries.arxiv import Arxiv
from asrefs.registries.base import Answer, Registry, RegistryFactory
from asrefs.registries.crossref import Crossref
from asrefs.registries.datacite import DataCite
from asrefs.registries.idconv import PmcIdConverter
from asrefs.registries.openalex import OpenAlex, OpenAlexWorks
from asrefs.registries.pubmed import PubMed

REGISTRIES: tuple[RegistryFactory, ...] = (
    PmcIdConverter,
    Crossref,
    DataCite,
    PubMed,
    Arxiv,
    OpenAlex,
    OpenAlexWorks,
)

__all__ = [
    "REGISTRIES",
    "Answer",
    "Arxiv",
    "Crossref",
    "DataCite",
    "OpenAlex",
    "OpenAlexWorks",
    "PmcIdConverter",
    "PubMed",
    "Registry",
]

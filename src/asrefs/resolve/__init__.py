"""resolve: [Reference] -> [ReferenceResult]. Plans which identifiers to ask which
registry for, batches them, reads and writes the cache, and searches for the work behind
a reference that prints no identifier. The network is reached only through
:mod:`asrefs.registries` and :mod:`asrefs.http`."""

from asrefs.resolve.cache import Cache
from asrefs.resolve.resolver import Resolver

__all__ = ["Cache", "Resolver"]

"""Test and benchmark helpers for asrefs (a local stand-in for the registries)."""

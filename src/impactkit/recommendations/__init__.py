"""Recommendations: the model, readers of the usual sources, reiteration and tagging.

Pure code (no database, no web): the store, services, CLI and web build on it."""

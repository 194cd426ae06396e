"""rasid.resolve: the same event across articles, reconciled fields, discrepancies, profiles."""
from rasid.resolve.corpus import Resolution, resolve_corpus

__all__ = ["Resolution", "resolve_corpus"]

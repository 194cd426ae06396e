"""Rasid (راصد): Arabic news on armed violence into a source-attributed database of events.

    >>> import rasid
    >>> reading = rasid.extract("قتل 3 جنود في هجوم على حاجز في بغداد أمس", published="2024-03-02")
    >>> reading.to_dict()["events"][0]["type"]
    'attack'
"""
from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["extract", "Corpus", "__version__"]

if TYPE_CHECKING:
    from rasid.corpus import Corpus
    from rasid.reading import Reading


def extract(text: str, published: str | None = None, **meta: str | None) -> "Reading":
    """Read one document: entities, dates, figures and events (CONTRACT section 1)."""
    from rasid.reading import extract as _extract

    return _extract(text, published=published, **meta)


def __getattr__(name: str):  # lazy: no heavy import at `import rasid`
    if name == "Corpus":
        from rasid.corpus import Corpus

        return Corpus
    raise AttributeError(name)

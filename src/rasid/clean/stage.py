"""The clean stage: boilerplate removal, offset map, outlet/title/page date, genre."""
from __future__ import annotations

from rasid.clean.document import clean_document
from rasid.doc import Document
from rasid.pipeline import CLEAN, RAW


class CleanStage:
    name = "clean"
    requires = frozenset({RAW})
    provides = frozenset({CLEAN})

    def __call__(self, doc: Document) -> None:
        clean_document(doc)

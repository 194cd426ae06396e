"""The stage registry: a pipeline of stages over one :class:`~rasid.doc.Document`.

A stage declares the layers it ``requires`` and the layers it ``provides``; a pipeline checks
at construction that every requirement is provided by an earlier stage (or is ``raw``).
"""
from __future__ import annotations

import importlib
from typing import ClassVar, Iterable, Protocol

from rasid.doc import Document
from rasid.errors import UsageError

# Layer names.
RAW = "raw"
CLEAN = "text"          # doc.text, doc.offsets, doc.removed, doc.meta (outlet, title, genre, page date)
SENTENCES = "sentences"
TOKENS = "tokens"
ENTITIES = "entities"
DATES = "dates"
QUANTITIES = "quantities"
EVENTS = "events"

# The default stages, in order, as "module:Class" so nothing heavy loads at import time.
DEFAULT_STAGES = (
    "rasid.clean.stage:CleanStage",
    "rasid.text.stage:SegmentStage",
    "rasid.entities.stage:EntityStage",
    "rasid.time.stage:TimeStage",
    "rasid.figures.stage:FigureStage",
    "rasid.events.stage:EventStage",
)


class Stage(Protocol):
    name: ClassVar[str]
    requires: ClassVar[frozenset[str]]
    provides: ClassVar[frozenset[str]]

    def __call__(self, doc: Document) -> None: ...


class Pipeline:
    """Runs stages in order over a document, each adding its layers."""

    def __init__(self, stages: Iterable[Stage]) -> None:
        self.stages = list(stages)
        available = {RAW}
        for stage in self.stages:
            missing = stage.requires - available
            if missing:
                raise UsageError(f"stage {stage.name!r} needs {sorted(missing)}, which no earlier stage provides")
            available |= stage.provides

    def __call__(self, doc: Document) -> Document:
        for stage in self.stages:
            stage(doc)
            doc.layers_done |= stage.provides
        return doc

    def complete(self, doc: Document) -> Document:
        """Run the stages whose layers ``doc`` does not have yet (e.g. all but cleaning for a
        document cleaned at ingest: its text and offset map are reused, not rebuilt)."""
        for stage in self.stages:
            if not stage.provides <= doc.layers_done:
                stage(doc)
                doc.layers_done |= stage.provides
        return doc


def load_stage(spec: str) -> Stage:
    """Instantiate a stage from ``"module:Class"``."""
    module_name, _, class_name = spec.partition(":")
    return getattr(importlib.import_module(module_name), class_name)()


_default: Pipeline | None = None


def default_pipeline() -> Pipeline:
    """The full pipeline (clean → segment → entities → time → figures → events), built once."""
    global _default
    if _default is None:
        _default = Pipeline(load_stage(s) for s in DEFAULT_STAGES)
    return _default

"""The stage registry: a pipeline of stages over one :class:`~rasid.doc.Document`.

A stage declares the layers it ``requires`` and the layers it ``provides``; a pipeline checks
at construction that every requirement is provided by an earlier stage (or is ``raw``).
A stage may also offer ``pipe(docs)``, doing its work for several documents at once (the
entity stage tags the sentences of many articles in shared batches); ``complete_many`` uses it.
"""
from __future__ import annotations

import importlib
import time
from typing import ClassVar, Iterable, Protocol, Sequence

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
        self.stage_seconds: dict[str, float] = {stage.name: 0.0 for stage in self.stages}   # by complete_many
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

    def complete_many(self, docs: Sequence[Document]) -> list[Exception | None]:
        """``complete`` for several documents, stage by stage (batching stages use ``pipe``).

        One document's failure does not stop the others: the result holds, per document, the
        exception its reading raised (its later stages are skipped) or None. The wall seconds
        of each stage add up in ``stage_seconds`` (what `rasid bench extract` reports).
        """
        errors: list[Exception | None] = [None] * len(docs)
        for stage in self.stages:
            alive = [i for i, doc in enumerate(docs) if errors[i] is None and not stage.provides <= doc.layers_done]
            started = time.perf_counter()
            outcome = _run_stage(stage, [docs[i] for i in alive])
            self.stage_seconds[stage.name] += time.perf_counter() - started
            for i, error in zip(alive, outcome):
                errors[i] = error
                if error is None:
                    docs[i].layers_done |= stage.provides
        return errors

    def complete(self, doc: Document) -> Document:
        """Run the stages whose layers ``doc`` does not have yet (e.g. all but cleaning for a
        document cleaned at ingest: its text and offset map are reused, not rebuilt)."""
        for stage in self.stages:
            if not stage.provides <= doc.layers_done:
                stage(doc)
                doc.layers_done |= stage.provides
        return doc


def _run_stage(stage: Stage, docs: list[Document]) -> list[Exception | None]:
    """Run one stage over ``docs``: all at once when it can ``pipe`` them, else (or when the
    batch raised, to find which document fails) one by one. Per document, its error or None."""
    pipe = getattr(stage, "pipe", None)
    if pipe is not None and len(docs) > 1:
        try:
            pipe(docs)
            return [None] * len(docs)
        except Exception:  # noqa: BLE001 - retried one by one below, where each error is kept
            pass
    errors: list[Exception | None] = []
    for doc in docs:
        try:
            stage(doc)
            errors.append(None)
        except Exception as exc:  # noqa: BLE001 - returned to the caller, per document
            errors.append(exc)
    return errors


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

"""Engines run a corpus: ingest -> pipeline -> store -> resolve (``local`` and ``dask``)."""
from __future__ import annotations

import importlib
from typing import Any, Sequence

from rasid.errors import UsageError

ENGINES = {"local": "rasid.engine.local", "dask": "rasid.engine.dask_engine"}


def run(paths: Sequence[str], store: Any, *, engine: str = "local", **options: Any) -> Any:
    """Run ``paths`` into ``store`` with the named engine; returns its RunReport."""
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}: use one of {', '.join(sorted(ENGINES))}")
    try:
        module = importlib.import_module(ENGINES[engine])
    except ModuleNotFoundError as exc:
        raise UsageError(f"engine {engine!r} is not available in this build ({exc.name}): use --engine local") from exc
    return module.run_corpus([str(p) for p in paths], store, **options)

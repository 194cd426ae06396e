"""`rasid bench ingest|extract|run|tag`: speed and memory measurements."""
from __future__ import annotations

import importlib

BENCH_MODULES = (
    "rasid.engine.bench",          # rasid bench ingest | extract | run
    "rasid.entities.bench",        # rasid bench tag
    "rasid.engine.loadbench",      # rasid bench serve
)


def register(sub) -> None:
    p = sub.add_parser("bench", help="measure speed and memory (ingest, extract, run, tag)",
                       description="Measure throughput and peak memory; figures go to docs/BENCHMARKS.md.")
    kinds = p.add_subparsers(dest="kind", metavar="KIND")
    for name in BENCH_MODULES:
        importlib.import_module(name).register_bench(kinds)
    p.set_defaults(func=lambda a: p.print_help() or 2)

"""`rasid eval KIND ...`: accuracy measurements. Each KIND lives in the module that owns it."""
from __future__ import annotations

import importlib

# Each module defines ``register_eval(subparsers)`` adding one or more eval kinds.
EVAL_MODULES = (
    "rasid.entities.evaluate",     # rasid eval ner
    "rasid.evaluation.seeds",      # rasid eval seeds
    "rasid.evaluation.sentences",  # rasid eval sentences
    "rasid.resolve.evaluate",      # rasid eval resolve
)


def register(sub) -> None:
    p = sub.add_parser("eval", help="measure accuracy (ner, seeds, sentences, resolve)",
                       description="Measure accuracy; figures go to docs/EVALUATION.md.")
    kinds = p.add_subparsers(dest="kind", metavar="KIND")
    for name in EVAL_MODULES:
        importlib.import_module(name).register_eval(kinds)
    p.set_defaults(func=lambda a: p.print_help() or 2)

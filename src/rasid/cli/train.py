"""`rasid train KIND ...`: reproduce the shipped models from ../shared/data."""
from __future__ import annotations

import importlib

TRAIN_MODULES = (
    "rasid.entities.train",        # rasid train ner
    "rasid.entities.neural_train",  # rasid train ner-embeddings, ner-neural (needs torch)
)


def register(sub) -> None:
    p = sub.add_parser("train", help="train the shipped models (ner, ner-neural)",
                       description="Train a model from ../shared/data and write it into the package.")
    kinds = p.add_subparsers(dest="kind", metavar="KIND")
    for name in TRAIN_MODULES:
        importlib.import_module(name).register_train(kinds)
    p.set_defaults(func=lambda a: p.print_help() or 2)

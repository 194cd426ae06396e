"""Training helpers: DEV split, overlap removal, gazetteer keys."""
from __future__ import annotations

import pytest

from rasid.entities.conll import TaggedSentence
from rasid.entities.train import drop_overlapping, gazetteer_key, split_dev
from rasid.errors import UsageError


def _sents(n: int) -> list[TaggedSentence]:
    return [TaggedSentence([f"كلمة{i}"], ["O"]) for i in range(n)]


def test_dev_is_the_last_fraction():
    split = split_dev(_sents(20), 0.1)
    assert len(split.train) == 18 and split.dev[0].tokens == ["كلمة18"]


@pytest.mark.parametrize("fraction", [-0.1, 1.0])
def test_bad_dev_fraction(fraction):
    with pytest.raises(UsageError):
        split_dev(_sents(5), fraction)


def test_reannotated_copies_of_dev_are_dropped():
    dev = [TaggedSentence("وأعلنت الحكومة الأردنية أمس عن خطة جديدة للنقل".split(), ["O"] * 8)]
    copy = TaggedSentence("و اعلنت الحكومة الاردنية امس عن خطة جديدة للنقل".split(), ["O"] * 9)
    other = TaggedSentence("فاز الفريق بالمباراة النهائية في الملعب الكبير".split(), ["O"] * 7)
    assert drop_overlapping([copy, other], dev) == [other]


@pytest.mark.parametrize("name, key", [
    ("الأردن", "الاردن"), ("الولايات المتحدة", "ولايات متحده"), ("Paris", None), ("١٢", None),
    ("ا", None), ("  ", None),
])
def test_gazetteer_keys(name, key):
    assert gazetteer_key(name) == key


def test_train_command_defaults_are_numbers():
    from rasid.cli.main import build_parser
    from rasid.entities.train import CrfSettings

    args = build_parser().parse_args(["train", "ner"])
    assert (args.c1, args.c2, args.max_iterations, args.min_freq) == (
        CrfSettings().c1, CrfSettings().c2, CrfSettings().max_iterations, CrfSettings().min_freq)
    assert isinstance(args.c1, float) and args.dev_fraction == 0.1

"""The stage registry checks what each stage needs."""
import pytest

from rasid.doc import Document
from rasid.errors import UsageError
from rasid.pipeline import CLEAN, RAW, SENTENCES, TOKENS, Pipeline
from rasid.text.stage import SegmentStage


class FakeClean:
    name = "fake-clean"
    requires = frozenset({RAW})
    provides = frozenset({CLEAN})

    def __call__(self, doc):
        doc.text = doc.raw.strip()


def test_pipeline_runs_stages_in_order():
    doc = Pipeline([FakeClean(), SegmentStage()])(Document(raw=" قتل جندي. أصيب آخر. "))
    assert len(doc.sentences) == 2 and doc.tokens
    assert {CLEAN, SENTENCES, TOKENS} <= doc.layers_done


def test_pipeline_refuses_missing_requirement():
    with pytest.raises(UsageError, match="segment"):
        Pipeline([SegmentStage()])

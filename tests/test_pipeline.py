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


def test_complete_skips_the_layers_a_document_already_has():
    doc = Document.from_text(" قتل جندي. أصيب آخر. ")
    doc.text = "قتل جندي."                   # cleaned elsewhere (e.g. at ingest)
    doc.layers_done.add(CLEAN)
    Pipeline([FakeClean(), SegmentStage()]).complete(doc)
    assert doc.text == "قتل جندي." and len(doc.sentences) == 1
    assert {CLEAN, SENTENCES, TOKENS} <= doc.layers_done


def test_complete_runs_every_stage_on_a_raw_document():
    doc = Pipeline([FakeClean(), SegmentStage()]).complete(Document.from_text(" قتل جندي. أصيب آخر. "))
    assert len(doc.sentences) == 2

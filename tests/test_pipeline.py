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


class BatchCount:
    """Counts tokens; ``pipe`` does all documents at once (and refuses a document with ``!``)."""

    name = "batch-count"
    requires = frozenset({TOKENS})
    provides = frozenset({"count"})

    def __init__(self):
        self.piped = []
        self.counts = {}

    def __call__(self, doc):
        if "!" in doc.text:
            raise ValueError("no exclamations")
        self.counts[doc.raw] = len(doc.tokens)

    def pipe(self, docs):
        self.piped.append(len(docs))
        for doc in docs:
            self(doc)


def test_complete_many_pipes_batching_stages_and_keeps_every_document():
    counter = BatchCount()
    docs = [Document.from_text("قتل جندي."), Document.from_text("أصيب ثلاثة مدنيين.")]
    errors = Pipeline([FakeClean(), SegmentStage(), counter]).complete_many(docs)
    assert errors == [None, None] and counter.piped == [2]
    assert [counter.counts[d.raw] for d in docs] == [3, 4] and all("count" in d.layers_done for d in docs)


def test_complete_many_adds_up_the_seconds_of_each_stage():
    pipeline = Pipeline([FakeClean(), SegmentStage(), BatchCount()])
    pipeline.complete_many([Document.from_text("قتل جندي.")])
    assert set(pipeline.stage_seconds) == {"fake-clean", "segment", "batch-count"}
    assert all(seconds >= 0 for seconds in pipeline.stage_seconds.values())


def test_complete_many_isolates_the_failing_document():
    counter = BatchCount()
    docs = [Document.from_text("قتل جندي."), Document.from_text("انفجار!"), Document.from_text("أصيب آخر.")]
    errors = Pipeline([FakeClean(), SegmentStage(), counter]).complete_many(docs)
    assert errors[0] is None and errors[2] is None and isinstance(errors[1], ValueError)
    assert counter.counts == {docs[0].raw: 3, docs[2].raw: 3}
    assert "count" not in docs[1].layers_done


def test_complete_many_skips_later_stages_of_a_failed_document():
    class Boom(FakeClean):
        def __call__(self, doc):
            if "x" in doc.raw:
                raise RuntimeError("bad input")
            super().__call__(doc)

    docs = [Document.from_text("x قتل"), Document.from_text("قتل جندي.")]
    errors = Pipeline([Boom(), SegmentStage()]).complete_many(docs)
    assert isinstance(errors[0], RuntimeError) and errors[1] is None
    assert not docs[0].tokens and docs[1].tokens

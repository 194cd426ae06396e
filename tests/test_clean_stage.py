"""CleanStage inside a pipeline."""
from rasid.clean.stage import CleanStage
from rasid.doc import Document
from rasid.pipeline import CLEAN, Pipeline
from rasid.text.stage import SegmentStage


def test_clean_then_segment():
    pipeline = Pipeline([CleanStage(), SegmentStage()])
    doc = pipeline(Document(raw="قتل جنديان في هجوم.\nتابعونا على فيسبوك وتويتر"))
    assert doc.text == "قتل جنديان في هجوم."
    assert CLEAN in doc.layers_done
    assert [doc.text[s.start:s.end] for s in doc.sentences] == ["قتل جنديان في هجوم."]

"""The document object and its offset map."""
import pytest

from rasid.doc import Document, OffsetMap, TextBuilder


def test_identity_map_round_trips():
    doc = Document.from_text("قتل ثلاثة جنود")
    assert doc.raw_span(4, 9) == (4, 9)


def test_builder_keeps_and_drops_pieces():
    raw = "سطر أول\nإعلان\nسطر ثالث"
    b = TextBuilder(raw)
    b.keep(0, 8)                      # "سطر أول\n"
    b.keep(14, len(raw))              # "سطر ثالث"
    text, offsets = b.build()
    assert text == "سطر أول\nسطر ثالث"
    start = text.index("ثالث")
    rs, re_ = offsets.span_to_raw(start, start + 4)
    assert raw[rs:re_] == "ثالث"


def test_replaced_piece_maps_to_its_whole_raw_span():
    raw = "قال &quot;المتحدث&quot; أمس"
    b = TextBuilder(raw)
    b.keep(0, 4)
    b.replace(4, 10, '"')
    b.keep(10, 17)
    b.replace(17, 23, '"')
    b.keep(23, len(raw))
    text, offsets = b.build()
    assert text == 'قال "المتحدث" أمس'
    assert offsets.span_to_raw(4, 5) == (4, 10)
    s = text.index("المتحدث")
    rs, re_ = offsets.span_to_raw(s, s + len("المتحدث"))
    assert raw[rs:re_] == "المتحدث"


@pytest.mark.parametrize("start,end", [(0, 0), (3, 3)])
def test_empty_span_maps_to_a_point(start, end):
    offsets = OffsetMap.identity(10)
    rs, re_ = offsets.span_to_raw(start, end)
    assert rs == re_


def test_sentence_of_finds_the_sentence():
    from rasid.text.segment import split_sentences

    doc = Document.from_text("وقع انفجار. قتل جندي.")
    doc.sentences = split_sentences(doc.text)
    s = doc.sentence_of(doc.text.index("جندي"))
    assert doc.text[s.start:s.end] == "قتل جندي."
    assert doc.sentence_of(len(doc.text) + 5) is None

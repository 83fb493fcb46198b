"""The spaCy pipeline's own components: figure merging, sentence bounds, cue matching."""
import pytest

from core.pipeline import (
    CUES,
    build_nlp,
    figure_starts,
    figure_value,
    is_figure,
    paragraph_bounds,
    sentence_bounds,
    vague_low,
)


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


def test_figures_are_merged_and_kept_by_index(nlp):
    doc = nlp("Rund 11 000 Soldaten, davon mehrere Tausend verwundet, und 1,5 Millionen Granaten.")
    texts = {doc[i].text: i for i in figure_starts(doc)}
    assert set(texts) == {"11 000", "mehrere Tausend", "1,5 Millionen"}
    assert figure_value(doc, texts["11 000"]) == 11000
    assert figure_value(doc, texts["1,5 Millionen"]) == 1_500_000
    assert figure_value(doc, texts["mehrere Tausend"]) is None and vague_low(doc, texts["mehrere Tausend"]) > 0
    assert is_figure(doc, texts["mehrere Tausend"]) and not is_figure(doc, texts["11 000"] + 1)


def test_truncated_number_word_borrows_the_ending(nlp):
    doc = nlp("Es seien zehn- bis zwölftausend Mann.")
    assert [(doc[i].text, figure_value(doc, i)) for i in figure_starts(doc)] == [("zehn-", 10000), ("zwölftausend", 12000)]


def test_words_are_no_figures(nlp):
    doc = nlp("Ein Soldat, einige Zehntel und 2024er Modelle.")
    assert figure_starts(doc) == []


def test_cue_matches_are_sorted_tuples(nlp):
    doc = nlp("Laut dem südkoreanischen Geheimdienst NIS wurden mehr als 3000 Soldaten getötet.")
    matches = doc.user_data[CUES]
    assert matches == sorted(matches)
    labels = {label for _, _, label, _ in matches}
    assert {"FRAME", "SOURCE", "QUAL", "CAT"} <= labels
    assert "nis" in {id_ for _, _, label, id_ in matches if label == "SOURCE"}


def test_sentence_bounds_follow_the_sentencizer(nlp):
    doc = nlp("Erster Satz. Zweiter Satz! „Dritter?“ Vierter")
    assert sentence_bounds(doc) == [(sent.start, sent.end) for sent in doc.sents]
    assert len(sentence_bounds(doc)) == 4
    assert sentence_bounds(nlp("")) == []


def test_paragraphs_in_one_doc_stay_apart(nlp):
    doc = nlp("Überschrift ohne Punkt\n\nLaut NIS 3000 Tote. Zweiter Satz\n\n„Zitat.“\n\nEnde")
    paragraphs = [doc[start:end].text for start, end in paragraph_bounds(doc)]
    assert paragraphs == ["Überschrift ohne Punkt", "Laut NIS 3000 Tote. Zweiter Satz", "„Zitat.“", "Ende"]
    starts = [start for start, _ in sentence_bounds(doc)]
    assert all(start in starts for start, _ in paragraph_bounds(doc))
    assert not any(doc[start].is_space for start in starts)

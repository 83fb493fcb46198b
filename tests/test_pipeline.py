"""The spaCy pipeline's own components: figure merging, sentence bounds, cue matching."""
from pathlib import Path

import pytest
import spacy

from core.articles import article_files, read_articles
from core.cues import SentenceCues, char_bounds, span_text
from core.extract import number_dump

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


ROOT = Path(__file__).resolve().parent.parent


def _paragraphs():
    """Every paragraph of the corpora, as the extractor reads them (reflowed)."""
    folders = [ROOT / name for name in ("seeds", "tests/heldout", "tests/heldout2", "../shared/gold/dev")]
    articles, _ = read_articles(article_files(folders)[0])
    for article in articles:
        yield from (article.flow.text[start:end] for start, end in article.flow.paragraphs)


def test_sentences_are_the_sentencizers_on_real_paragraphs(nlp):
    """The array-based splitter starts sentences where spaCy's Sentencizer does, on every paragraph of the
    corpora (short enough that the run-on cut does not apply), with the same tokens; only an opening quote
    or bracket moves to the sentence it opens."""
    reference = spacy.blank("de")
    reference.tokenizer = nlp.tokenizer
    reference.add_pipe("figure_merger")
    reference.add_pipe("sentencizer")
    checked = moved = 0
    for text in _paragraphs():
        doc, expected = nlp(text), reference(text)
        spans = [(sent.start, sent.end) for sent in expected.sents]
        if max(end - start for start, end in spans) >= 80:
            continue
        ours = [start for start, _ in sentence_bounds(doc)]
        theirs = [start for start, _ in spans]
        assert len(ours) == len(theirs), text
        for mine, spacys in zip(ours, theirs):
            assert mine == spacys or all(doc[k].text in "„«»“\"'([" for k in range(mine, spacys)), text
            moved += mine != spacys
        checked += 1
    assert checked > 500 and moved > 0


def test_an_opening_quote_starts_the_sentence_it_opens(nlp):
    doc = nlp("Es sind 3000 Soldaten. «Jeder Dritte davon ist tot», sagt er. Er sagte: „Wir zählen 3000.“ Dann ging er.")
    assert [doc[start:end].text for start, end in sentence_bounds(doc)] == [
        "Es sind 3000 Soldaten.", "«Jeder Dritte davon ist tot», sagt er.", "Er sagte: „Wir zählen 3000.“", "Dann ging er."]


def test_run_on_sentences_are_cut_after_a_comma(nlp):
    doc = nlp(", ".join(f"Dorf {k}" for k in range(100)))
    lengths = [end - start for start, end in sentence_bounds(doc)]
    assert len(lengths) == 4 and all(length <= 81 for length in lengths)
    assert all(doc[start - 1].text == "," for start, _ in sentence_bounds(doc)[1:])
    assert [(sent.start, sent.end) for sent in doc.sents] == sentence_bounds(doc)


def test_a_run_of_numbers_longer_than_any_figure_holds_none(nlp):
    doc = nlp("Tabelle 0 1 2 3 4 5 6 7 8 9 und 000 000 000 000 000 000 000, dann 11 000 Soldaten, Tel. 0 800 300 529.")
    assert [doc[i].text for i in figure_starts(doc)] == ["11 000", "0 800 300 529"]


def test_many_figures_are_merged_in_batches(nlp):
    doc = nlp("rund 11 000 Soldaten, " * 1_200)  # more merges than one batch holds
    assert [(doc[i].text, figure_value(doc, i)) for i in figure_starts(doc)] == [("11 000", 11000)] * 1_200
    assert figure_starts(doc)[:2] == [1, 5] and len(doc) == 4 * 1_200


def test_paragraphs_in_one_doc_stay_apart(nlp):
    doc = nlp("Überschrift ohne Punkt\n\nLaut NIS 3000 Tote. Zweiter Satz\n\n„Zitat.“\n\nEnde")
    paragraphs = [doc[start:end].text for start, end in paragraph_bounds(doc)]
    assert paragraphs == ["Überschrift ohne Punkt", "Laut NIS 3000 Tote. Zweiter Satz", "„Zitat.“", "Ende"]
    starts = [start for start, _ in sentence_bounds(doc)]
    assert all(start in starts for start, _ in paragraph_bounds(doc))
    assert not any(doc[start].is_space for start in starts)


def _all_paragraphs():
    """Every paragraph of the seeds, the dev set and every held-out set, reflowed."""
    folders = [ROOT / "seeds", ROOT / "../shared/gold/dev", *sorted(ROOT.glob("tests/heldout*/"))]
    articles, _ = read_articles(article_files([f for f in folders if f.is_dir()])[0])
    for article in articles:
        yield from (article.flow.text[start:end] for start, end in article.flow.paragraphs)


def test_no_sentence_of_the_corpora_is_a_number_dump(nlp):
    """The share of figures that makes a sentence a dump of numbers, with no claim, leaves every real sentence
    alone: the densest (lottery numbers, a phone number) are far from it."""
    sentences = 0
    for doc in nlp.pipe(_all_paragraphs()):
        figures = figure_starts(doc)
        for start, end in sentence_bounds(doc):
            assert not number_dump(figures, start, end), doc[start:end].text
            sentences += 1
    assert sentences > 3_000


def test_char_bounds_and_span_text_are_the_tokens(nlp):
    text = "Laut NIS wurden rund 11 000 Soldaten getötet – „bis zu 1,5 Millionen“ Schätzungen.\n\nZweiter Absatz"
    doc = nlp(text)
    doc.user_data["text"] = text
    starts, ends = char_bounds(doc)
    assert starts == [t.idx for t in doc] and ends == [t.idx + len(t.text) for t in doc]
    assert all(span_text(doc, s, e) == doc[s:e].text for s, e in sentence_bounds(doc))


def test_sentence_cues_answer_as_a_scan_of_all_cues_would(nlp):
    """at and within, answered from indices, give what filtering the sentence's cues gives."""
    checked = 0
    for doc in nlp.pipe(list(_paragraphs())[:400]):
        for start, end in sentence_bounds(doc):
            cues = SentenceCues(doc[start:end], doc.user_data[CUES])
            for label, found in cues.by_label.items():
                for k in range(start, end + 1):
                    assert cues.at(label, start=k) == [c for c in found if c.start == k]
                    assert cues.at(label, end=k) == [c for c in found if c.end == k]
                    assert cues.within(label, start, k) == [c for c in found if start <= c.start and c.end <= k]
                    checked += 1
            assert cues.within("NO_SUCH_LABEL", start, end) == [] and cues.at("NO_SUCH_LABEL", start=start) == []
    assert checked > 10_000

"""Inputs built to make regular expressions or per-sentence work blow up finish, and give sane results."""
import pytest
from conftest import claims_of

from core import extract
from core.extract import number_dump
from core.pipeline import build_nlp, figure_starts, sentence_bounds
from bench.stress import PATTERNS
from core.reflow import reflow

CASES = {
    "100 000 digits": "1" * 100_000,
    "100 000 dots": "." * 100_000,
    "one 200 kB line": ("Laut NIS wurden rund 300 Soldaten getötet, " * 5_000)[:200_000],
    "repeated qualifiers": "mehr als " * 20_000 + "300 Soldaten gefallen.",
    "endless digit groups": "11 " + "000 " * 30_000 + "Soldaten",
    "spaced digits": "0 1 2 3 4 5 6 7 8 9 " * 10_000 + "\nLaut NIS sind 100 Soldaten gefallen.",
    "blank lines": "\n" * 100_000 + "Laut NIS sind 100 Soldaten gefallen.",
    "url line": "https://" + "a" * 100_000 + "\nLaut NIS sind 100 Soldaten gefallen.",
}


@pytest.mark.parametrize("name", CASES)
def test_pathological_input_finishes(name):
    frame = claims_of(CASES[name])
    assert (frame["figure_end"] - frame["figure_start"]).max() < 200 if len(frame) else True


def test_a_run_of_numbers_makes_no_figures_and_short_sentences():
    doc = build_nlp()(CASES["spaced digits"])  # every figure and every token of a sentence costs the rules a step
    assert [doc[i].text for i in figure_starts(doc)] == ["100"]
    assert max(end - start for start, end in sentence_bounds(doc)) <= 150


def test_reflow_of_many_lines():
    flow = reflow("Zeile\n" * 100_000)  # equal lines read as one hard-wrapped paragraph
    assert flow.text == " ".join(["Zeile"] * 100_000)


CLAIM = "\nLaut NIS sind 100 Soldaten gefallen."
DUMPS = ("comma-separated numbers", "numbers and a word", "claims in one sentence", "thousands and semicolons",
         "table row")


def test_a_sentence_of_ten_thousand_numbers_holds_no_claim_and_skips_the_figure_rules(monkeypatch):
    read = []
    find_figures = extract.find_figures

    def spy(sent, cues, before=None):
        read.append(sent.text)
        return find_figures(sent, cues, before)

    monkeypatch.setattr(extract, "find_figures", spy)
    frame = claims_of(", ".join(str(k) for k in range(1, 10_001)) + CLAIM)
    assert frame["figure_text"].tolist() == ["100"]
    assert read == ["Laut NIS sind 100 Soldaten gefallen."]  # not one of the run-on cuts of the numbers


@pytest.mark.parametrize("name", DUMPS)
def test_dense_figures_make_no_claims(name):
    unit = PATTERNS[name]
    frame = claims_of(unit * (100_000 // len(unit)) + CLAIM)
    assert frame["figure_text"].tolist() == ["100"]


def test_one_long_line_keeps_its_claims():
    frame = claims_of("Laut NIS wurden rund 300 Soldaten getötet, " * 500)
    assert len(frame) == 500 and set(frame["claimant"]) == {"nis"} and set(frame["category"]) == {"killed"}


@pytest.mark.parametrize("text, dump", [
    ("1, 2, 3, 4, 5, 6, 7, 8, 9, " * 20, True),
    ("| 300 | 400 | 500 |" * 20, True),
    ("12 Soldaten, " * 40, True),  # one figure in three tokens
    ("1 a 2 a 3 a " * 40, True),
    ("1, 2, 3, 4, 5, 6, 7, 8.", True),
    ("1, 2, 3, 4, 5, 6, 7.", False),  # fewer figures than a dump has
    ("Laut NIS wurden rund 300 Soldaten getötet, " * 20, False),  # one in eight
    ("Die Gewinnzahlen der Ziehung vom Samstag: 4, 11, 19, 27, 33, 41; Glückszahl 5; Replay 9.", True),
    ("Laut NIS wurden im Januar 300, im Februar 400, im März 500, im April 600, im Mai 700, im Juni 800, im Juli 900 "
     "und im August 1000 Soldaten getötet.", False),  # eight figures in 40 tokens
])
def test_a_number_dump_is_many_figures_dense_among_the_tokens(text, dump):
    doc = build_nlp()(text)
    assert number_dump(figure_starts(doc), *sentence_bounds(doc)[0]) is dump

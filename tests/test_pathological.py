"""Inputs built to make regular expressions or per-sentence work blow up finish, and give sane results."""
import pytest
from conftest import claims_of

from core.pipeline import build_nlp, figure_starts, sentence_bounds
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

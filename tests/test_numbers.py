import pytest
from conftest import one_claim

from core.numbers import looks_like_year, parse_digits, parse_figure, parse_words


@pytest.mark.parametrize(
    "text, value",
    [("11.000", 11000), ("11 000", 11000), ("3000", 3000), ("1.234.567", 1234567), ("1,5", 1.5), ("abc", None), ("8.", None)],
)
def test_digits(text, value):
    assert parse_digits(text) == value


@pytest.mark.parametrize(
    "word, value",
    [
        ("zwölf", 12),
        ("Dreihundert", 300),
        ("elftausend", 11000),
        ("zwölftausend", 12000),
        ("dreiundzwanzig", 23),
        ("zweitausendfünfhundert", 2500),
        ("einhundertzwanzig", 120),
        ("tausend", 1000),
        ("Oktober", None),
        ("ein", None),
        ("hundertausend", None),
        ("zweieinhalbtausend", 2500),
        ("anderthalbtausend", 1500),
        ("dreieinhalbhundert", 350),
        ("zweieinhalb", None),  # a whole and a half counts no soldiers without hundert or tausend
        ("dreissig", 30),  # Swiss spelling
    ],
)
def test_words(word, value):
    assert parse_words(word) == value


@pytest.mark.parametrize("text, value", [("1,5 Millionen", 1_500_000), ("zwei Dutzend", 24), ("ein Dutzend", 12), ("drei Millionen", 3_000_000), ("12k", 12_000), ("3.000er", 3000), ("1500er", 1500), ("1,1 Tsd.", 1100), ("15 Tsd", 15_000)])
def test_multipliers(text, value):
    assert parse_figure(text) == value


def test_years():
    assert looks_like_year("2024") and not looks_like_year("3000") and not looks_like_year("2.024")


@pytest.mark.parametrize(
    "sentence, figure, value",
    [
        ("Nach Angaben aus Kiew kämpfen dort 11 000 nordkoreanische Soldaten.", "11 000", 11000),
        ("Laut NIS sind inzwischen zwölftausend Nordkoreaner im Einsatz.", "zwölftausend", 12000),
        ("Seoul zufolge wurden zwei Dutzend Soldaten getötet.", "zwei Dutzend", 24),
        ("Die Armee meldete 1.250 verwundete Nordkoreaner.", "1.250", 1250),
    ],
)
def test_figures_in_sentences(sentence, figure, value):
    claim = one_claim(sentence)
    assert claim["figure_text"] == figure and claim["value"] == value

"""Property-based tests: extraction never raises, bounds hold, offsets point at the figure as printed."""
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.articles import make_article
from core.extract import extract_claims

SEED = (Path(__file__).resolve().parent.parent / "seeds" / "004_ec286561ea468a82.txt").read_text(encoding="utf-8")
GERMAN = st.sampled_from(
    ["mehr als", "rund", "zwischen", "und", "bis", "–", "Soldaten", "getötet", "Laut NIS", "11.000", "3 000", "zwölf",
     "Hunderte", "die Hälfte der", "davon", "\n\n", "\n", ". ", ", ", "„", "“", "---\n", "# ", "2024", "am 3.", "(HUR)"]
)


def _check(text: str) -> None:
    article = make_article("p", text)
    frame = extract_claims([article])
    for row in frame.astype(object).where(frame.notna(), None).itertuples():
        assert article.raw[row.figure_start : row.figure_end] == row.figure_text
        assert row.sentence_start <= row.figure_start <= row.figure_end <= row.sentence_end
        if row.value is not None:
            assert row.low is None or row.low <= row.value
            assert row.high is None or row.value <= row.high


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_unicode(text):
    _check(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(GERMAN, max_size=60).map(" ".join))
def test_german_fragments(text):
    _check(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(SEED)), st.integers(0, 40), st.text(max_size=12)), max_size=8))
def test_seed_with_random_edits(edits):
    text = SEED
    for position, length, insert in edits:
        position = min(position, len(text))
        text = text[:position] + insert + text[position + length :]
    _check(text)

"""Periods stated in a sentence, resolved against the published date."""
import datetime as dt

import pytest
from conftest import one_claim

from core.dates import find_periods, period_for

PUBLISHED = dt.date(2025, 2, 11)  # a Tuesday


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("im Januar und Februar 2025", dt.date(2025, 1, 1), dt.date(2025, 2, 28)),
        ("seit Herbst 2024", dt.date(2024, 9, 1), PUBLISHED),
        ("im Herbst 2024", dt.date(2024, 9, 1), dt.date(2024, 11, 30)),
        ("seit Mitte Januar", dt.date(2025, 1, 11), PUBLISHED),
        ("Mitte Januar", dt.date(2025, 1, 11), dt.date(2025, 1, 20)),
        ("im Dezember", dt.date(2024, 12, 1), dt.date(2024, 12, 31)),
        ("am Montag", dt.date(2025, 2, 10), dt.date(2025, 2, 10)),
        ("am Dienstag", PUBLISHED, PUBLISHED),
        ("im vergangenen Jahr", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        ("seit Jahresbeginn", dt.date(2025, 1, 1), PUBLISHED),
        ("am 13. Januar", dt.date(2025, 1, 13), dt.date(2025, 1, 13)),
        ("zwischen dem 8. und dem 13. Oktober", dt.date(2024, 10, 8), dt.date(2024, 10, 13)),
        ("Anfang 2025", dt.date(2025, 1, 1), dt.date(2025, 3, 31)),
        ("zu Beginn des Jahres 2025", dt.date(2025, 1, 1), dt.date(2025, 3, 31)),
        ("im Winter 2024", dt.date(2024, 12, 1), dt.date(2025, 2, 28)),
        ("vergangene Woche", dt.date(2025, 2, 3), dt.date(2025, 2, 9)),
        ("in den vergangenen drei Tagen", dt.date(2025, 2, 8), PUBLISHED),
    ],
)
def test_periods(text, start, end):
    periods = find_periods(f"Das war {text} so.", PUBLISHED)
    assert [(p[2], p[3]) for p in periods] == [(start, end)]


def test_nearest_period_wins():
    text = "Im Juni 2024 unterzeichneten sie den Vertrag; seit Herbst 2024 kamen 11.000 Soldaten."
    assert period_for(text, text.index("11.000"), PUBLISHED)[:2] == (dt.date(2024, 9, 1), PUBLISHED)


def test_basis_without_a_stated_date():
    assert period_for("Es kamen 11.000 Soldaten.", 9, PUBLISHED) == (PUBLISHED, PUBLISHED, "published")
    assert period_for("Es kamen 11.000 Soldaten.", 9, None) == (None, None, "unknown")
    assert period_for("Im Dezember kamen 11.000 Soldaten.", 15, None) == (None, None, "unknown")


def test_claim_carries_its_period():
    claim = one_claim("Laut NIS kamen im Januar und Februar 2025 rund 3.000 zusätzliche Soldaten an.")
    assert claim["date_basis"] == "stated"
    assert (claim["period_start"].date(), claim["period_end"].date()) == (dt.date(2025, 1, 1), dt.date(2025, 2, 28))

"""Periods stated in a sentence, resolved against the published date."""
import datetime as dt

import pytest
from conftest import claims_of, one_claim

from core.articles import make_article
from core.dates import find_periods, period_for
from core.extract import extract_claims
from core.pubdates import date_from_dateline, date_from_url

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
        ("im vergangenen Monat", dt.date(2025, 1, 1), dt.date(2025, 1, 31)),
        ("im Vormonat", dt.date(2025, 1, 1), dt.date(2025, 1, 31)),
        ("in diesem Monat", dt.date(2025, 2, 1), PUBLISHED),
        ("am Wochenende", dt.date(2025, 2, 8), dt.date(2025, 2, 9)),
        ("vor zwei Wochen", dt.date(2025, 1, 28), dt.date(2025, 1, 28)),
        ("vor einem Monat", dt.date(2025, 1, 11), dt.date(2025, 1, 11)),
        ("vor drei Tagen", dt.date(2025, 2, 8), dt.date(2025, 2, 8)),
        ("Stand März", dt.date(2024, 3, 1), dt.date(2024, 3, 31)),
        ("im Jänner", dt.date(2025, 1, 1), dt.date(2025, 1, 31)),
        ("die Verstärkung 2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        ("in der zweiten Jännerhälfte", dt.date(2025, 1, 16), dt.date(2025, 1, 31)),
        ("in der ersten Dezemberhälfte 2024", dt.date(2024, 12, 1), dt.date(2024, 12, 15)),
        ("seit 2024", dt.date(2024, 1, 1), PUBLISHED),
        ("Ende 2024", dt.date(2024, 12, 1), dt.date(2024, 12, 31)),
        ("Mitte 2024", dt.date(2024, 7, 1), dt.date(2024, 8, 31)),
        ("im Okt. 2024", dt.date(2024, 10, 1), dt.date(2024, 10, 31)),
    ],
)
def test_periods(text, start, end):
    periods = find_periods(f"Das war {text} so.", PUBLISHED)
    assert [(p[2], p[3]) for p in periods] == [(start, end)]


@pytest.mark.parametrize("text, start", [
    ("Seit Jahresbeginn kamen 3.000 Mann.", dt.date(2025, 1, 1)),  # a capital at the sentence start
    ("Vergangene Woche kamen 3.000 Mann.", dt.date(2025, 2, 3)),
    ("Heute kamen 3.000 Mann.", PUBLISHED),
])
def test_relative_dates_at_the_start_of_a_sentence(text, start):
    assert [p[2] for p in find_periods(text, PUBLISHED)] == [start]


@pytest.mark.parametrize("text", ["Bis 2026 sollen es 20.000 sein.",
                                  "Im 2024 veröffentlichten Bericht"])
def test_a_year_after_a_preposition_is_no_period_of_its_own(text):
    assert find_periods(text, PUBLISHED) == []


def test_a_period_in_a_relative_clause_dates_the_noun_it_describes_not_a_share_of_it():
    text = ("Mehr als die Hälfte der rund 11.000 Soldaten, die im Herbst 2024 nach Kursk entsandt wurden, "
            "sind gefallen oder verwundet.")
    frame = claims_of(text, published="2025-06-16")
    dated = {row.figure_text: (row.period_start.date(), row.date_basis) for row in frame.itertuples()}
    assert dated["11.000"] == (dt.date(2024, 9, 1), "stated")
    assert dated["die Hälfte der rund 11.000"] == (dt.date(2025, 6, 16), "published")


def test_a_period_in_the_figures_own_relative_clause_dates_it():
    frame = claims_of("Es sind 3.000 Soldaten, die im Januar 2025 nachgeschickt wurden, berichtet der NIS.")
    assert frame["period_start"].iloc[0].date() == dt.date(2025, 1, 1)


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


@pytest.mark.parametrize("url, date", [
    ("https://www.zeitung.de/politik/2025/03/14/nordkorea-kursk.html", dt.date(2025, 3, 14)),
    ("https://www.zeitung.de/politik/nordkorea-kursk-20250314-1234.html", dt.date(2025, 3, 14)),
    ("https://zeitung.ch/ausland/2025-03-14/nordkorea", dt.date(2025, 3, 14)),
    ("https://www.sender.de/nachrichten-2025-03/nordkorea-100.html", dt.date(2025, 3, 1)),
    ("https://www.blatt.at/2025/3/nordkorea", dt.date(2025, 3, 1)),
    ("https://news.example.org/article?id=1741953600", dt.date(2025, 3, 14)),
    ("https://www.zeitung.de/politik/nordkorea-kursk-100.html", None),
    ("https://2025.zeitung.de/a", None),  # a host name's digits are no date
    ("", None),
])
def test_publication_date_from_the_web_address(url, date):
    assert date_from_url(url) == date


@pytest.mark.parametrize("lead, date", [
    (["Nordkoreaner in Kursk", "Seoul, 14.03.2025 (dpa) – Der Geheimdienst meldet 300 Tote."], dt.date(2025, 3, 14)),
    (["Nordkoreaner in Kursk", "14. März 2025", "Der Geheimdienst meldet 300 Tote."], dt.date(2025, 3, 14)),
    (["Nordkoreaner in Kursk", "WIEN, 3. Jänner 2025 (APA) – Die Zahl"], dt.date(2025, 1, 3)),
    (["Nordkoreaner in Kursk", "Der Geheimdienst meldet 300 Tote, die seit Wochen in Gefechten um Kursk fielen, "
      "wie es am 14. März 2025 hiess."], None),  # a date deep in a sentence is no dateline
    (["Nordkoreaner in Kursk", "Kiew – Die Ukraine meldet 300 Tote."], None),
    (["Verheizt in Kursk", "F.A.Z. · Freitag, 14. März 2025 · Nr. 62 · Seite 5", "Nordkoreas Soldaten …"],
     dt.date(2025, 3, 14)),
    (["Kims Elitesoldaten in Kursk", "Dienstag, 11.02.2025 | 14:07"], dt.date(2025, 2, 11)),
    (["Eine Zwischenbilanz", "GIGA Focus Asien | Nummer 2 | März 2025 | ISSN 1862-359X"], dt.date(2025, 3, 1)),
    (["Die Bilanz vom März 2025", "Ein langer Text über Kursk."], None),  # the title's month is a topic
])
def test_publication_date_from_a_dateline(lead, date):
    assert date_from_dateline(lead) == date


@pytest.mark.parametrize("meta, text, published, basis", [
    ({"published": "2025-02-11"}, "Titel\n\nSeoul, 14.03.2025 (dpa) – Text.", dt.date(2025, 2, 11), "published"),
    ({"url": "https://z.de/2025/03/14/a.html"}, "Titel\n\nSeoul, 1.02.2025 (dpa) – Text.", dt.date(2025, 3, 14), "url"),
    ({}, "Titel\n\nSeoul, 14.03.2025 (dpa) – Text.", dt.date(2025, 3, 14), "dateline"),
    ({}, "Titel\n\nText ohne Datum.", None, "unknown"),
])
def test_where_an_articles_date_comes_from(meta, text, published, basis):
    article = make_article("a", text, meta)
    assert (article.published, article.published_basis) == (published, basis)


def test_a_claim_dated_by_the_web_address_says_so():
    text = "---\nurl: https://z.de/politik/2025/03/14/kursk.html\n---\nTitel\n\nLaut NIS sind 300 Soldaten gefallen.\n"
    claim = extract_claims([make_article("a", text)]).iloc[0]
    assert (claim["published"].date(), claim["period_start"].date(), claim["date_basis"]) == (
        dt.date(2025, 3, 14), dt.date(2025, 3, 14), "url")


@pytest.mark.parametrize("text, meta, why", [
    ("Laut NIS sind seit Herbst 2024 rund 300 Soldaten gefallen.", {"published": "2025-02-11"}, "date:stated:seit Herbst 2024"),
    ("Laut NIS sind rund 300 Soldaten gefallen.", {"published": "2025-02-11"}, "date:published"),
    ("Laut NIS sind rund 300 Soldaten gefallen.", {"url": "https://z.de/2025/02/11/a"}, "date:url"),
    ("Laut NIS sind rund 300 Soldaten gefallen.", {}, "date:unknown"),
])
def test_every_claim_says_where_its_date_came_from(text, meta, why):
    assert extract_claims([make_article("a", text, meta)])["why"].iloc[0].endswith(why)


@pytest.mark.parametrize("closing, date", [
    (["Das Gespräch führte Jana Wolff.", "(Martina Steiner, 10.2.2025)"], dt.date(2025, 2, 10)),
    (["dpa-infocom, dpa:241219-930-321847/3"], dt.date(2024, 12, 19)),
    (["dpa mk yyzz a3 kre", "301052 Apr 25"], dt.date(2025, 4, 30)),
    (["Stand: 2. Oktober 2025"], dt.date(2025, 10, 2)),
    (["Aktualisiert am 21.02.2025, 09:12 Uhr"], dt.date(2025, 2, 21)),
    (["Am 15. Mai spricht sie um 19 Uhr im Burkardushaus, der Eintritt ist frei und die Plätze sind begrenzt, "
      "bitte melden Sie sich an."], None),
])
def test_publication_date_from_a_closing_stamp(closing, date):
    assert date_from_dateline(["Titel", "Text ohne Datum."], closing) == date

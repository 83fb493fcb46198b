import datetime as dt

import pandas as pd
import pytest

from core.schema import COLUMNS, coerce, empty_frame
from ui.filters import Filters, apply_filters, claim_date, date_source, from_params, search, source, to_params


def claims(*rows):
    """A claims frame from (claim_id, claimant, category, article_id, qualifier, published, basis, period, sentence)."""
    names = ("claim_id", "claimant", "category", "article_id", "qualifier", "published", "date_basis",
             "period_start", "sentence")
    return coerce(pd.DataFrame([{**dict.fromkeys(COLUMNS), **dict(zip(names, row))} for row in rows]))


@pytest.fixture
def frame():
    return claims(
        ("a", "zelensky", "killed_or_wounded", "art1", "more_than", "2024-12-23", "published", None,
         "Selenskyj: über 3000 Nordkoreaner getötet oder verwundet."),
        ("b", "sk_military", "killed_or_wounded", "art1", "approx", "2024-12-23", "published", None,
         "Südkoreas Generalstab spricht von rund 1.100 Opfern."),
        ("c", "nis", "deployed", "art2", "approx", "2025-04-28", "stated", "2024-01-01",
         "Im vergangenen Jahr wurden etwa 11.000 Soldaten entsandt."),
        ("d", None, "killed", "art3", "exact", "2025-02-11", "stated", None, "300 Soldaten getötet."),
    )


def ids(frame):
    return list(frame["claim_id"])


def test_claim_date_uses_stated_period_else_article_date(frame):
    assert list(claim_date(frame).dt.date.astype(str)) == ["2024-12-23", "2024-12-23", "2024-01-01", "2025-02-11"]
    assert list(date_source(frame)) == ["article date", "article date", "stated period", "article date"]


def test_source_names_missing_claimant_unattributed(frame):
    assert list(source(frame)) == ["zelensky", "sk_military", "nis", "unattributed"]


def test_no_filters_keeps_everything(frame):
    assert ids(apply_filters(frame, Filters())) == ["a", "b", "c", "d"]
    assert from_params({}) == Filters() and to_params(Filters()) == {}


@pytest.mark.parametrize("filters, expected", [
    (Filters(sources=["zelensky"]), ["a"]),
    (Filters(sources=["unattributed", "nis"]), ["c", "d"]),
    (Filters(categories=["killed_or_wounded"]), ["a", "b"]),
    (Filters(articles=["art2", "art3"]), ["c", "d"]),
    (Filters(qualifiers=["approx"]), ["b", "c"]),
    (Filters(date_from=dt.date(2024, 12, 23)), ["a", "b", "d"]),
    (Filters(date_to=dt.date(2024, 12, 23)), ["a", "b", "c"]),
    (Filters(date_from=dt.date(2024, 6, 1), date_to=dt.date(2024, 12, 31)), ["a", "b"]),
    (Filters(sources=["sk_military"], qualifiers=["more_than"]), []),
])
def test_filters_combine(frame, filters, expected):
    assert ids(apply_filters(frame, filters)) == expected


@pytest.mark.parametrize("text, expected", [
    ("", ["a", "b", "c", "d"]),
    ("nordkoreaner", ["a"]),
    ("SÜDKOREAS", ["b"]),
    ("1.100", ["b"]),
    ("nis", ["c"]),
    ("nichts davon", []),
])
def test_search_ignores_case_and_treats_text_literally(frame, text, expected):
    assert ids(search(frame, text)) == expected


def test_params_round_trip():
    filters = Filters(sources=["zelensky", "sk_military"], categories=["killed"], date_from=dt.date(2024, 12, 1))
    params = to_params(filters)
    assert params == {"source": ["zelensky", "sk_military"], "category": ["killed"], "from": "2024-12-01"}
    assert from_params(params) == filters


def test_params_ignore_unparseable_dates():
    assert from_params({"from": "gestern", "source": "nis"}) == Filters(sources=["nis"])


def test_empty_frame_filters_to_empty():
    assert apply_filters(empty_frame(), Filters(sources=["nis"], date_from=dt.date(2024, 1, 1))).empty


def test_rejected_claims_leave_the_view_unless_the_status_filter_asks_for_them(frame):
    frame = frame.assign(status=pd.Categorical(["auto", "rejected", "confirmed", "auto"], categories=frame["status"].cat.categories))
    assert ids(apply_filters(frame, Filters())) == ["a", "c", "d"]
    assert ids(apply_filters(frame, Filters(statuses=["rejected"]))) == ["b"]
    assert ids(apply_filters(frame, Filters(statuses=["confirmed", "corrected"]))) == ["c"]
    assert from_params(to_params(Filters(statuses=["rejected"]))) == Filters(statuses=["rejected"])

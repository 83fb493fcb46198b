import io

import pandas as pd
import pytest
from conftest import claims_of

from core.schema import COLUMNS, SchemaError, coerce, csv_bytes, empty_frame, safe_for_csv, validate
from core.extract import extract_claims


def test_empty_corpus_gives_typed_empty_frame():
    frame = extract_claims([])
    assert frame.empty and list(frame.columns) == list(COLUMNS)
    assert frame.dtypes.equals(empty_frame().dtypes)
    validate(frame)


def test_seed_frame_is_valid(seeds_dir):
    from core.articles import load_articles

    frame = extract_claims(load_articles(seeds_dir)[0])
    validate(frame)
    assert frame["claim_id"].is_unique
    assert str(frame["category"].dtype) == "category" and str(frame["value"].dtype) == "Float64"


def test_claim_ids_are_stable(seeds_dir):
    from core.articles import load_articles

    first = extract_claims(load_articles(seeds_dir)[0])["claim_id"].tolist()
    assert first == extract_claims(load_articles(seeds_dir)[0])["claim_id"].tolist()


def test_validate_rejects_bad_frames():
    with pytest.raises(SchemaError):
        coerce(pd.DataFrame({"claim_id": ["a"]}))
    frame = empty_frame()
    with pytest.raises(SchemaError):
        validate(frame.drop(columns=["value"]))


def test_csv_export_neutralises_formula_cells():
    front = "---\ntitle: '=HYPERLINK(\"https://x.example\")'\noutlet: '@Tagesblatt'\n---\n"
    text = front + "-Laut NIS sind 100 Soldaten gefallen."
    frame = claims_of(text, article_id="+49")
    before = frame.copy()
    written = pd.read_csv(io.BytesIO(csv_bytes(frame)), dtype=str, keep_default_na=False)
    assert written.loc[0, "title"] == "'=HYPERLINK(\"https://x.example\")"
    assert written.loc[0, "outlet"] == "'@Tagesblatt"
    assert written.loc[0, "article_id"] == "'+49" and written.loc[0, "claim_id"].startswith("'+49:")
    assert written.loc[0, "sentence"].startswith("'-Laut NIS")
    assert (written.loc[0, "value"], written.loc[0, "published"]) == ("100.0", "2025-02-11")
    assert written.loc[0, "figure_start"] == str(frame.loc[0, "figure_start"])
    pd.testing.assert_frame_equal(frame, before)  # the frame itself is not changed


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"])
def test_every_formula_start_is_neutralised_but_numbers_are_not(cell):
    frame = pd.DataFrame({"text": pd.Series([cell, "Kursk"], dtype="string"), "number": [-1.5, 2.0],
                          "mixed": pd.Series([-3, cell], dtype=object)})
    safe = safe_for_csv(frame)
    assert safe["text"].tolist() == ["'" + cell, "Kursk"]
    assert safe["number"].tolist() == [-1.5, 2.0] and safe["mixed"].tolist() == [-3, "'" + cell]

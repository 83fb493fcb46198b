import pandas as pd
import pytest

from core.schema import COLUMNS, SchemaError, coerce, empty_frame, validate
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

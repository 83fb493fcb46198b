"""Shared fixtures: project paths and a helper that extracts claims from a German text."""
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from core.articles import make_article  # noqa: E402
from core.extract import extract_claims  # noqa: E402


def claims_of(text: str, published: str | None = "2025-02-11", article_id: str = "t"):
    """Claims frame of one article made from `text` (front matter optional)."""
    meta = {"published": published} if published else {}
    return extract_claims([make_article(article_id, text, meta)])


def one_claim(text: str, **kwargs):
    """The single claim in `text` as a dict; fails when there is not exactly one."""
    frame = claims_of(text, **kwargs)
    assert len(frame) == 1, frame[["figure_text", "category", "value"]].to_string()
    return frame.iloc[0].to_dict()


@pytest.fixture
def seeds_dir() -> Path:
    return ROOT / "seeds"


@pytest.fixture
def extracted(monkeypatch):
    """The names of the files the claims cache hands to the extractor (its worker processes), one list per load."""
    import core.cache

    calls, extract = [], core.cache.extract_with_articles

    def counting(files, *args, **kwargs):
        calls.append(sorted(file.name for file, _ in files))
        return extract(files, *args, **kwargs)

    monkeypatch.setattr(core.cache, "extract_with_articles", counting)
    return calls

"""The benchmark's synthetic corpus and tiny `python -m core bench` runs (the real benchmark is not a test)."""
import random
import subprocess
import sys

import pytest
from conftest import ROOT

from core.articles import load_articles
from core.cli import main
from core.extract import extract_claims
from core.numbers import parse_figure
from bench.stress import PATTERNS
from bench.synthetic import article_text, german_figure, write_corpus


@pytest.mark.parametrize("value", [300, 3000, 11_000, 12_500])
def test_figures_are_written_as_the_extractor_reads_them(value):
    rng = random.Random(value)
    written = {german_figure(value, rng) for _ in range(200)}
    assert len(written) >= (2 if value < 1000 else 3)
    assert all(parse_figure(text) == value for text in written), written


def test_corpus_is_seeded_sized_and_varied(tmp_path):
    paths = write_corpus(tmp_path / "a", 0.05, seed=3)
    again = write_corpus(tmp_path / "b", 0.05, seed=3)
    assert [p.read_bytes() for p in paths] == [p.read_bytes() for p in again]
    assert article_text(0, seed=4) != article_text(0, seed=3)
    assert sum(p.stat().st_size for p in paths) >= 50_000
    texts = [p.read_text(encoding="utf-8") for p in paths]
    assert any(t.startswith("---\n") for t in texts) and any(t.startswith("# ") for t in texts)
    assert any("\n\n\n\n" in t for t in texts)  # a page break in the middle of a paragraph
    articles, errors = load_articles(tmp_path / "a")
    claims = extract_claims(articles)
    assert errors == [] and len(articles) == len(paths)
    assert claims["category"].nunique() >= 5 and claims["claimant"].nunique() >= 8


def test_a_tiny_bench_run_prints_every_figure():
    result = subprocess.run(
        [sys.executable, "-m", "core", "bench", "--sizes", "0.05", "--cache-articles", "10", "--claims", "1000"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.split()[:1] == ["0.05"] and len(line.split()) >= 14 for line in lines), result.stdout
    assert any(line.split()[-4:] == ["parse", "s", "parse", "ratio"] for line in lines), result.stdout
    assert any(line.startswith("cache, 10 articles") for line in lines)
    assert any(line.startswith("frame memory, 1000 claims") for line in lines)


def test_the_pathological_bench_prints_a_row_per_pattern_and_size(capsys):
    """Structure only: timings are judged by reading the benchmark, never asserted in a test."""
    assert main(["bench", "--pathological", "--sizes", "0.002", "0.004", "--repeats", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("claims bench --pathological") and "timed in this process" in out[1]
    assert out[2].split() == ["pathological", "input", "MB", "seconds", "s/MB", "claims", "ratio"]
    rows = [line.rsplit(maxsplit=5) for line in out[3:]]
    assert [(name, float(mb) < 0.003) for name, mb, *_ in rows] == [
        (name, small) for name in PATTERNS for small in (True, False)
    ]
    for name, mb, seconds, per_mb, claims, ratio in rows:
        assert int(claims) >= 1, name  # every input ends in a claim: extraction ran to the end
        assert float(seconds) > 0 and float(per_mb) > 0 and float(ratio) > 0


@pytest.mark.parametrize(
    "args, refused",
    [(["--pathological", "--jobs", "2", "--claims", "10"], "--jobs, --claims: not"), (["--repeats", "2"], "--repeats: only")],
)
def test_bench_refuses_options_of_the_other_kind_of_run(args, refused, capsys):
    assert main(["bench", *args]) == 2
    assert capsys.readouterr().err == f"error: {refused} with --pathological\n"

"""Command line: `python -m core extract|evaluate|bench` (a thin layer over the library)."""
import argparse
import sys
from pathlib import Path

from core.articles import load_articles
from core.bench import run_bench
from core.errors import ArticleError
from core.evaluate import evaluate, read_gold, report
from core.extract import extract_claims

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "seeds"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m core", description="German articles -> claims frame.")
    commands = parser.add_subparsers(dest="command", required=True)
    extract = commands.add_parser(
        "extract",
        help="extract claims to CSV or Parquet",
        description="Extract every troop figure. Example: python -m core extract seeds/ --out claims.csv",
    )
    extract.add_argument("paths", nargs="*", type=Path, help="article files or folders (default: seeds/)")
    extract.add_argument("--out", type=Path, help="output file, .csv or .parquet (default: print the table)")
    score = commands.add_parser(
        "evaluate",
        help="score extraction against a gold file",
        description="Score against gold claims. Example: python -m core evaluate --gold ../shared/gold/seed_claims.csv",
    )
    score.add_argument("paths", nargs="*", type=Path, help="article files or folders (default: seeds/)")
    score.add_argument("--gold", type=Path, required=True, help="gold claims CSV (columns of the gold README)")
    score.add_argument("--min-precision", type=float, default=0.0, help="exit 1 when precision is below this")
    score.add_argument("--min-recall", type=float, default=0.0, help="exit 1 when recall is below this")
    bench = commands.add_parser(
        "bench",
        help="measure speed, cache and memory on a synthetic corpus",
        description="Time extraction against a bare spaCy pass on synthetic German corpora of the given sizes, "
        "then the cache and the frame's memory. Example: python -m core bench --sizes 1 10 --jobs 2",
    )
    bench.add_argument("--sizes", nargs="+", type=float, default=[1.0, 10.0, 100.0], help="corpus sizes in MB")
    bench.add_argument("--jobs", type=int, help="worker processes for extraction (default: the machine's cores)")
    bench.add_argument("--cache-articles", type=int, default=10_000, help="articles in the cache test (0: skip)")
    bench.add_argument("--claims", type=int, default=100_000, help="claims in the memory test (0: skip)")
    return parser


def _load(paths: list) -> tuple:
    """Load articles, print one line per failed file; exit 2 when nothing loads."""
    articles, errors = load_articles(paths or [DEFAULT_CORPUS])
    for file, reason in errors:
        print(f"error: {file}: {reason}", file=sys.stderr)
    if errors and not articles:
        raise SystemExit(2)
    return articles, errors


def _extract(args) -> int:
    articles, errors = _load(args.paths)
    frame = extract_claims(articles)
    if args.out:
        suffix = args.out.suffix.lower()
        if suffix not in (".csv", ".parquet"):
            print(f"error: {args.out}: output must end in .csv or .parquet", file=sys.stderr)
            return 2
        try:
            frame.to_parquet(args.out, index=False) if suffix == ".parquet" else frame.to_csv(args.out, index=False)
        except OSError as exc:
            print(f"error: {args.out}: {exc.strerror or exc}", file=sys.stderr)
            return 2
    else:
        print(frame[["article_id", "category", "value", "qualifier", "claimant", "figure_text"]].to_string())
    print(f"articles: {len(articles)}, claims: {len(frame)}, errors: {len(errors)}")
    return 0


def _evaluate(args) -> int:
    try:
        gold = read_gold(args.gold)
    except ArticleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    articles, _ = _load(args.paths)
    score = evaluate(extract_claims(articles), gold)
    print(report(score))
    return 1 if score.precision < args.min_precision or score.recall < args.min_recall else 0


def _bench(args) -> int:
    run_bench(args.sizes, args.jobs, args.cache_articles, args.claims)
    return 0


def main(argv=None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(argv)
    return {"extract": _extract, "evaluate": _evaluate, "bench": _bench}[args.command](args)

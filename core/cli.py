"""Command line: `python -m core extract|evaluate|bench` (a thin layer over the library)."""
import argparse
import os
import sys
from pathlib import Path

from core.articles import load_articles
from core.errors import ArticleError
from core.evaluate import evaluate, read_gold, report
from core.extract import extract_claims
from core.findings import findings_of
from core.groups import group_claims
from core.readers import MAX_BYTES, MAX_BYTES_ENV, capped_max_bytes, max_bytes_setting
from core.reviews import as_gold, review_corpus
from core.schema import csv_bytes

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "seeds"


def _parser() -> argparse.ArgumentParser:
    from bench.run import DEFAULT_SIZES, PATHOLOGICAL_SIZES  # the tools are loaded only where they are described

    parser = argparse.ArgumentParser(prog="python -m core", description="German articles -> claims frame.")
    commands = parser.add_subparsers(dest="command", required=True)
    extract = commands.add_parser(
        "extract",
        help="extract claims to CSV or Parquet",
        description="Extract every troop figure. Example: python -m core extract seeds/ --out claims.csv",
    )
    extract.add_argument("paths", nargs="*", type=Path, help="article files or folders (default: seeds/)")
    extract.add_argument("--out", type=Path, help="output file, .csv or .parquet (default: print the table)")
    extract.add_argument("--no-reviews", action="store_true",
                         help="ignore the analyst's reviews.csv in the corpus folders (default: apply it)")
    _add_max_bytes(extract)
    export = commands.add_parser(
        "export-gold",
        help="write a corpus's reviewed claims as a gold file",
        description="Write the confirmed, corrected and added claims of a corpus (its reviews.csv) as a gold file in "
        "the format of ../shared/gold/README.md, for `evaluate`. Example: python -m core export-gold corpora/kursk "
        "--out gold.csv",
    )
    _table_command(commands, "groups", "consolidate repeated claims into claim groups",
                   "One row per claim group: a source's claim and every report of it (see the README's Claim groups "
                   "and findings). Example: python -m core groups seeds/ --out groups.csv")
    _table_command(commands, "findings", "list where figures disagree or do not add up",
                   "Consistency findings over the claim groups, each a named rule with a one-line explanation. "
                   "Example: python -m core findings seeds/")
    export.add_argument("paths", nargs="*", type=Path, help="corpus folders (default: seeds/)")
    export.add_argument("--out", type=Path, required=True, help="the gold CSV to write")
    _add_max_bytes(export)
    score = commands.add_parser(
        "evaluate",
        help="score extraction against a gold file",
        description="Score against gold claims. Example: python -m core evaluate --gold ../shared/gold/seed_claims.csv",
    )
    score.add_argument("paths", nargs="*", type=Path, help="article files or folders (default: seeds/)")
    score.add_argument("--gold", type=Path, required=True, help="gold claims CSV (columns of the gold README)")
    score.add_argument("--min-precision", type=float, default=0.0, help="exit 1 when precision is below this")
    score.add_argument("--min-recall", type=float, default=0.0, help="exit 1 when recall is below this")
    _add_max_bytes(score)
    bench = commands.add_parser(
        "bench",
        help="measure speed, cache and memory on a synthetic corpus",
        description="Time extraction against a bare spaCy pass on synthetic German corpora of the given sizes, "
        "then the cache and the frame's memory. Example: python -m core bench --sizes 1 10 --jobs 2. "
        "With --pathological, time instead seconds per MB of pathological inputs (one long line, dense figures, "
        "blank lines, ...) at growing sizes, to show that it stays flat. "
        "Example: python -m core bench --pathological --sizes 0.25 0.5 1 2 --repeats 3. "
        "With --dashboard, time the dashboard in headless chromium on a synthetic folder: first open, after a "
        "server restart, after changing one file. Example: python -m core bench --dashboard --articles 2000",
    )
    bench.add_argument(
        "--sizes", nargs="+", type=float,
        help=f"sizes in MB (default: {_listed(DEFAULT_SIZES)}; with --pathological: {_listed(PATHOLOGICAL_SIZES)})",
    )
    bench.add_argument("--jobs", type=int, help="worker processes for extraction (default: the machine's cores)")
    bench.add_argument("--cache-articles", type=int, help="articles in the cache test (default: 10000; 0: skip)")
    bench.add_argument("--claims", type=int, help="claims in the memory test (default: 100000; 0: skip)")
    pathological = bench.add_argument_group("pathological inputs (--jobs, --cache-articles, --claims do not apply)")
    pathological.add_argument(
        "--pathological", action="store_true", help="time every pattern of bench/stress.py at each size, in-process"
    )
    pathological.add_argument("--repeats", type=_positive, help="runs per pattern and size, median shown (default: 3)")
    dashboard = bench.add_argument_group("the dashboard in a browser (no other option applies)")
    dashboard.add_argument(
        "--dashboard", action="store_true",
        help="time `streamlit run dashboard.py` until the timeline is drawn in headless chromium",
    )
    dashboard.add_argument("--articles", type=_positive, help="synthetic articles in the folder (default: 2000)")
    return parser


def _table_command(commands, name: str, summary: str, description: str) -> None:
    """A command that reads corpora and prints a table or writes it to --out."""
    command = commands.add_parser(name, help=summary, description=description)
    command.add_argument("paths", nargs="*", type=Path, help="article files or folders (default: seeds/)")
    command.add_argument("--out", type=Path, help=f"output file, .csv or .parquet (default: print the {name})")
    _add_max_bytes(command)


def _listed(values) -> str:
    return " ".join(f"{value:g}" for value in values)


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return number


def _add_max_bytes(command) -> None:
    command.add_argument(
        "--max-bytes", type=_positive,
        help=f"largest article file read, in bytes; larger files are refused (default: ${MAX_BYTES_ENV} if set, "
        f"else {MAX_BYTES})",
    )


def _max_bytes(given: int | None) -> int:
    """The size limit from --max-bytes or $CLAIMS_MAX_BYTES; print why when it is not used as given."""
    if given is None:
        limit, message = max_bytes_setting(os.environ)
    else:
        limit, message = capped_max_bytes(given, f"--max-bytes {given}")
    if message:
        print(f"warning: {message}", file=sys.stderr)
    return limit


def _load(paths: list, given_max_bytes: int | None) -> tuple:
    """Load articles, print one line per failed file and per repaired one; exit 2 when nothing loads."""
    articles, errors = load_articles(paths or [DEFAULT_CORPUS], _max_bytes(given_max_bytes))
    for file, reason in errors:
        hint = "; raise the limit with --max-bytes" if reason.startswith("file too large") else ""
        print(f"error: {file}: {reason}{hint}", file=sys.stderr)
    for article in articles:
        for warning in article.warnings:
            print(f"warning: {article.path}: {warning}", file=sys.stderr)
    if errors and not articles:
        raise SystemExit(2)
    return articles, errors


def _reviewed(articles: list):
    """The claims of `articles` with their folders' reviews applied; prints what could not be applied."""
    claims, orphans, problems = review_corpus(extract_claims(articles), articles)
    for file, reason in problems:
        print(f"warning: {file}: {reason}", file=sys.stderr)
    for decision, reason in orphans:
        print(f"warning: review of {decision['claim_id']} («{decision['figure_text']}») not applied: {reason}",
              file=sys.stderr)
    return claims


def _extract(args) -> int:
    articles, errors = _load(args.paths, args.max_bytes)
    frame = extract_claims(articles) if args.no_reviews else _reviewed(articles)
    if args.out:
        if _write(frame, args.out):
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
    articles, _ = _load(args.paths, args.max_bytes)
    score = evaluate(extract_claims(articles), gold)
    print(report(score))
    return 1 if score.precision < args.min_precision or score.recall < args.min_recall else 0


_DEFAULT_BENCH_ONLY = ("jobs", "cache_articles", "claims")
_PATHOLOGICAL_ONLY = ("repeats",)


def _bench(args) -> int:
    if args.articles is not None and not args.dashboard:
        print("error: --articles: only with --dashboard", file=sys.stderr)
        return 2
    from bench.run import DEFAULT_SIZES, PATHOLOGICAL_SIZES, run_bench, run_dashboard, run_pathological

    if args.dashboard:
        others = ("sizes",) + _DEFAULT_BENCH_ONLY + _PATHOLOGICAL_ONLY
        refused = [f"--{name.replace('_', '-')}" for name in others if getattr(args, name) is not None]
        refused += ["--pathological"] * args.pathological
        if refused:
            print(f"error: {', '.join(refused)}: not with --dashboard", file=sys.stderr)
            return 2
        run_dashboard(args.articles or 2000)
        return 0
    # These options are None unless given, so that one meant for the other kind of run is refused, not ignored.
    names = _DEFAULT_BENCH_ONLY + _PATHOLOGICAL_ONLY
    given = {name: getattr(args, name) for name in names if getattr(args, name) is not None}
    wrong = _DEFAULT_BENCH_ONLY if args.pathological else _PATHOLOGICAL_ONLY
    refused = [f"--{name.replace('_', '-')}" for name in wrong if name in given]
    if refused:
        which = "not" if args.pathological else "only"
        print(f"error: {', '.join(refused)}: {which} with --pathological", file=sys.stderr)
        return 2
    if args.pathological:
        run_pathological(args.sizes or PATHOLOGICAL_SIZES, **given)
    else:
        run_bench(args.sizes or DEFAULT_SIZES, **given)
    return 0


def _write(frame, out: Path) -> int:
    """Write `frame` to a .csv (formula cells neutralised) or .parquet file; return the exit code."""
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        print(f"error: {out}: output must end in .csv or .parquet", file=sys.stderr)
        return 2
    try:
        frame.to_parquet(out, index=False) if suffix == ".parquet" else out.write_bytes(csv_bytes(frame))
    except OSError as exc:
        print(f"error: {out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    return 0


def _groups(args) -> int:
    return _table(args, group_claims, lambda table: print(table[[
        "group_id", "claimant", "category", "qualifier", "value", "first_reported", "reports", "articles"]].to_string(
        index=False)))


def _findings(args) -> int:
    def show(table):
        for row in table.itertuples():
            print(f"{row.rule}: {row.claimant}, {row.category}, {row.date}: {row.values} — {row.explanation}")
        print(f"findings: {len(table)}")

    return _table(args, findings_of, show)


def _table(args, make, show) -> int:
    """Make a table from the reviewed claims of args.paths; write it to args.out, else show it."""
    articles, _ = _load(args.paths, args.max_bytes)
    table = make(_reviewed(articles))
    if args.out:
        return _write(table, args.out)
    show(table)
    return 0


def _export_gold(args) -> int:
    articles, _ = _load(args.paths, args.max_bytes)
    gold = as_gold(_reviewed(articles))
    try:
        args.out.write_bytes(gold.to_csv(index=False).encode("utf-8"))
    except OSError as exc:
        print(f"error: {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"gold rows: {len(gold)} (reviewed claims) written to {args.out}")
    return 0


def main(argv=None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(argv)
    commands = {"extract": _extract, "evaluate": _evaluate, "bench": _bench, "export-gold": _export_gold,
                "groups": _groups, "findings": _findings}
    return commands[args.command](args)

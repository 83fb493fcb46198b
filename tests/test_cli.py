"""The command line: extract, evaluate, and one-line errors with exit code 2."""
import os
import subprocess
import sys

import pandas as pd
from conftest import ROOT, SHARED

from core.cli import _parser


def _run(*args, env=None):
    environ = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "core", *args], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env=environ)


def test_extract_to_csv_and_parquet(tmp_path):
    for name in ("claims.csv", "claims.parquet"):
        out = tmp_path / name
        result = _run("extract", "seeds", "--out", str(out))
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip().splitlines()[-1] == "articles: 5, claims: 19, errors: 0"
        frame = pd.read_parquet(out) if name.endswith("parquet") else pd.read_csv(out)
        assert len(frame) == 19 and "claim_id" in frame.columns


def test_evaluate_prints_scores_and_enforces_bounds():
    result = _run("evaluate", "--gold", str(SHARED / "gold/dev_claims.csv"), str(SHARED / "gold/dev"), "--min-precision", "0.95")
    assert result.returncode == 0 and result.stdout.startswith("precision ")
    strict = _run("evaluate", "--gold", str(SHARED / "gold/dev_claims.csv"), "seeds", "--min-recall", "0.5")
    assert strict.returncode == 1 and "MISS" in strict.stdout


def test_errors_are_one_line_with_exit_2(tmp_path):
    missing = _run("extract", "no/such/folder")
    assert missing.returncode == 2 and missing.stderr.strip() == "error: no/such/folder: no such file or folder"
    bad_gold = tmp_path / "gold.csv"
    bad_gold.write_text("x,y\n1,2\n", encoding="utf-8")
    result = _run("evaluate", "--gold", str(bad_gold))
    assert result.returncode == 2 and "Traceback" not in result.stderr and str(bad_gold) in result.stderr


def test_some_bad_articles_still_exit_0(tmp_path):
    (tmp_path / "good.txt").write_text("Laut NIS sind 100 Nordkoreaner gefallen.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    result = _run("extract", str(tmp_path))
    assert result.returncode == 0
    assert "bad.txt" in result.stderr and result.stdout.strip().endswith("articles: 1, claims: 1, errors: 1")


def test_every_command_has_help_with_an_example():
    for command in ("extract", "evaluate", "bench"):
        assert "Example:" in _run(command, "--help").stdout


def test_every_option_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = next(action for action in _parser()._actions if action.dest == "command").choices
    for name, command in commands.items():
        assert f"python -m core {name}" in readme
        for option in (option for action in command._actions for option in action.option_strings):
            assert option in ("-h", "--help") or f"{option} " in readme or f"{option}]" in readme, option


def test_max_bytes_raises_the_size_limit_of_a_file(tmp_path):
    """Over the default 5 MB limit: refused with a hint, read with a higher --max-bytes (filler skips spaCy)."""
    big = tmp_path / "big.txt"
    filler = "Die Lage an der Front bleibt unübersichtlich.\n\n" * 110_000
    big.write_text("Laut NIS sind 100 Soldaten gefallen.\n\n" + filler, encoding="utf-8")
    assert 5_000_000 < big.stat().st_size < 6_000_000
    refused = _run("extract", str(big))
    assert refused.returncode == 2 and "file too large" in refused.stderr and "--max-bytes" in refused.stderr
    read = _run("extract", str(big), "--max-bytes", "6_000_000")
    assert read.returncode == 0 and read.stdout.strip().endswith("articles: 1, claims: 1, errors: 0")
    gold = tmp_path / "gold.csv"
    header = (SHARED / "gold/dev_claims.csv").read_text(encoding="utf-8").splitlines()[0]
    gold.write_text(f"{header}\nbig,100 Soldaten,killed,100,,,exact,nis,core,\n", encoding="utf-8")
    scored = _run("evaluate", "--gold", str(gold), str(big), "--max-bytes", "6000000", "--min-recall", "1")
    assert scored.returncode == 0 and scored.stdout.startswith("precision 1.00")
    assert _run("extract", str(big), "--max-bytes", "0").returncode == 2  # argparse: must be 1 or more
    from_env = _run("extract", str(big), env={"CLAIMS_MAX_BYTES": "6_000_000"})  # as the dashboard reads it
    assert from_env.returncode == 0 and from_env.stdout.strip().endswith("articles: 1, claims: 1, errors: 0")


def test_mixed_folder_of_good_and_bad_articles(tmp_path):
    """Issue 5's acceptance folder: each bad file gets its own reason, every good one (re-encoded too) its claims."""
    import shutil

    folder = tmp_path / "messy"
    shutil.copytree(ROOT / "tests/samples/messy", folder)
    (folder / "huge.txt").write_bytes(b"Laut NIS sind 100 Soldaten gefallen. " * 150_000)  # 5.5 MB
    out = tmp_path / "claims.csv"
    result = _run("extract", str(folder), "--out", str(out))
    assert result.returncode == 0
    errors = dict(line.removeprefix("error: ").split(": ", 1) for line in result.stderr.strip().splitlines())
    assert errors[str(folder / "binary.txt")].startswith("not a text file")
    assert errors[str(folder / "empty.txt")].startswith("empty file")
    assert errors[str(folder / "huge.txt")].startswith("file too large")
    claims = pd.read_csv(out)
    assert {"good_utf8", "windows1252", "utf16", "crlf", "page"} <= set(claims["article_id"])
    assert claims["sentence"].str.contains("südkoreanische|Südkoreas").any()
    assert result.stdout.strip().splitlines()[-1].endswith("errors: 3")


def test_warnings_for_a_capped_limit_and_a_repaired_file(tmp_path):
    article = tmp_path / "artikel.txt"
    text = "Laut NIS wurden 100 Soldaten getötet; für Südkorea ist die Lage in Kursk unübersichtlich."
    article.write_bytes(text.encode("utf-8").replace(b"NIS", b"NIS\x96"))
    result = _run("extract", str(article), "--max-bytes", "100000000000")
    assert result.returncode == 0 and result.stdout.strip().endswith("articles: 1, claims: 1, errors: 0")
    warnings = result.stderr.strip().splitlines()
    assert warnings[0].startswith("warning: --max-bytes 100000000000 is more than this machine can hold for one "
                                  "article; using the cap of ")
    assert warnings[1] == f"warning: {article}: 1 invalid UTF-8 byte replaced with \ufffd (the first at position 8)"
    from_env = _run("extract", str(article), env={"CLAIMS_MAX_BYTES": "5 MB"})
    assert from_env.returncode == 0
    assert from_env.stderr.startswith("warning: CLAIMS_MAX_BYTES='5 MB' is not a positive whole number of bytes; "
                                      "using the default of 5,000,000 bytes\n")


def test_csv_output_neutralises_formulas_and_a_broken_manifest_is_only_reported(tmp_path):
    (tmp_path / "=cmd.txt").write_text("---\ntitle: '@SUMME(A1)'\n---\nLaut NIS sind 100 Soldaten gefallen.\n",
                                       encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("id,outlet\n=cmd,Tagesblatt\n", encoding="utf-8")
    out = tmp_path / "claims.csv"
    result = _run("extract", str(tmp_path), "--out", str(out))
    assert result.returncode == 0 and result.stdout.strip().endswith("articles: 1, claims: 1, errors: 1")
    assert result.stderr == (f"error: {tmp_path / 'manifest.csv'}: manifest ignored: it has no article_id column; "
                             "the articles load without it\n")
    claims = pd.read_csv(out, dtype=str)
    row = claims.iloc[0]
    assert (row["article_id"], row["title"], row["value"]) == ("'=cmd", "'@SUMME(A1)", "100.0")

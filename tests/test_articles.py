"""Loading articles: metadata from front matter and manifest, titles, bad input."""
import datetime as dt

from core.articles import load_articles, make_article


def test_front_matter_wins_over_manifest(tmp_path):
    (tmp_path / "a.txt").write_text(
        '---\ntitle: "Aus dem Front Matter"\npublished: 2025-03-01\n---\nÜberschrift\nText mit 300 Soldaten.\n', encoding="utf-8"
    )
    (tmp_path / "manifest.csv").write_text(
        "article_id,title,outlet,url,published\na,Manifest-Titel,Tagesblatt,https://x.example/a,2025-01-01\n", encoding="utf-8"
    )
    (article,), errors = load_articles(tmp_path)
    assert errors == []
    assert (article.title, article.outlet, article.url) == ("Aus dem Front Matter", "Tagesblatt", "https://x.example/a")
    assert article.published == dt.date(2025, 3, 1)
    assert article.raw.startswith("---")  # offsets index the file as written


def test_title_from_first_line():
    assert make_article("x", "# Nordkorea schickt Truppen\nErster Satz.").title == "Nordkorea schickt Truppen"
    assert make_article("x", "Nordkorea schickt Truppen\nErster Satz.").title == "Nordkorea schickt Truppen"
    assert make_article("x", "\nEin langer erster Absatz, der mit einem Punkt endet.").title == ""


def test_manifest_dates_and_missing_fields(seeds_dir):
    articles, errors = load_articles(seeds_dir)
    assert errors == [] and len(articles) == 5
    by_id = {a.article_id: a for a in articles}
    assert by_id["001_f2cf001420585859"].published == dt.date(2024, 12, 23)
    assert by_id["003_4332e6c9f3dcfefa"].title == ""


def test_bad_inputs_do_not_stop_the_others(tmp_path):
    (tmp_path / "good.txt").write_text("Laut NIS sind 100 Nordkoreaner gefallen.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bad_yaml.txt").write_text("---\ntitle: [unclosed\n---\nText", encoding="utf-8")
    articles, errors = load_articles([tmp_path, tmp_path / "missing.txt"])
    assert [a.article_id for a in articles] == ["good"]
    reasons = dict(errors)
    assert "front matter" in reasons[str(tmp_path / "bad_yaml.txt")]
    assert "empty" in reasons[str(tmp_path / "empty.txt")]
    assert reasons[str(tmp_path / "missing.txt")] == "no such file or folder"

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


def _two_articles(folder):
    (folder / "a.txt").write_text("---\ntitle: Aus dem Front Matter\n---\nLaut NIS sind 100 Soldaten gefallen.\n",
                                  encoding="utf-8")
    (folder / "b.txt").write_text("Verluste in Kursk\n\nLaut NIS sind 300 Soldaten verwundet.\n", encoding="utf-8")


def _titles(articles):
    return {a.article_id: (a.title, a.outlet) for a in articles}


def test_manifest_not_utf8_is_reported_and_the_articles_load_without_it(tmp_path):
    _two_articles(tmp_path)
    (tmp_path / "manifest.csv").write_bytes("article_id,outlet\nb,Tagesblatt für Köln\n".encode("cp1252"))
    articles, errors = load_articles(tmp_path)
    assert errors == [(str(tmp_path / "manifest.csv"),
                       "manifest ignored: not UTF-8 text (byte 0xFC at position 32); the articles load without it")]
    assert _titles(articles) == {"a": ("Aus dem Front Matter", ""), "b": ("Verluste in Kursk", "")}


def test_manifest_without_article_id_is_reported_and_ignored(tmp_path):
    _two_articles(tmp_path)
    (tmp_path / "manifest.csv").write_text("id,outlet\nb,Tagesblatt\n", encoding="utf-8")
    articles, errors = load_articles(tmp_path)
    assert errors == [(str(tmp_path / "manifest.csv"),
                       "manifest ignored: it has no article_id column; the articles load without it")]
    assert _titles(articles) == {"a": ("Aus dem Front Matter", ""), "b": ("Verluste in Kursk", "")}


def test_broken_manifest_is_reported_once_for_files_named_on_their_own(tmp_path):
    _two_articles(tmp_path)
    (tmp_path / "manifest.csv").write_text("id,outlet\n", encoding="utf-8")
    articles, errors = load_articles([tmp_path / "a.txt", tmp_path / "b.txt"])
    assert [a.article_id for a in articles] == ["a", "b"]
    assert [file for file, _ in errors] == [str(tmp_path / "manifest.csv")]


def test_symbolic_links_in_a_folder_are_skipped_with_a_reason(tmp_path):
    outside = tmp_path / "anderswo"
    outside.mkdir()
    (outside / "geheim.txt").write_text("Laut NIS sind 100 Soldaten gefallen.", encoding="utf-8")
    (outside / "manifest.csv").write_text("article_id,outlet\na,Tagesblatt\n", encoding="utf-8")
    corpus = tmp_path / "korpus"
    corpus.mkdir()
    _two_articles(corpus)
    (corpus / "link.txt").symlink_to(outside / "geheim.txt")
    (corpus / "kaputt.txt").symlink_to(outside / "fehlt.txt")
    (corpus / "ordner").symlink_to(outside)  # a linked folder is passed over like any subfolder
    (corpus / "manifest.csv").symlink_to(outside / "manifest.csv")
    articles, errors = load_articles(corpus)
    assert [a.article_id for a in articles] == ["a", "b"] and articles[0].outlet == ""
    assert errors == [
        (str(corpus / "kaputt.txt"), "a symbolic link: skipped; copy the file into the folder instead"),
        (str(corpus / "link.txt"), "a symbolic link: skipped; copy the file into the folder instead"),
        (str(corpus / "manifest.csv"),
         "manifest ignored: it is a symbolic link; copy the file into the folder instead; the articles load without it"),
    ]
    named, errors = load_articles(corpus / "link.txt")  # named on its own: read
    assert [a.article_id for a in named] == ["link"] and len(errors) == 1


def test_bidi_controls_are_removed_from_title_and_outlet_not_from_the_text(tmp_path):
    raw = "---\ntitle: \"Seoul \u202emelden\u202c 100 Tote\"\n---\nLaut NIS \u200fsind 100 Soldaten gefallen.\n"
    (tmp_path / "a.txt").write_text(raw, encoding="utf-8")
    (tmp_path / "b.txt").write_text("\u2067Verluste\u2069 in Kursk\u200e\n\nLaut NIS sind 300 Soldaten verwundet.\n",
                                    encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("article_id,outlet\na,\u061cTages\u202ablatt\u202c\n", encoding="utf-8")
    articles, errors = load_articles(tmp_path)
    assert errors == []
    assert _titles(articles) == {"a": ("Seoul melden 100 Tote", "Tagesblatt"), "b": ("Verluste in Kursk", "")}
    assert articles[0].raw == raw  # offsets into the raw text stay exact


def test_repaired_bytes_give_the_article_a_warning(tmp_path):
    text = "Laut NIS wurden 100 Soldaten getötet; für Südkorea ist die Lage in Kursk unübersichtlich."
    (tmp_path / "a.txt").write_bytes(text.encode("utf-8").replace(b"NIS", b"NIS\x96"))
    (article,), errors = load_articles(tmp_path)
    assert errors == [] and "getötet" in article.raw
    assert article.warnings == ["1 invalid UTF-8 byte replaced with \ufffd (the first at position 8)"]
    assert make_article("x", "Text.").warnings == []

"""Reflow of hard-wrapped, page-broken text, and the map back to raw offsets."""
from conftest import claims_of

from core.articles import load_articles
from core.extract import extract_claims
from core.reflow import reflow

WRAPPED = (
    "Die Zahl der Soldaten ist nach Angaben aus Seoul weiter\n"
    "gestiegen, und die Armee berichtet von neuen Gefechten in\n"
    "der Region. Laut\n"
    "\n"
    "\n"
    "\n"
    "südkoreanischem Generalstab sind rund 11.000 Soldaten vor\n"
    "Ort, die meisten davon seit dem Herbst des Jahres im Einsatz\n"
    "\n"
    "https://example.org/artikel/123\n"
    "\n"
    "an der Front. Das ist ein zweiter Absatz mit genug Text.\n"
    "\n"
    "Details\n"
    "Verletzte 2700\n"
)


def _paragraphs(flow):
    return [flow.text[s:e] for s, e in flow.paragraphs]


def test_page_break_and_url_line_are_bridged():
    paragraphs = _paragraphs(reflow(WRAPPED))
    assert paragraphs[0].startswith("Die Zahl") and "Laut südkoreanischem Generalstab sind rund 11.000" in paragraphs[0]
    assert "im Einsatz an der Front." in paragraphs[0] and "https" not in paragraphs[0]
    assert paragraphs[-2:] == ["Details", "Verletzte 2700"]


def test_unwrapped_lines_stay_paragraphs():
    text = "Titelzeile ohne Punkt\nErster Absatz. Noch ein Satz.\nZweiter Absatz.\n"
    assert _paragraphs(reflow(text)) == ["Titelzeile ohne Punkt", "Erster Absatz. Noch ein Satz.", "Zweiter Absatz."]


def test_every_reflowed_character_maps_back_to_raw():
    flow = reflow(WRAPPED)
    for i, char in enumerate(flow.text):
        if not char.isspace():
            assert WRAPPED[flow.to_raw(i)] == char


def test_claim_offsets_point_into_the_raw_file():
    frame = claims_of(WRAPPED)
    claim = frame[frame["value"] == 11000].iloc[0]
    assert WRAPPED[claim["figure_start"] : claim["figure_end"]] == "11.000" == claim["figure_text"]
    raw_sentence = WRAPPED[claim["sentence_start"] : claim["sentence_end"]]
    assert raw_sentence.startswith("Laut\n\n\n\nsüdkoreanischem") and raw_sentence.endswith("an der Front.")
    assert claim["claimant"] == "sk_military"


def test_seed_offsets(seeds_dir):
    articles, _ = load_articles(seeds_dir)
    raws = {a.article_id: a.raw for a in articles}
    frame = extract_claims(articles)
    for row in frame.itertuples():
        raw = raws[row.article_id]
        assert raw[row.figure_start : row.figure_end] == row.figure_text
        assert " ".join(raw[row.sentence_start : row.sentence_end].split()) == " ".join(row.sentence.split())


def test_page_footer_inside_a_sentence_is_dropped():
    text = (
        "Die Zahl der nordkoreanischen Soldaten in der Region ist laut\n"
        "südkoreanischem Generalstab weiter gestiegen, man rechnet mit einer\n"
        "\n"
        "Deutschlandfunk – Hintergrund – Seite 1 von 2\n"
        "\n"
        "weiteren Welle von bis zu 6.000\n"
        "Mann im Sommer. Das ist ein weiterer Satz im selben Absatz.\n"
        "Und noch eine Zeile, damit der Text umbrochen aussieht.\n"
        "Und noch eine Zeile, damit der Text umbrochen aussieht.\n"
    )
    paragraphs = _paragraphs(reflow(text))
    assert "einer weiteren Welle von bis zu 6.000 Mann im Sommer." in paragraphs[0]
    assert "Seite" not in paragraphs[0]


PDF_PAGE = (
    "Die ukrainische Militäraufklärung HUR bezifferte die Verluste im März auf über 4.000 Tote und\n"
    "\n"
    "¹ NIS-Briefing vor dem Geheimdienstausschuss der National-\n"
    "versammlung, 13.11.2024.\n"
    "\n"
    "GIGA Focus Asien 2/2025                                   Seite 1 von 3\n"
    "\n"
    "---------------------------------------------------------------------\n"
    "\n"
    "Albers: Nordkoreas Kriegseinsatz in Kursk                       2\n"
    "\n"
    "Verwundete. Der NIS nannte rund 4.700 Tote und Verwundete.² Die Lage bleibt unklar.\n"
)


def test_page_furniture_and_footnotes_of_a_pdf_export_are_dropped():
    flow = reflow(PDF_PAGE)
    assert _paragraphs(flow) == [
        "Die ukrainische Militäraufklärung HUR bezifferte die Verluste im März auf über 4.000 Tote und "
        "Verwundete. Der NIS nannte rund 4.700 Tote und Verwundete.  Die Lage bleibt unklar."
    ]
    frame = claims_of(PDF_PAGE)
    assert list(zip(frame["category"], frame["value"])) == [("killed_or_wounded", 4000), ("killed_or_wounded", 4700)]


def test_footnote_marks_after_a_comma_or_a_word_are_blanked():
    flow = reflow("Kiew sprach von 6.000 Toten,[6] der NIS von 4.700 Opfern[7] und 600 Gefallenen. Fläche: 30 km².")
    assert flow.text == "Kiew sprach von 6.000 Toten,    der NIS von 4.700 Opfern    und 600 Gefallenen. Fläche: 30 km²."

"""Qualifiers, bounds, ranges, vague amounts, fractions, categories and non-claims, on German sentences."""
import pytest
from conftest import claims_of, one_claim

from core.cues import CLAUSE_BREAKS, SEGMENT_BREAKS, SentenceCues
from core.pipeline import CUES, build_nlp, sentence_bounds


def _na(value):
    return None if value != value or value is None else value  # pandas NA/NaN -> None


@pytest.mark.parametrize(
    "sentence, qualifier, value, low, high",
    [
        ("Laut Kiew sind mehr als 4.000 Nordkoreaner gefallen.", "more_than", 4000, 4000, None),
        ("Laut Kiew sind über 4.000 Nordkoreaner gefallen.", "more_than", 4000, 4000, None),
        ("Laut Kiew sind mindestens 40 Nordkoreaner gefallen.", "at_least", 40, 40, None),
        ("Laut Kiew sind rund 400 Nordkoreaner gefallen.", "approx", 400, None, None),
        ("Laut Kiew sind ca. 400 Nordkoreaner gefallen.", "approx", 400, None, None),
        ("Laut Kiew sind knapp 400 Nordkoreaner gefallen.", "approx", 400, None, None),
        ("Laut Kiew sind fast 400 Nordkoreaner gefallen.", "approx", 400, None, None),
        ("Laut Kiew sind bis zu 400 Nordkoreaner gefallen.", "up_to", 400, None, 400),
        ("Laut Kiew sind weniger als 400 Nordkoreaner gefallen.", "less_than", 400, None, 400),
        ("An der Front waren nie mehr als 8000 Nordkoreaner, sagt Dorn.", "up_to", 8000, None, 8000),
        ("Davon sind vielleicht tausend Nordkoreaner gefallen.", "approx", 1000, None, None),
        ("Laut Kiew sind 400 Nordkoreaner gefallen.", "exact", 400, None, None),
        ("Die Zahl der gefallenen Nordkoreaner hat die Marke von 500 überschritten.", "more_than", 500, 500, None),
        ("Die Zahl der Toten übersteigt inzwischen 500.", "more_than", 500, 500, None),
    ],
)
def test_qualifiers_and_bounds(sentence, qualifier, value, low, high):
    claim = one_claim(sentence)
    assert (claim["qualifier"], claim["value"], _na(claim["low"]), _na(claim["high"])) == (qualifier, value, low, high)


@pytest.mark.parametrize(
    "sentence, low, high",
    [
        ("Zwischen 8.000 und 9.000 Soldaten sind in Kursk stationiert.", 8000, 9000),
        ("Im Raum Kursk stehen 8.000 bis 9.000 Soldaten.", 8000, 9000),
        ("Im Raum Kursk stehen 8.000–9.000 Soldaten.", 8000, 9000),
    ],
)
def test_ranges(sentence, low, high):
    claim = one_claim(sentence)
    assert claim["qualifier"] == "range" and (claim["low"], claim["high"], claim["value"]) == (low, high, (low + high) / 2)


@pytest.mark.parametrize(
    "sentence, low",
    [
        ("Dabei wurden Hunderte Nordkoreaner verwundet.", 200),
        ("Dabei wurden mehrere Tausend Nordkoreaner verwundet.", 2000),
        ("Dabei wurden Dutzende Nordkoreaner verwundet.", 24),
        ("Dabei wurden ein paar Hundert Nordkoreaner verwundet.", 200),
    ],
)
def test_vague_amounts(sentence, low):
    claim = one_claim(sentence)
    assert claim["qualifier"] == "vague" and claim["low"] == low and _na(claim["value"]) is None


def test_fraction_of_a_figure_and_its_base():
    frame = claims_of("Nach Angaben Londons ist ein Drittel der etwa 9.000 entsandten Soldaten verwundet worden.")
    share = frame[frame["base_claim_id"].notna()].iloc[0]
    base = frame[frame["claim_id"] == share["base_claim_id"]].iloc[0]
    assert (share["value"], share["category"], share["qualifier"]) == (3000, "wounded", "approx")
    assert (base["value"], base["category"]) == (9000, "deployed")


def test_percentage_of_a_figure_and_its_base():
    frame = claims_of("Rund 40 Prozent des Kontingents von 11.000 Soldaten seien gefallen, so der NIS.")
    share = frame[frame["base_claim_id"].notna()].iloc[0]
    base = frame[frame["claim_id"] == share["base_claim_id"]].iloc[0]
    assert (share["value"], share["category"], share["qualifier"], share["figure_text"]) == (4400, "killed", "approx", "40 Prozent des Kontingents von 11.000")
    assert (base["value"], base["category"], base["claimant"]) == (11000, "deployed", "nis")


def test_percentage_of_an_earlier_figure_and_lone_percentages():
    frame = claims_of("Nordkorea hat 12.000 Soldaten geschickt. Davon seien 30 % gefallen. Die Zahl stieg um 15 Prozent.")
    assert sorted(zip(frame["category"], frame["value"])) == [("deployed", 12000), ("killed", 3600)]


def test_fraction_after_davon():
    frame = claims_of("Pjöngjang schickt 6.000 Soldaten; mehr als die Hälfte davon soll bereits eingetroffen sein.")
    share = frame[frame["base_claim_id"].notna()].iloc[0]
    assert (share["value"], share["qualifier"], share["low"]) == (3000, "more_than", 3000)


@pytest.mark.parametrize(
    "sentence, category",
    [
        ("Laut HUR wurden 50 Nordkoreaner getötet.", "killed"),
        ("Laut HUR sind 50 Nordkoreaner ums Leben gekommen.", "killed"),
        ("Laut HUR gab es 50 Tote.", "killed"),
        ("Laut HUR wurden 50 Nordkoreaner verletzt.", "wounded"),
        ("Laut HUR wurden 50 Nordkoreaner getötet oder verwundet.", "killed_or_wounded"),
        ("Laut HUR gab es 50 Tote und Verletzte.", "killed_or_wounded"),
        ("Laut HUR beklagt Nordkorea 50 Verluste.", "killed_or_wounded"),
        ("Laut HUR hat Nordkorea 50 Soldaten verloren.", "killed_or_wounded"),
        ("Laut HUR wurden 50 Nordkoreaner gefangen genommen.", "captured"),
        ("Laut HUR befinden sich 50 Kriegsgefangene in Kiew.", "captured"),
        ("Laut HUR werden 50 Nordkoreaner vermisst.", "missing"),
        ("Laut HUR sind 5.000 Nordkoreaner in Kursk stationiert.", "deployed"),
        ("Laut HUR hat Pjöngjang 5.000 Soldaten nach Russland verlegt.", "deployed"),
        ("Laut HUR hat Pjöngjang weitere 5.000 Soldaten geschickt.", "reinforcements"),
        ("Laut HUR kamen 5.000 zusätzliche Soldaten an.", "reinforcements"),
        ("Laut HUR sitzen zwei Nordkoreaner in einem Gefängnis in Kiew.", "captured"),
        ("Laut HUR sind zwei Nordkoreaner lebend in ukrainische Hände gefallen.", "captured"),
        ("Laut HUR wurden allein im Februar 212 Nordkoreaner ausgeschaltet.", "killed_or_wounded"),
        ("Laut HUR sind 30 Nordkoreaner einfach verschwunden.", "missing"),
        ("Laut HUR sitzen zwei Nordkoreaner in einem Lager in Haft.", "captured"),
        ("Laut HUR haben Spezialkräfte zwei Nordkoreaner lebend in ihre Gewalt gebracht.", "captured"),
        ("Der NIS bestätigt die Gefangennahme zweier Soldaten.", "captured"),
        ("Laut HUR seien etwa 4.000 außer Gefecht gesetzt worden.", "killed_or_wounded"),
        ("NIS: Etwa 300 Soldaten aus Nordkorea an der Front gefallen", "killed"),
        ("Laut HUR haben mehr als 4.000 Nordkoreaner ihr Leben verloren.", "killed"),
        ("Die Armee habe zwei verwundete nordkoreanische Soldaten gefangen genommen, schrieb Selenskyj.", "captured"),
        ("Laut HUR haben sich 20 Nordkoreaner von ihren Einheiten abgesetzt.", "missing"),
        ("Laut HUR entsandte Pjöngjang ein weiteres Kontingent von schätzungsweise 3.000 Mann.", "reinforcements"),
        ("Laut HUR schickt Nordkorea Verstärkung – nach dessen Schätzung rund dreitausend Mann.", "reinforcements"),
        ("Laut HUR will Pjöngjang Kräfte nachschieben – die Rede ist von bis zu 3000 Mann, die im Januar eintrafen.",
         "reinforcements"),
        ("Laut HUR seien 3000 Soldaten gefallen oder so schwer verwundet worden, dass …", "killed_or_wounded"),
        ("Laut HUR bereitet Pjöngjang eine zweite Welle von „einigen Tausend“ Mann vor.", "reinforcements"),
    ],
)
def test_categories(sentence, category):
    assert one_claim(sentence)["category"] == category


def test_each_figure_takes_its_own_verb():
    frame = claims_of("Laut NIS wurden 200 Soldaten getötet und weitere 1.800 verwundet.")
    assert list(zip(frame["value"], frame["category"])) == [(200, "killed"), (1800, "wounded")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Im Jahr 2024 schloss Pjöngjang einen Vertrag mit Moskau.",
        "Am 23. Oktober trafen die ersten Einheiten ein.",
        "Die Angriffe begannen gegen 6 Uhr morgens.",
        "Die Gefangenen sind 19 und 24 Jahre alt.",
        "Jeder Soldat erhält ca. 2000 Dollar pro Monat.",
        "Die Luftwaffe schoss 40 von 55 Drohnen ab.",
        "Nordkorea lieferte 150 Panzer und 3 Millionen Granaten.",
        "Russland verliert nach Angaben aus Kiew jeden Tag mehr als 1.000 Soldaten.",
        "Die russischen Verluste beziffert Kiew auf 600.000 Soldaten.",
        "Die Ukraine habe bei Kursk 50.000 Soldaten verloren, behauptet Moskau.",
        "Bei dem Angriff wurden drei Zivilisten verletzt.",
        "40 Prozent der Befragten sind dafür.",
        "Die Kämpfe dauern seit drei Wochen an.",
    ],
)
def test_non_claims(sentence):
    assert claims_of(sentence).empty


@pytest.mark.parametrize(
    "sentence",
    [
        "Sie greifen in Gruppen von 20, 30 Mann an.",
        "Die Angreifer kamen in Wellen von 40 bis 50 Mann.",
        "Nordkorea unterhält mit 1,2 Millionen Soldaten eine der größten Armeen der Welt.",
        "Die Ukraine war im August mit rund 10.000 Soldaten in das Gebiet vorgestoßen.",
        "Im Gebiet Sumy wurden 46 Zivilisten getötet und 180 verletzt.",
        "Die ukrainischen Streitkräfte hätten seit August mehr als 48.000 Soldaten verloren, meldete Moskau.",
        "Russland hat die Ukraine mit 93 Drohnen angegriffen; 61 davon seien abgeschossen worden.",
        "Das Verhältnis von Toten zu Verwundeten liegt bei etwa eins zu drei.",
        "Südkorea selbst hat rund 500.000 Soldaten unter Waffen.",
        "Rückfragen an die Pressestelle (Tel. 030 18 24-0).",
        "Die Ukraine erhielt 204 freigelassene ukrainische Kriegsgefangene zurück.",
        "Seit Herbst 2024 kämpfen auch nordkoreanische Soldaten in Kursk.",
        "Etwa 34.000 Nordkoreaner leben in Südkorea, viele haben Brüder in der Armee.",
        "2024 reisten mehr als 13.000 Nordkoreaner mit Studentenvisa nach Russland ein.",
        "In Südkorea leben rund 34.000 geflohene Nordkoreaner.",
        "Das ISW beschreibt Angriffswellen von 20 bis 30 Mann, die über offene Felder vorrücken.",
        "Ein nordkoreanisches Bataillon umfasse typischerweise 400 bis 600 Soldaten.",
        "Auf einen Gefallenen kommen 3 zu 1 Verwundete.",
        "Pistorius: Bundeswehr braucht 100.000 Soldaten mehr",
        "Der ukrainische Oberbefehlshaber sagte, Russland habe im Raum Pokrowsk rund 110.000 Soldaten zusammengezogen.",
        "Folge 212: Nordkoreas Verluste in Kursk",
        "Korrektur: In einer früheren Version dieses Artikels hieß es, der HUR gehe von 20.000 Soldaten aus.",
        "Vier weitere Menschen wurden verletzt, zwei von ihnen schwer.",
        "Kim, 41, nannte die Gefallenen Helden.",
        "Das geht aus der Antwort auf eine Kleine Anfrage hervor (Drucksache 21/2187).",
        "Zum Vergleich: Das österreichische Bundesheer kommt im Einsatzfall auf rund 55.000 Soldaten.",
        "Zum Vergleich: Die Schweizer Armee zählt rund 140'000 Angehörige.",
        "Zuletzt kamen am 24. August je 146 Soldaten frei, außerdem acht Zivilisten.",
        "Beide Seiten übergaben am Donnerstag jeweils 185 Soldaten sowie 20 Zivilisten.",
        "185 Soldaten und 20 Zivilisten: Neuer Gefangenenaustausch – Nordkoreaner bleiben in Kiew",
        "Die Kämpfe sind heftig bei Pokrowsk, wo Russland bis zu 110.000 Soldaten zusammengezogen hat.",
        "Im Übrigen haben auch die Amerikaner 28.500 Soldaten in Südkorea stationiert.",
        "Seit 1998 haben mehr als 34.000 Menschen aus dem Norden im Süden Zuflucht gefunden, rund 70 Prozent von ihnen Frauen.",
        "Nach russischen Statistiken reisten mehr als 13.000 Nordkoreaner nach Russland ein.",
        "Zwei Männer, vermutlich ein russischer Erkundungstrupp.",
        "Rund 28.500 amerikanische Soldaten sind in Südkorea stationiert.",
        "Die nordkoreanische Armee zählt 1,2 Millionen Soldaten, die russischen Truppen in Kursk werden auf 50.000 Mann geschätzt.",
    ],
)
def test_more_non_claims(sentence):
    assert claims_of(sentence).empty


def test_truncated_number_words_in_a_range():
    claim = one_claim("Laut Seoul sind zwischen zehn- und zwölftausend Soldaten in Russland.")
    assert (claim["low"], claim["high"], claim["value"]) == (10000, 12000, 11000)


def test_fraction_of_a_figure_in_an_earlier_sentence():
    frame = claims_of("Laut NIS kamen rund 12.000 Soldaten. Davon ist inzwischen jeder Dritte gefallen.")
    share = frame[frame["base_claim_id"].notna()].iloc[0]
    assert (share["value"], share["category"], share["qualifier"]) == (4000, "killed", "approx")


@pytest.mark.parametrize(
    "sentence, value, category",
    [
        ("Laut Kiew wurden ein Dutzend nordkoreanische Soldaten getötet.", 12, "killed"),
        ("Laut HUR wurden bislang 12k Soldaten nach Russland verlegt.", 12000, "deployed"),
        ("Laut HUR bereitet Pjöngjang ein weiteres 3.000er-Kontingent vor.", 3000, "reinforcements"),
        ("Laut NIS kamen rund 11.000 in einer ersten Welle, weitere 3000 bis 4000 Anfang 2025.", 3500, "reinforcements"),
    ],
)
def test_dozen_k_and_a_time_after_the_figure(sentence, value, category):
    assert (value, category) in list(zip(claims_of(sentence)["value"], claims_of(sentence)["category"]))


@pytest.mark.parametrize(
    "sentence",
    [
        "Laut NIS hat Nordkorea im Herbst rund 11'000 Soldaten nach Russland geschickt, Anfang Jahr kamen weitere rund 3000 dazu.",
        "Laut NIS kamen rund 11.000 in einer ersten Welle, weitere 3000 bis 4000 Anfang 2025.",
        "Die erste Welle im Herbst 2024 umfasste laut NIS 11.000 bis 12.000 Mann.",
        "Laut NIS setzt sie sich zusammen aus etwa 11 000 Mann, die im Herbst kamen, und den Verstärkungen Anfang des Jahres.",
    ],
)
def test_the_first_contingent_is_no_reinforcement(sentence):
    assert claims_of(sentence)["category"].iloc[0] == "deployed"


@pytest.mark.parametrize(
    "sentence, categories",
    [
        ("Laut Kiew soll fast jeder Dritte der rund 12.000 nach Russland entsandten Nordkoreaner tot oder verwundet sein.",
         ["killed_or_wounded", "deployed"]),
        ("Laut NIS wurden rund 300 Nordkoreaner getötet, weitere 2700 erlitten Verwundungen.", ["killed", "wounded"]),
        ("Laut NIS schickte Pjöngjang im Januar 3000 Mann hinterher.", ["reinforcements"]),
        ("Die Gesamtzahl der Soldaten, die bleibt laut Generalstab bei so um die elftausend.", ["deployed"]),
        ("Laut NIS hatte der Dienst die Gesamtverluste – Tote und Verwundete – auf 4700 beziffert.", ["killed_or_wounded"]),
        ("Die Auswertung von Berichten ukrainischer Einheiten ergibt eine Spanne von 5.000 bis 6.000 Ausfällen.",
         ["killed_or_wounded"]),  # the Ukrainian units report, they are not the ones counted
    ],
)
def test_categories_of_attributes_and_idioms(sentence, categories):
    assert claims_of(sentence)["category"].tolist() == categories


def test_a_share_of_the_troops_is_taken_of_the_whole_force_not_of_reinforcements():
    frame = claims_of("Laut HUR kämpfen 12.000 Nordkoreaner in Kursk. Pjöngjang bereitet ein weiteres 3.000er-Kontingent "
                      "vor. Knapp 15 Prozent der Truppe seien Offiziere.")
    assert frame["value"].tolist() == [12000, 3000, 1800]


def test_an_answer_counts_what_the_question_counted():
    frame = claims_of("Frage: Seoul spricht von etwa 13.000 nordkoreanischen Soldaten. Wem glauben Sie?\n\n"
                      "Stoll: Wir selbst kommen auf eine Spanne von 12.000 bis 14.000.")
    assert frame["category"].tolist() == ["deployed", "deployed"]


def test_a_total_after_reinforcements_counts_the_whole_force_and_a_year_lends_no_unit():
    frame = claims_of("Laut NIS sind weitere etwa 3000 Soldaten eingetroffen. Der NIS schätzte die Gesamtzahl im April "
                      "2025 auf etwa 15.000. Im September 2025 gab der NIS die Zahl der Gefallenen mit rund 2000 an.")
    assert list(zip(frame["value"], frame["category"])) == [(3000, "reinforcements"), (15000, "deployed"), (2000, "killed")]


@pytest.mark.parametrize(
    "text, value, category",
    [
        ("Laut NIS hat Nordkorea rund 15.000 Soldaten entsandt, von denen etwa ein Drittel getötet oder verwundet wurde.",
         5000, "killed_or_wounded"),
        ("Laut London kämpfen 11.000 Nordkoreaner in Kursk.\n\nLondon: Nordkorea hat mehr als die Hälfte seiner Soldaten "
         "verloren", 5500, "killed_or_wounded"),
        ("Der südkoreanische Generalstab spricht von rund 3000 zusätzlichen Kräften.", 3000, "reinforcements"),
    ],
)
def test_shares_of_whom_and_of_his_soldiers(text, value, category):
    last = claims_of(text).iloc[-1]
    assert (last["value"], last["category"]) == (value, category)


def test_the_number_of_soldiers_is_no_loss_after_a_loss():
    frame = claims_of("Laut NIS gibt es 1100 Tote und Verletzte. Die Gesamtzahl der Soldaten bleibt bei elftausend.")
    assert frame["category"].tolist() == ["killed_or_wounded", "deployed"]


def test_fraction_of_the_troops_counted_in_an_earlier_paragraph():
    frame = claims_of("Nordkorea hat laut NIS rund 15.000 Soldaten geschickt.\n\n"
                      "Etwa jeder Fünfte der Entsandten sei getötet oder verwundet worden, sagte ein Abgeordneter.")
    whole, share = frame.iloc[0], frame.iloc[1]
    assert (share["value"], share["category"], share["base_claim_id"]) == (3000, "killed_or_wounded", whole["claim_id"])


@pytest.mark.parametrize(
    "text, category",
    [
        ("Pjöngjang bereite eine dritte Entsendung vor. Diese könne 3.000 bis 4.000 Mann umfassen.", "reinforcements"),
        ("Selenskyj sprach über die Verluste der Nordkoreaner. Sie beliefen sich auf etwa 3800 Mann.", "killed_or_wounded"),
        ("Nordkorea schickte Soldaten. Sie umfassen 3000 Offiziere.", "deployed"),  # the troops were named before
        ("Selenskyj sprach über die Verluste. Die Nordkoreaner haben 3000 Mann in Kursk.", "deployed"),  # no pronoun
    ],
)
def test_a_pronoun_and_a_verb_of_amount_take_the_category_named_before(text, category):
    assert claims_of(text)["category"].tolist() == [category]


def test_partitive_figure():
    frame = claims_of("London schätzt, dass von den rund 11 000 Soldaten bereits mehr als 4000 getötet oder verwundet wurden.")
    assert sorted(zip(frame["value"], frame["category"])) == [(4000, "killed_or_wounded"), (11000, "deployed")]


def test_sentence_with_a_source_and_a_foreign_adjective():
    claim = one_claim("Die ukrainische Seite spricht von rund 5000 Toten und Verwundeten.")
    assert (claim["category"], claim["claimant"]) == ("killed_or_wounded", "ukraine")


def test_die_zahl_refers_to_the_last_figure():
    text = "Laut NIS sind 3.000 Soldaten in Russland. Bis Dezember werde die Zahl auf etwa 10.000 steigen."
    assert list(claims_of(text)["category"]) == ["deployed", "deployed"]


def test_age_in_brackets_is_not_a_figure_nor_a_boundary():
    claim = one_claim("Fast 4000 Soldaten sind laut Präsident Selenskyj (46) in Kursk getötet oder verletzt worden.")
    assert (claim["value"], claim["category"], claim["claimant"]) == (4000, "killed_or_wounded", "zelensky")


def test_noun_of_the_contingent_does_not_decide_the_category():
    frame = claims_of("Laut HUR ist rund ein Drittel des 12.000 Mann starken Kontingents außer Gefecht gesetzt.")
    share = frame[frame["base_claim_id"].notna()].iloc[0]
    assert (share["value"], share["category"]) == (4000, "killed_or_wounded")


@pytest.mark.parametrize(
    "sentence, text, value",
    [
        ("Laut HUR sind 14\u2009000 Nordkoreaner in Kursk.", "14\u2009000", 14000),  # thin space
        ("Laut HUR sind 14\u202f000 Nordkoreaner in Kursk.", "14\u202f000", 14000),  # narrow no-break space
        ("Laut HUR sind 14\u00a0000 Nordkoreaner in Kursk.", "14\u00a0000", 14000),
        ("Laut HUR sind 1,5 Tausend Nordkoreaner in Kursk.", "1,5 Tausend", 1500),
        ("Laut HUR sind rund 12'000 Nordkoreaner in Kursk.", "12'000", 12000),  # Swiss
        ("Laut HUR sind gut 14’000 Nordkoreaner in Kursk.", "14’000", 14000),
    ],
)
def test_digits_grouped_by_any_space_and_a_decimal_thousand(sentence, text, value):
    claim = one_claim(sentence)
    assert (claim["figure_text"], claim["value"]) == (text, value)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Von rund 11.000 Mann seien nahezu 4000 getötet oder verletzt worden.",
         [("deployed", 11000), ("killed_or_wounded", 4000)]),
        ("Von den ca. 11.000 entsandten Soldaten sei etwa jeder fünfte getötet oder verwundet worden.",
         [("deployed", 11000), ("killed_or_wounded", 2200)]),
        ("Von den rund 12.000 Mann, die Pjöngjang geschickt hat, wäre damit ein Drittel gefallen.",
         [("deployed", 12000), ("killed", 4000)]),
        ("Demnach ist von den etwa 12'000 Mann rund ein Drittel ausser Gefecht gesetzt.",
         [("deployed", 12000), ("killed_or_wounded", 4000)]),
        ("Die Zahl der Toten ist von 300 auf 500 gestiegen.", [("killed", 300), ("killed", 500)]),
    ],
)
def test_a_group_opened_by_von_is_the_whole_a_later_figure_divides(sentence, expected):
    frame = claims_of(sentence)
    assert list(zip(frame["category"], frame["value"])) == expected


def test_a_quoted_figure_keeps_its_noun():
    claim = one_claim("Austin hatte von „etwa 10.000“ Soldaten gesprochen, die in Russland stationiert seien.")
    assert (claim["category"], claim["value"], claim["qualifier"]) == ("deployed", 10000, "approx")


@pytest.mark.parametrize(
    "text, share",
    [
        ("Nordkorea will 6000 Mann nach Kursk schicken. Etwa ein Sechstel davon sollen Pioniere sein.", 1000),
        ("Westliche Dienste zählen 100.000 Mann. Sie gehen von etwa einem Zehntel dieser Zahl aus.", 10000),
        ("Laut Kiew umfasst das Kontingent 12.000 Soldaten. Knapp 15 Prozent der Truppe seien Offiziere.", 1800),
    ],
)
def test_share_of_the_troops_counted_in_an_earlier_sentence(text, share):
    assert list(claims_of(text)["value"])[1] == share


def test_a_hypothetical_share_is_no_claim():
    frame = claims_of("Das Kontingent umfasst 12.000 Soldaten. Selbst wenn ein Viertel der Truppe nicht zurückkehrt, lohnt es sich.")
    assert list(frame["value"]) == [12000]


def test_die_zahl_der_toten_names_what_the_later_figure_counts():
    text = (
        "Rund 300 Soldaten fielen. Kiew hatte von elftausend Nordkoreanern gesprochen und die Zahl ihrer Toten "
        "und Verwundeten zuletzt mit „über 6000“ angegeben."
    )
    frame = claims_of(text)
    assert list(zip(frame["category"], frame["value"])) == [("killed", 300), ("deployed", 11000), ("killed_or_wounded", 6000)]


def test_part_of_the_troops_counted_before_is_deployed():
    text = "Nordkorea hat rund 11.000 Soldaten nach Russland verlegt. Wenigstens 3000 von ihnen stünden im Grenzgebiet Kursk."
    frame = claims_of(text)
    assert list(zip(frame["category"], frame["value"], frame["qualifier"])) == [
        ("deployed", 11000, "approx"), ("deployed", 3000, "at_least")]


def test_footnote_markers_end_no_sentence():
    text = "Im Herbst kam ein Kontingent von schätzungsweise 3.000 Mann.[4] Zwei Soldaten gerieten in Gefangenschaft.[8]"
    frame = claims_of(text)
    assert list(zip(frame["category"], frame["value"])) == [("deployed", 3000), ("captured", 2)]


def test_jene_der_verwundeten_is_the_count_of_the_figure_after_it():
    frame = claims_of("Der NIS hat die Zahl der Toten mit rund 600 angegeben, jene der Verwundeten mit 4.100.")
    assert list(zip(frame["category"], frame["value"])) == [("killed", 600), ("wounded", 4100)]


def test_the_whole_after_a_fraction_is_deployed_without_a_noun():
    frame = claims_of("Laut RUSI sei etwa jeder vierte der 12.000 gefallen.")
    assert list(zip(frame["category"], frame["value"])) == [("killed", 3000), ("deployed", 12000)]


def test_a_group_opened_by_von_after_dass_and_a_share_of_dieses_kontingents():
    text = ("Der BND geht davon aus, dass von den rund 11.000 Soldaten knapp die Hälfte getötet oder verwundet "
            "worden ist. Inzwischen sei mehr als die Hälfte dieses Kontingents tot oder verwundet.")
    frame = claims_of(text)
    assert list(zip(frame["category"], frame["value"])) == [
        ("deployed", 11000), ("killed_or_wounded", 5500), ("killed_or_wounded", 5500)]


def test_foreign_troops_in_the_figures_own_noun_phrase():
    assert claims_of("Der Kanal schrieb, nordkoreanische Einheiten hätten „mehrere hundert“ ukrainische Soldaten getötet.").empty


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ein nordkoreanischer Soldat ist nach Angaben Selenskyjs in ukrainische Gefangenschaft geraten.", [("captured", 1)]),
        ("Ukrainische Soldaten haben einen weiteren nordkoreanischen Soldaten gefangen genommen.", [("captured", 1)]),
        ("Ein nordkoreanischer Soldat sagte der Zeitung, er habe Angst.", []),
        ("Der NIS berichtete, dass ein Nordkoreaner kurz vor seiner Gefangennahme eine Granate zündete.", []),
        ("Kiew prüft Berichte über die Gefangennahme eines weiteren nordkoreanischen Soldaten.", []),
        ("Das Rote Kreuz habe die beiden nordkoreanischen Kriegsgefangenen in Kiew besucht.", [("captured", 2)]),
        ("Selenskyj bietet einen Deal an: die beiden Nordkoreaner gegen ukrainische Kriegsgefangene.", []),
        ("Laut NIS habe ein Soldat versucht, sich in die Luft zu sprengen, und sei dabei getötet worden.", []),  # whose?
    ],
)
def test_soldiers_counted_by_an_article_are_a_claim_when_a_loss_is_said_of_them(text, expected):
    frame = claims_of(text)
    assert list(zip(frame["category"], frame["value"])) == expected


def test_units_with_so_many_men_each_are_multiplied():
    frame = claims_of("Pjöngjang habe drei Baubrigaden mit je rund 1.700 Mann zugesagt, sagte ein Sprecher des Kremls.")
    assert list(zip(frame["figure_text"], frame["value"], frame["qualifier"])) == [
        ("drei Baubrigaden mit je rund 1.700", 5100, "approx"), ("1.700", 1700, "approx")]
    assert frame["base_claim_id"].iloc[0] == frame["claim_id"].iloc[1]


def test_a_figure_in_an_english_quote():
    claim = one_claim("„We believe around 11,000 troops are in Kursk now“, sagte Kirby.")
    assert (claim["value"], claim["qualifier"], claim["category"], claim["claimant"]) == (11000, "approx", "deployed", "us_gov")


def test_capitalised_adjectives_in_an_english_quote():
    claim = one_claim("Das Pentagon erklärte: „At least 10,000 North Korean soldiers have been sent to eastern Russia.“")
    assert (claim["value"], claim["qualifier"], claim["category"], claim["claimant"]) == (10000, "at_least", "deployed", "us_gov")


LIVE_BLOG = (
    "# Liveblog: Nordkoreas Truppen in Kursk – alle Entwicklungen zum Einsatz der Soldaten aus Pjöngjang im Überblick\n\n"
    "Seit Herbst kämpfen nordkoreanische Soldaten an der Seite Russlands. Wir berichten laufend über die neuesten Entwicklungen.\n\n"
    "Seoul verfolgt die Lage genau, und auch in Washington wächst die Sorge über die enge Zusammenarbeit beider Staaten.\n\n"
    "+++ 14.32 Uhr: Laut HUR sind in der vergangenen Woche rund 300 Nordkoreaner im Gebiet Kursk gefallen. +++\n\n"
    "+++ 12.40 Uhr: Drohnenangriff auf Poltawa: In einem Wohnhaus gab es in der Nacht 14 Verletzte. +++\n\n"
    "Stoll: Da wird es schwierig. Es sind nach allem, was man hört, wohl schon mehr als 5000 Tote und Verwundete.\n"
)


def test_losses_in_a_paragraph_about_something_else_are_no_claims():
    """A live-blog entry that names neither North Korea nor a source counts no losses; an interview answer does."""
    frame = claims_of(LIVE_BLOG)
    assert list(zip(frame["category"], frame["value"])) == [("killed", 300), ("killed_or_wounded", 5000)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Der NIS zählt rund 11.000 Soldaten in Kursk. Das Pentagon sprach im Dezember von „etwa 12.000“.",
         [("deployed", 11000), ("deployed", 12000)]),
        ("Der NIS zählt rund 11.000 Soldaten in Kursk. Russland wirbt zudem um Arbeiter; Schätzungen zufolge "
         "könnten es bis zu 15.000 werden.", [("deployed", 11000)]),
    ],
)
def test_a_bare_reported_figure_counts_what_the_figure_before_counted(text, expected):
    frame = claims_of(text)
    assert list(zip(frame["category"], frame["value"])) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mehr als 6.000 der Entsandten seien inzwischen ausgefallen, schrieb das Ministerium.", [("killed_or_wounded", 6000)]),
        ("Im Januar folgten weitere 3000 Soldaten, die die hohen Verluste der ersten Wochen ausgleichen sollten.",
         [("reinforcements", 3000)]),
        ("Zwei junge Nordkoreaner sitzen seit Januar in einem ukrainischen Gefangenenlager.", [("captured", 2)]),
        ("Der Reporter hat zwei Nordkoreaner lebend gesehen.", []),  # a few soldiers seen, not a deployment
        ("Kiew spricht von 4.000 Toten. Hinzu kommen Vermisste, über deren Schicksal wenig bekannt ist. Das Zentrum "
         "für die Behandlung von Kriegsgefangenen beziffert ihre Zahl auf mindestens 50.", [("killed", 4000), ("missing", 50)]),
        ("Das Pentagon bestätigte, dass Nordkoreaner in Russland seien, und sprach von etwa 3.000.", [("deployed", 3000)]),
        ("- Wie viele Soldaten gefallen sind. Der NIS spricht von rund 2.000, Kiew von deutlich mehr.", [("killed", 2000)]),
        ("Feb. 2025 | 1.000–3.000 | zusätzlich entsandte Soldaten | Generalstab Seoul", [("reinforcements", 2000)]),
        ("Der NIS sprach von hohen Verlusten. Die Behörde bezifferte diese damals auf rund 3000 Mann, darunter etwa "
         "300 Tote.", [("killed_or_wounded", 3000), ("killed", 300)]),
        ("Insgesamt habe Pjöngjang etwa 13.000 Kampftruppen und zusätzlich 1.000 Minenräumer entsandt.",
         [("deployed", 13000), ("reinforcements", 1000)]),
        ("Im Februar sind an die dreitausend dazugekommen, als Ersatz für die Gefallenen und Verwundeten.",
         [("reinforcements", 3000)]),
        ("In den vergangenen Tagen seien rund 200 nordkoreanische Soldaten ins Krankenhaus eingeliefert worden.",
         [("wounded", 200)]),
        ("Das Pentagon sprach von 10.000 Soldaten in Russland. Zwei Tage später legte Blinken nach: Rund 8000 von "
         "ihnen befänden sich in Kursk.", [("deployed", 10000), ("deployed", 8000)]),
        ("Rund 11.000 Soldaten hat Kim geschickt, 3000 kamen seit Januar dazu (Generalstab Seoul).",
         [("deployed", 11000), ("reinforcements", 3000)]),
        ("Etwa 200 der Neuankömmlinge seien Spezialisten für Drohnen.", [("reinforcements", 200)]),
        ("Der HUR warnt, Pjöngjang könne noch einmal bis zu 30.000 Mann schicken.", [("reinforcements", 30000)]),
        ("Der BND hält es für möglich, dass Pjöngjang sein Kontingent um bis zu 10.000 Mann aufstocke.",
         [("reinforcements", 10000)]),
        ("Der Generalstab schätzt, dass weitere 1.000 bis 1.500 Mann nachgeschickt wurden, um die Ausfälle zu ersetzen.",
         [("reinforcements", 1250)]),
        ("3 Folgen für die koreanische Halbinsel", []),
        ("Ein knappes Dutzend der Vermissten sei desertiert. Ein halbes Dutzend Soldaten wurde gefangen.",
         [("missing", 12), ("captured", 6)]),
        ("Zwei Nordkoreaner befinden sich weiterhin in Gewahrsam.", [("captured", 2)]),
        ("Nordkorea hat 12.000 Soldaten geschickt.\n\nVon den Kampftruppen ist rund ein Drittel tot oder verwundet.",
         [("deployed", 12000), ("killed_or_wounded", 4000)]),
    ],
)
def test_what_a_figure_counts_from_the_words_around_it(text, expected):
    frame = claims_of(text)
    assert list(zip(frame["category"], frame["value"])) == expected


def test_a_short_number_that_ends_a_sentence_is_no_ordinal():
    frame = claims_of("Die Zahl der Gefangenen stieg auf 12.\n\nAm 5. Mai meldete Kiew 300 Tote unter den Nordkoreanern.")
    assert list(zip(frame["category"], frame["value"])) == [("captured", 12), ("killed", 300)]


def test_sentence_cues_find_what_a_scan_finds():
    doc = build_nlp()("Laut NIS wurden – so Kiew – rund 300 Soldaten getötet, 200 verwundet; nach Angaben des Pentagon "
                      "(USA) sind „mehr als 100“ gefangen genommen worden, sagte ein Sprecher.")
    (start, end), = sentence_bounds(doc)
    cues, texts = SentenceCues(doc[start:end], doc.user_data[CUES]), [t.text for t in doc]
    for breaks in (CLAUSE_BREAKS, SEGMENT_BREAKS, frozenset({","})):
        for i in range(start, end):
            lo, hi = i, i
            while lo > start and texts[lo - 1] not in breaks:
                lo -= 1
            while hi < end and texts[hi] not in breaks:
                hi += 1
            assert cues.segment(i, breaks) == (lo, hi)
    assert len(cues.labels) > 4
    for label in cues.labels:
        every = cues.get(label)
        for lo in range(start, end + 1):
            assert cues.at(label, start=lo) == [c for c in every if c.start == lo]
            assert cues.at(label, end=lo) == [c for c in every if c.end == lo]
            assert all(cues.within(label, lo, hi) == [c for c in every if lo <= c.start and c.end <= hi]
                       for hi in range(lo, end + 1))


@pytest.mark.parametrize("sentence", [
    "Im gesamten Krieg sind weit mehr als 150.000 Soldaten gefallen.",
    "Seit Kriegsbeginn wurden auf beiden Seiten rund 100.000 Soldaten getötet.",
])
def test_whole_war_totals_are_no_claim(sentence):
    assert claims_of(sentence).empty


def test_a_whole_war_phrase_with_north_korea_named_is_still_read():
    assert one_claim("Seit Kriegsbeginn hat Nordkorea rund 15.000 Soldaten nach Russland geschickt.")["value"] == 15000


def test_a_share_that_restates_the_figure_before_it_is_no_claim_of_its_own():
    frame = claims_of("Laut NIS gab es rund 2.500 Opfer, fast ein Viertel der 11.000 Soldaten.")
    assert sorted(frame["value"]) == [2500, 11000]


def test_a_share_that_says_something_new_after_a_comma_stays():
    frame = claims_of("Laut NIS wurden 11.000 Soldaten entsandt, die Hälfte der 11.000 ist gefallen.")
    assert 5500 in set(frame["value"])


@pytest.mark.parametrize("sentence, category, low", [
    ("Das US-Außenministerium spricht von „vielen Hundert“ Toten.", "killed", 200),
    ("Mehrere Hundert von ihnen seien laut Kiew in den vergangenen Tagen neu eingetroffen.", "reinforcements", 200),
])
def test_vague_amounts_and_newly_arrived_troops(sentence, category, low):
    claim = one_claim(sentence)
    assert (claim["category"], claim["qualifier"], claim["low"]) == (category, "vague", low)

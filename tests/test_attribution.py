"""Who claims a figure: within the sentence, after quotes, and across sentences of a paragraph."""
import pytest
from conftest import claims_of, one_claim

from core.names import slug


@pytest.mark.parametrize(
    "sentence, key",
    [
        ("Laut dem britischen Verteidigungsministerium sind 7.000 Nordkoreaner verwundet.", "uk_mod"),
        ("Nach Angaben des südkoreanischen Geheimdienstes wurden 250 Nordkoreaner getötet.", "nis"),
        ("Dem Pentagon zufolge sind 9.000 nordkoreanische Soldaten in Kursk.", "us_gov"),
        ("Südkoreas Generalstab schätzt, dass 900 Nordkoreaner gefallen sind.", "sk_military"),
        ("„Wir zählen 120 tote Nordkoreaner“, sagte Präsident Selenskyj am Abend.", "zelensky"),
        ("„Wir haben 400 Verluste zu beklagen“, heißt es in einer Erklärung der Nachrichtenagentur KCNA.", "north_korea"),
        ("Kremlsprecher Peskow sprach von 2.000 nordkoreanischen Pionieren in Kursk.", "russia"),
        ("Westliche Geheimdienste gehen von 12.000 Soldaten in Russland aus.", "western_intel"),
        ("- 300 Tote (HUR)", "ukraine"),
        ("Kiew: 300 Nordkoreaner gefallen", "ukraine"),
        ("Insgesamt 10.000 Soldaten sind in Russland stationiert.", "unattributed"),
        ("Rund 3000 Soldaten seien gefallen, so der südkoreanische Geheimdienst.", "nis"),
        ("„Es sind mehr als 3000 Tote“, so Selenskyj.", "zelensky"),
        ("Etwa 1.100 Soldaten seien getötet worden, so das Institut für Kriegsstudien.", "isw"),
        ("Laut NIS sind 3000 gefallen, so viele wie nie.", "nis"),
        ("Es seien so viele Soldaten gefallen wie nie zuvor, mindestens 3000, sagte der NIS.", "nis"),
        ("Der NIS zählt etwa 600 Gefallene.", "nis"),
        ("Der NIS taxierte die Zahl der Gefallenen auf dreihundert bis vierhundert.", "nis"),
        ("Kurz darauf sprach das US-Außenministerium von 10.000 Soldaten.", "us_gov"),
        ("300 seien gefallen, sagte der Abgeordnete Lee nach einer Unterrichtung durch den Geheimdienst NIS.", "nis"),
        ("# Budanow: „Etwa 12.000 Nordkoreaner kämpfen in Kursk“", "ukraine"),
        ("Südkoreas Geheimdienst NIS kam im April auf etwa 4700 Opfer.", "nis"),
        ("Im September gab der NIS die Zahl der Gefallenen mit rund 2000 an.", "nis"),
        ("Wie der Sekretär des Sicherheitsrats, Sergej Schoigu, nach einem Treffen mit Kim Jong Un "
         "verkündete, wird Nordkorea 6000 Mann nach Kursk entsenden.", "russia"),
        ("Kim Jong Un hatte im Herbst rund 12.000 Mann nach Russland geschickt.", "unattributed"),
        ("Gemäss dem NIS sind rund 9000 Nordkoreaner in Kursk stationiert.", "nis"),  # Swiss spelling
        ("Im Feber hatte Südkoreas Geheimdienst die Zahl der Toten mit rund 600 angegeben.", "nis"),
        ("Okt. 2024 | 10.000–12.000 | Soldaten insgesamt entsandt | NIS", "nis"),
        ("Dez. 2024 | 1.500 | Spezialkräfte nach Russland verlegt | NIS (Südkorea)", "nis"),
        ("Liveblog: ++ Selenskyj: Mehr als 3.000 Nordkoreaner getötet oder verwundet ++", "zelensky"),
        ("+++ 21:02 Seoul: Bis zu 3000 weitere Nordkoreaner in Russland +++", "sk_military"),
        ("1. Kiew meldet drei nordkoreanische Gefangene", "ukraine"),
        ("In Seouler Militärkreisen wird über bis zu 10 000 Mann spekuliert.", "sk_military"),
        ("3. Japan: Verluste „rund 4.000“", "japan"),
        ("Nordkorea hat nach südkoreanischen Erkenntnissen weitere 3000 Soldaten entsandt.", "sk_military"),
        ("Etwa 3000 Soldaten seien gefallen, schreiben die RUSI-Analysten.", "rusi"),
        ("Mehr als zehntausend Soldaten, so die Schätzung der Geheimdienste in Seoul.", "nis"),
        ("Schoigu kündigte an, Pjöngjang werde 1.000 Minenräumer schicken.", "russia"),
        ("Der südkoreanische Geheimdienst, der als am besten informiert gilt, hat zuletzt von rund 13.000 Mann "
         "gesprochen.", "nis"),
        ("Die EU-Außenbeauftragte Kaja Kallas sprach von „bis zu 12.000“ nordkoreanischen Soldaten.", "eu"),
        ("Regierungssprecher Yoshimasa Hayashi sagte, es seien „etwa 12.000“ Soldaten entsandt worden.", "japan"),
    ],
)
def test_source_in_the_sentence(sentence, key):
    assert one_claim(sentence)["claimant"] == key


def test_unknown_source_keeps_a_key_from_its_name():
    claim = one_claim("Laut Militarnyi wurden 40 Nordkoreaner getötet.")
    assert (claim["claimant"], claim["claimant_text"]) == ("militarnyi", "Militarnyi")


def test_source_named_earlier_in_the_paragraph():
    text = (
        "Der ukrainische Militärgeheimdienst HUR hat neue Zahlen vorgelegt. "
        "Demnach seien 500 Nordkoreaner getötet worden. Weitere 20 würden vermisst."
    )
    frame = claims_of(text)
    assert list(frame["claimant"]) == ["ukraine", "ukraine"]
    assert list(frame["category"]) == ["killed", "missing"]


def test_no_carry_over_without_a_continuation():
    text = "Der Kreml schweigt, berichtete Peskow. Nordkorea hat 12.000 Soldaten entsandt."
    assert one_claim(text)["claimant"] == "unattributed"


def test_reported_speech_runs_on_into_the_next_paragraph():
    text = "Laut NIS sind 100 Nordkoreaner gefallen.\n\nDemnach sollen 300 Soldaten verwundet sein.\n\nNordkorea schickte 2.000 Soldaten."
    assert list(claims_of(text)["claimant"]) == ["nis", "nis", "unattributed"]


def test_anaphor_resolves_to_the_latest_matching_source():
    text = (
        "Der südkoreanische Geheimdienst NIS äußerte sich am Montag. "
        "Laut dem Dienst sind 1.200 Nordkoreaner verwundet worden."
    )
    assert one_claim(text)["claimant"] == "nis"


def test_place_is_not_a_source():
    text = "Das berichteten Abgeordnete in Seoul. Dabei seien 150 Nordkoreaner getötet worden."
    assert one_claim(text)["claimant"] == "unattributed"


def test_slug():
    assert slug("Kyiv Independent") == "kyiv_independent" and slug("Süddeutsche") == "suddeutsche"


@pytest.mark.parametrize(
    "sentence, key",
    [
        ("Mindestens 12 Nordkoreaner wurden getötet, schreibt das Portal Kyiv Independent.", "kyiv_independent"),
        ("Rund 300 Nordkoreaner seien gefallen, sagte der Abgeordnete Lee Seong-kweun.", "lee_seong_kweun"),
        ("Rund 300 Nordkoreaner seien gefallen, sagte ein Sprecher.", "unattributed"),
        ("Seit Oktober hat Nordkorea nach US-Angaben 11.000 Soldaten geschickt.", "us_gov"),
        ("Die Regierung in Kiew meldete die Gefangennahme von zwei Nordkoreanern.", "ukraine"),
    ],
)
def test_sources_named_after_the_verb(sentence, key):
    assert one_claim(sentence)["claimant"] == key


def test_an_earlier_source_beats_an_unknown_speaker():
    text = "Der NIS hat neue Zahlen vorgelegt. Rund 300 Nordkoreaner seien gefallen, sagte der Abgeordnete Lee."
    assert one_claim(text)["claimant"] == "nis"


def test_each_clause_keeps_its_own_source():
    frame = claims_of("Die ukrainische Seite spricht von rund 5000 Toten, der südkoreanische Geheimdienst kommt auf etwa 3000.")
    assert list(zip(frame["value"], frame["claimant"])) == [(5000, "ukraine"), (3000, "nis")]


@pytest.mark.parametrize(
    "sentence, key",
    [
        ("Der estnische Militärgeheimdienst hält es für möglich, dass 100.000 Soldaten nach Russland kommen.", "estonia"),
        ("Laut einer Schätzung aus US-Regierungskreisen sind 1.000 nordkoreanische Soldaten gefallen.", "us_gov"),
        ("Nach Angaben des ukrainischen Koordinierungsstabs gelten 60 Nordkoreaner als vermisst.", "ukraine"),
        ("An einzelnen Tagen seien 300 Nordkoreaner gefallen, schrieb der Kanal „Rybar“.", "rybar"),
    ],
)
def test_unlisted_sources(sentence, key):
    assert one_claim(sentence)["claimant"] == key


def test_interview_speaker_label_covers_the_answer():
    text = "Kessler: Das ist schwer zu sagen. Seit Januar sind mindestens 1500 Mann nachgeschoben worden."
    assert one_claim(text)["claimant"] == "kessler"


def test_anaphor_refers_to_a_source_named_without_a_figure():
    text = "Präsident Selenskyj hat neue Sanktionen gefordert. „Mehr als 4.000 Nordkoreaner sind gefallen“, sagte er."
    assert one_claim(text)["claimant"] == "zelensky"


def test_reported_speech_carries_on_into_the_next_paragraph():
    frame = claims_of(
        "Der südkoreanische Geheimdienst NIS hat am Mittwoch dem Parlament Bericht erstattet.\n\n"
        "Demnach seien mehr als 3000 nordkoreanische Soldaten getötet worden."
    )
    assert frame["claimant"].tolist() == ["nis"]


def test_no_carry_over_a_paragraph_between():
    frame = claims_of(
        "Der südkoreanische Geheimdienst NIS hat am Mittwoch dem Parlament Bericht erstattet.\n\n"
        "Die Lage an der Front bleibt angespannt, schreibt das Portal Meduza.\n\n"
        "Demnach seien mehr als 3000 nordkoreanische Soldaten getötet worden."
    )
    assert frame["claimant"].tolist() == ["unattributed"]


def test_a_spokesperson_named_with_the_source_speaks_for_it_later():
    text = (
        "Es gebe Hinweise auf 3000 weitere Soldaten, sagte Pentagon-Sprecher Pat Ryder am Dienstag.\n\n"
        "Die Zahl der Nordkoreaner in Kursk liege bei höchstens 12.000, sagte Ryder."
    )
    assert list(claims_of(text)["claimant"]) == ["us_gov", "us_gov"]


def test_a_place_in_a_compound_is_no_source():
    text = "Laut dem NIS sind 300 Soldaten gefallen. Diese Zahlen, die über 600 Verluste angeben, zeigen die Folgen des Ukraine-Konflikts."
    assert list(claims_of(text)["claimant"]) == ["nis", "nis"]


def test_an_unresolved_word_for_a_source_is_no_key():
    assert one_claim("Nordkorea hat laut Geheimdienst rund 11.000 Soldaten nach Russland entsandt.")["claimant"] == "unattributed"


def test_a_word_for_a_source_in_the_headline_means_the_service_named_further_down():
    frame = claims_of("# Geheimdienst: 600 Nordkoreaner getötet\n\nDer südkoreanische Geheimdienst NIS legte am Montag "
                      "neue Zahlen vor.\n\nDie Soldaten seien in Kursk eingesetzt.")
    assert frame["claimant"].tolist() == ["nis"]


@pytest.mark.parametrize(
    "text, key",
    [
        ("Am Montag lieferte der südkoreanische Geheimdienst NIS neue Zahlen. Nach seinen Erkenntnissen sind an die "
         "300 nordkoreanische Soldaten ums Leben gekommen.", "nis"),
        ("Der NIS hat Bilder veröffentlicht. Damit dürften bereits 3000 Nordkoreaner in Russland sein, schrieben die "
         "Analysten des Geheimdienstes in einem Bericht an das Parlament in Seoul.", "nis"),  # Seoul receives it
        ("Selenskyj sprach von 4000 Opfern. Die Zahl der Soldaten beziffert man in Seoul mit etwa 11.000.", "sk_military"),
        ("Gerassimow dankt den Nordkoreanern, nennt aber keine Zahl. Der südkoreanische Geheimdienst schon. Etwa 600 "
         "von ihnen sind demnach gefallen.", "nis"),
        ("Nato-Generalsekretär Mark Rutte hat es klar benannt: Mehr als 10.000 nordkoreanische Soldaten haben gekämpft.",
         "nato"),
        ("Jeder dritte der 15.000 ist tot oder verwundet – das ist die Bilanz, die man in Seoul zieht.", "sk_military"),
        ("11. Januar 2025: Selenskyj gibt die Gefangennahme zweier nordkoreanischer Soldaten bekannt.", "zelensky"),
    ],
)
def test_the_last_figure_goes_to(text, key):
    assert claims_of(text)["claimant"].iloc[-1] == key


def test_two_places_in_one_sentence_each_claim_their_own_figure():
    frame = claims_of("Während Kiew von mehr als 3000 Opfern spricht, geht der Generalstab in Seoul von 1100 Toten aus.")
    assert frame["claimant"].tolist() == ["ukraine", "sk_military"]


def test_a_clause_that_leaves_out_the_verb_of_report_keeps_its_own_source():
    frame = claims_of("Laut NIS habe Pjöngjang die Entsendung von 12.000 Soldaten beschlossen. Washington sprach wenig später "
                      "von 10.000, Kiew von bis zu 12.000, und der Kreml sprach von gar nichts.")
    assert list(zip(frame["value"], frame["claimant"])) == [(12000, "nis"), (10000, "us_gov"), (12000, "ukraine")]
    frame = claims_of("Südkorea spricht von etwa 11.000 Soldaten, die Ukraine von bis zu 12.000.")
    assert list(zip(frame["value"], frame["claimant"])) == [(11000, "sk_military"), (12000, "ukraine")]


@pytest.mark.parametrize(
    "text, key",
    [
        ("Südkoreas Geheimdienst NIS bestätigte die Festnahme. Wie die Agentur Yonhap unter Berufung auf den Dienst "
         "berichtete, sind bislang rund 300 Nordkoreaner getötet worden.", "nis"),
        ("Wie Yonhap berichtete, sind 3000 Nordkoreaner gefallen.", "yonhap"),  # no one else to pass on
        ("KCNA bestätigt den Einsatz. Südkoreas Militär geht nach Angaben der Nachrichtenagentur Yonhap von rund "
         "15.000 entsandten Soldaten aus.", "sk_military"),  # the agency relays the source in its own sentence
    ],
)
def test_a_news_agency_gives_way_to_the_source_it_passes_on(text, key):
    assert claims_of(text)["claimant"].tolist() == [key]


@pytest.mark.parametrize(
    "text, keys",
    [
        ("Rund 11.000 nordkoreanische Soldaten sind in Kursk eingesetzt worden. So steht es in einem Bericht des "
         "britischen Verteidigungsministeriums.", ["uk_mod"]),
        ("Im Pentagon war zuletzt von „über 11.000“ nordkoreanischen Soldaten die Rede.", ["us_gov"]),
        ("Während Kiew von gut 4000 Toten und Verletzten ausgeht, bleibt Seoul bei rund 3000.", ["ukraine", "sk_military"]),
        ("Frage: Seoul spricht von 11.000 Soldaten. Glauben Sie das?", ["sk_military"]),
    ],
)
def test_more_ways_to_name_who_reports(text, keys):
    assert claims_of(text)["claimant"].tolist() == keys


def test_a_label_that_names_no_speaker():
    frame = claims_of("Fazit: Die Behauptung ist falsch. Nordkorea hat bislang etwa 15.000 Soldaten geschickt.")
    assert frame["claimant"].tolist() == ["unattributed"]


def test_a_service_that_does_not_speak_is_not_waited_for():
    frame = claims_of("Zwei Soldaten, die in Gefangenschaft geraten waren, werden vom Geheimdienst SBU verhört.\n\n"
                      "Der britische Geheimdienst sieht das anders.")
    assert frame["claimant"].tolist() == ["unattributed"]


@pytest.mark.parametrize(
    "text, key",
    [
        ("Dazu schreibt die STUTTGARTER ZEITUNG: „Zwölftausend junge Männer hat Kim Jong Un in den Krieg geschickt.“",
         "stuttgarter_zeitung"),
        ("Der Kölner Stadt-Anzeiger kommentiert: „Mehr als 3000 Soldaten sollen gefallen sein.“", "kolner_stadt_anzeiger"),
        ("Das Pentagon erklärte: „Rund 11.000 Nordkoreaner kämpfen in Kursk.“", "us_gov"),
        ("Die CHOSUN ILBO aus Seoul schreibt: „Fast 5000 junge Männer aus dem Norden sind tot oder verwundet.“",
         "chosun_ilbo"),  # the paper, not its city
        ("Die VOLKSSTIMME warnt: „Wenn tatsächlich zusätzliche 20.000 Mann vorbereitet werden, wie Kiews "
         "Militärgeheimdienst vermutet, ist das keine Randnotiz.“", "ukraine"),  # the quote reports someone else
    ],
)
def test_who_a_colon_hands_a_quote_to_claims_it(text, key):
    assert one_claim(text)["claimant"] == key


def test_the_object_of_schaetzen_is_no_source():
    claim = one_claim("Das Analystenteam schätzt die Zahl der Nordkoreaner in Kursk auf rund 11 500.")
    assert claim["claimant"] != "zahl"


def test_a_person_named_without_a_source_keeps_a_key_of_their_own():
    claim = one_claim("Die Zahl liege bei höchstens 12.000 Soldaten, sagte Pat Ryder.")
    assert claim["claimant"] == "pat_ryder"


def test_a_quoted_figure_belongs_to_the_clause_that_quotes_it():
    frame = claims_of("Der HUR bezifferte die Truppe auf 12.000 Mann, Präsident Selenskyj sprach sogar von „bis zu 15.000“.")
    assert list(frame["claimant"]) == ["ukraine", "zelensky"]


@pytest.mark.parametrize(
    "text, key",
    [
        ("Ukrainische Soldaten haben zwei nordkoreanische Soldaten gefangen genommen. Das teilte Präsident "
         "Selenskyj am Samstag mit.", "zelensky"),
        ("Rund 15.000 Mann hat Kim an Putin ausgeliehen! Das meldet der südkoreanische Geheimdienst.", "nis"),
        ("Rund 15.000 Mann hat Kim an Putin ausgeliehen! Das berichtet die Zeitung Chosun Ilbo.", "chosun_ilbo"),
        ("Rund 15.000 Mann hat Kim an Putin ausgeliehen. Die Lage ist ernst. Das meldet der NIS.", "unattributed"),
    ],
)
def test_the_next_sentence_names_who_said_it(text, key):
    assert one_claim(text)["claimant"] == key


def test_a_speaker_label_that_names_a_source_covers_the_answer():
    text = "Budanow: Wir wissen es nicht genau. Etwa 4000 der Soldaten sind ausgefallen."
    assert one_claim(text)["claimant"] == "ukraine"


@pytest.mark.parametrize(
    "text, key",
    [
        ("Südkoreas Generalstab zählt 14.000 Entsandte. Nach Seouler Rechnung sind etwa 4.700 getötet oder verwundet.",
         "sk_military"),
        ("Der NIS hat neue Zahlen vorgelegt. Nach Seouler Rechnung sind etwa 4.700 Soldaten getötet oder verwundet.",
         "nis"),  # the country stands for its service named before
        ("Laut BND sind 12.000 Soldaten in Kursk. Ein Drittel sei gefallen, heißt es in Sicherheitskreisen in Berlin.",
         "bnd"),
        ("Bis zu 300 Nordkoreaner seien gefallen, heißt es im Verteidigungsministerium in Moskau.", "russia"),
        ("Nach südkoreanischen Angaben sind weitere 3000 Soldaten eingetroffen.", "sk_military"),
        ("Der Kanal meldet nichts. Nach Moskauer Darstellung kämpfen 11.000 Nordkoreaner in Kursk.", "russia"),
    ],
)
def test_a_country_named_by_its_adjective_or_capital(text, key):
    assert claims_of(text)["claimant"].iloc[-1] == key


def test_swiss_spelling_reads_as_german():
    claim = one_claim("Mitte 2025 hiess es aus Seoul, 2'000 Nordkoreaner seien bisher gefallen.")
    assert (claim["claimant"], claim["value"], claim["category"]) == ("sk_military", 2000, "killed")


def test_a_picture_caption_names_no_speaker():
    frame = claims_of("Bildunterschrift: Nordkoreanische Soldaten in Kursk. Rund 11.000 Mann sind dort stationiert.")
    assert frame["claimant"].tolist() == ["unattributed"]


def test_a_demonstrative_and_its_noun_open_the_sentence_that_names_the_source():
    frame = claims_of("Die meisten Schätzungen liegen zwischen 11.000 und 12.000 Mann. Diese Spanne nennt etwa der "
                      "südkoreanische Geheimdienst NIS, der als gut informiert gilt.")
    assert frame["claimant"].tolist() == ["nis"]


def test_a_pronoun_stands_for_the_source_its_own_sentence_named_first():
    frame = claims_of("Laut Selenskyj sind 3.800 Nordkoreaner getötet oder verwundet. Der NIS ist vorsichtiger: Er "
                      "schätzt die Zahl der Toten auf etwa 300, jene der Verwundeten auf rund 2.700.")
    assert frame["claimant"].tolist() == ["zelensky", "nis", "nis"]


def test_a_pronoun_is_no_name():
    frame = claims_of("Auch das japanische Verteidigungsministerium hat sich geäußert. Es geht in seinem Weißbuch von "
                      "mindestens 10.000 Nordkoreanern in Russland aus.")
    assert frame["claimant"].tolist() == ["japan"]


def test_a_label_may_date_its_source_in_brackets():
    frame = claims_of("Südkoreas Geheimdienst NIS (September 2025): rund 2.000 Tote\n\n"
                      "Britisches Verteidigungsministerium (März 2025) : über 6.000 Tote und Verwundete")
    assert frame["claimant"].tolist() == ["nis", "uk_mod"]


def test_the_source_of_a_list_introduction_covers_its_items():
    frame = claims_of("Die Zahlen im Überblick (nach Angaben des Generalstabs in Seoul):\n\nEntsandt: rund 15.000 "
                      "Soldaten\n\nGetötet: ca. 600\n\nGefangen: 2 (ukrainische Angaben)\n\nDie Lage bleibt unklar. "
                      "Die Zahl der Vermissten ist unbekannt.\n\nVerwundet: 4.100")
    assert frame["claimant"].tolist() == ["sk_military", "sk_military", "ukraine", "unattributed"]


def test_a_credit_line_names_the_source_of_the_list_above_it():
    frame = claims_of("Grafik: Der Einsatz in Zahlen\n\nEntsandte Soldaten: 15 Tsd.\n\nGefallene: 1,1 Tsd.\n\n"
                      "Quelle: Generalstab Seoul, Stand: März 2025")
    assert list(zip(frame["category"], frame["value"])) == [("deployed", 15000), ("killed", 1100)]
    assert set(frame["claimant"]) == {"sk_military"}


def test_es_handelt_sich_um_goes_on_with_the_source_before():
    frame = claims_of("• Nordkorea will nach Angaben aus Moskau 6000 weitere Militärangehörige nach Kursk schicken.\n\n"
                      "• Es handelt sich um 1000 Pioniere zur Minenräumung und 5000 Militärbauarbeiter.")
    assert frame["claimant"].tolist() == ["russia"] * 3


@pytest.mark.parametrize(
    "text, key",
    [
        ("Zwischen 1000 und 1500 weitere Soldaten seien unterwegs, schreibt die japanische Zeitung Yomiuri.", "yomiuri"),
        ("Bis zu 15.000 Soldaten hat Nordkorea nach Einschätzung der Bundesregierung entsandt.", "german_gov"),
        ("Genauer: 1000 Minenräumer und 5000 Militärbauarbeiter will Nordkorea schicken.", "unattributed"),
    ],
)
def test_outlets_governments_and_labels(text, key):
    assert set(claims_of(text)["claimant"]) == {key}


@pytest.mark.parametrize(
    "text, keys",
    [
        ("+++ 07:55 +++ Nach Angaben des ukrainischen Generalstabs sind 1.570 russische Soldaten gefallen.\n\n"
         "+++ 06:40 +++ In den vergangenen Tagen seien rund 200 nordkoreanische Soldaten verwundet worden.",
         ["unattributed"]),  # a ticker entry carries on no source from the entry before
        ("Vor einem Jahr verkündete Moskau den Sieg in Kursk.\n\nInsgesamt sollen rund 15.000 nordkoreanische "
         "Soldaten gekämpft haben. So jedenfalls schätzt es der südkoreanische Geheimdienst NIS.", ["nis"]),
        ("Auch zu den Pionieren äußert sich die Bundesregierung. Ihr lägen Berichte vor, wonach Russland bis zu 6.000 "
         "Minenräumer aus Nordkorea angefordert habe. Das Auswärtige Amt erklärte, nach seinen Erkenntnissen befänden "
         "sich noch etwa 10.000 nordkoreanische Soldaten in Russland.", ["german_gov", "german_gov"]),
        ("Laut NIS sind 600 Soldaten gefallen. Die höchste Schätzung einer Regierung stammt vom britischen "
         "Verteidigungsministerium: Es sprach von mehr als 6000 Toten und Verwundeten.", ["nis", "uk_mod"]),
    ],
)
def test_carried_sources_and_references(text, keys):
    assert claims_of(text)["claimant"].tolist() == keys


def test_a_country_named_as_an_object_is_no_source_to_refer_back_to():
    frame = claims_of("Der ukrainische Militärgeheimdienst HUR widerspricht der russischen Darstellung. Nach seiner "
                      "Einschätzung befinden sich noch zwischen 7.000 und 8.000 nordkoreanische Soldaten in Kursk.")
    assert frame["claimant"].tolist() == ["ukraine"]


@pytest.mark.parametrize(
    "text, key",
    [
        ("Präsident Wolodimir Selenski sprach von mehr als 3000 getöteten oder verwundeten Nordkoreanern.", "zelensky"),
        ("Die Nato zählt 11.000 Nordkoreaner in Kursk. Rund 4.000 von ihnen seien nach Einschätzung des Bündnisses "
         "tot oder verwundet.", "nato"),
    ],
)
def test_spellings_and_the_alliance(text, key):
    assert claims_of(text)["claimant"].iloc[-1] == key


def test_an_adverb_opening_the_sentence_is_no_name():
    assert one_claim("Offiziell bestätigt sind bislang nur zwei nordkoreanische Gefangene.")["claimant"] == "unattributed"


def test_a_country_that_reports_right_before_its_figure_keeps_it():
    frame = claims_of("Während Kiew 3000 Tote unter den Nordkoreanern meldet, schweigt Moskau. Die USA hatten die "
                      "Gesamtzahl der nach Russland geschickten Soldaten auf 11.000 bis 12.000 beziffert.")
    assert list(zip(frame["value"], frame["claimant"])) == [(3000, "ukraine"), (11500, "us_gov")]


@pytest.mark.parametrize("frame", [
    "Schätzungen zufolge sind 3.000 Nordkoreaner gefallen.",
    "Berichten zufolge sind 3.000 Nordkoreaner gefallen.",
    "Medienberichten zufolge sind 3.000 Nordkoreaner gefallen.",
    "Es wird vermutet, dass 3.000 Nordkoreaner gefallen sind.",
    "Zuletzt war davon die Rede, dass 3.000 Nordkoreaner gefallen sind.",
    "Wie berichtet sind 3.000 Nordkoreaner in Kursk gefallen.",
    "Nach unbestätigten Berichten sind 3.000 Nordkoreaner gefallen.",
    "Gemäss Schätzungen sind 3.000 Nordkoreaner gefallen, es wird vermutet, dass es mehr sind.",
])
def test_an_impersonal_frame_stays_unattributed_and_takes_no_earlier_source(frame):
    frame_ = claims_of(f"Präsident Selenskyj sprach am Montag in Kiew. {frame}")
    assert list(frame_["claimant"]) == ["unattributed"]
    assert list(frame_["claimant_text"]) == [""]  # 'Wie' is no source either


def test_an_impersonal_frame_gives_way_to_a_source_its_sentence_names():
    assert one_claim("Berichten zufolge hat der NIS 3.000 Tote gezählt.")["claimant"] == "nis"
    assert one_claim("Schätzungen des NIS zufolge sind 3.000 Nordkoreaner gefallen.")["claimant"] == "nis"


def test_hiess_es_carries_the_source_on():
    text = "Der NIS legte neue Zahlen vor. Demnach sind 300 Soldaten gefallen. Rund 2.700 seien verwundet, hieß es weiter."
    assert list(claims_of(text)["claimant"]) == ["nis", "nis"]


@pytest.mark.parametrize("text, key", [
    ("Nun erhebt der südkoreanische Geheimdienst schwere Vorwürfe: Nordkorea habe demnach 1.200 Soldaten verlegt.",
     "nis"),
    ("Das Pentagon ist besorgt: Nordkorea habe 12.000 Soldaten geschickt.", "us_gov"),
    ("Der ukrainische Militärgeheimdienst HUR erhebt Vorwürfe: In Kursk seien 30 Nordkoreaner getötet worden.",
     "ukraine"),
    ("Nordkoreas Einsatz in Kursk: Mehr als 3.000 Soldaten getötet", "unattributed"),  # a topic, not a speaker
    ("Das Pentagon warnt: Laut NIS sind 12.000 Soldaten in Russland.", "nis"),  # the frame after the colon wins
])
def test_a_source_acting_before_a_colon_speaks_for_what_follows(text, key):
    assert one_claim(text)["claimant"] == key


@pytest.mark.parametrize("headline, key", [
    ("Rund 400 Nordkoreaner getötet – südkoreanischer Geheimdienst", "nis"),
    ("Rund 4.000 Tote, Verwundete und Vermisste – Generalstab in Seoul", "sk_military"),
    ("Mehr als 200 Gefallene seit Anfang Juni – ukrainischer Generalstab", "ukraine"),
    ("Nordkorea schickte 11.000 Soldaten – ein Fehler, sagen Experten", "experten"),  # a clause, not a credit
])
def test_a_source_alone_after_a_closing_dash_credits_the_headline(headline, key):
    assert one_claim(f"{headline}\n\nDer Text des Artikels folgt.")["claimant"] == key


@pytest.mark.parametrize("text, rule", [
    ("Laut NIS sind 300 Soldaten gefallen.", "frame"),
    ("Rund 300 Soldaten seien gefallen, sagte der NIS.", "report"),
    ("Der NIS legte Zahlen vor. Demnach sind 300 Soldaten gefallen.", "paragraph"),
    ("Schätzungen zufolge sind 300 Soldaten gefallen.", "impersonal"),
    ("In Kursk sind 300 Soldaten gefallen.", "none"),
    ("Rund 400 Nordkoreaner getötet – südkoreanischer Geheimdienst", "dash"),
])
def test_every_claim_says_which_rule_found_its_source(text, rule):
    assert f" · src:{rule} · " in claims_of(text)["why"].iloc[-1]


@pytest.mark.parametrize("text, key", [
    ("Der Sender BBC zitierte zudem einen ukrainischen Kommandeur, dessen Einheit 230 Nordkoreaner getötet hat.",
     "ukraine"),
    ("Der US-Sender CNN zitierte einen ukrainischen Offizier mit der Einschätzung, bis zu 1.000 Nordkoreaner seien "
     "gefallen.", "ukraine"),
    ("Die „New York Times“ berichtete unter Berufung auf US-Regierungsbeamte, Nordkorea schicke weitere 1.000 Mann.",
     "us_gov"),
    ("Yonhap berichtete unter Berufung auf den südkoreanischen Geheimdienst, Pjöngjang schicke weitere 6.000 Soldaten.",
     "nis"),  # a source the lists know is found as such
])
def test_an_outlet_that_passes_on_an_unnamed_persons_words_gives_way_to_the_persons_country(text, key):
    claim = one_claim(text)
    assert claim["claimant"] == key and " · src:" in claim["why"]


@pytest.mark.parametrize("text, key", [
    ("Gerassimow sprach von Erfolgen. Südkoreas Militärführung schätzt, dass etwa 4.700 Nordkoreaner getötet wurden.",
     "sk_military"),  # a country's genitive before an institution names it
    ("Die Militärführung Russlands meldet 300 getötete Nordkoreaner.", "russia"),
    ("Nordkorea hat nach südkoreanischen Geheimdienstangaben mindestens 2.000 Tote zu beklagen.", "nis"),
    ("Nordkorea hat laut US-Angaben mindestens 2.000 Tote zu beklagen.", "us_gov"),
])
def test_country_genitives_and_statement_compounds_name_their_source(text, key):
    assert claims_of(text)["claimant"].iloc[-1] == key


@pytest.mark.parametrize("text", ["Wie gemeldet, sind 300 Nordkoreaner gefallen.", "Dabei sind 300 Nordkoreaner gefallen.",
                                  "Wie es heißt, sind 300 Nordkoreaner gefallen."])
def test_a_function_word_that_opens_a_sentence_is_no_source(text):
    assert one_claim(text)["claimant"] == "unattributed"


def test_a_news_agency_gives_way_to_the_service_it_cites_by_a_word_that_refers_back():
    text = ("Südkoreas Geheimdienst NIS bestätigte am Sonntag die Festnahme. Man arbeite eng mit den ukrainischen "
            "Behörden zusammen, hieß es in Seoul. Wie die Agentur Yonhap unter Berufung auf den Dienst berichtete, "
            "sind bislang rund 300 Nordkoreaner in Kursk getötet worden.")
    assert claims_of(text)["claimant"].iloc[-1] == "nis"

"""The category of a figure from its clause (core/categories.py)."""
import pytest
from conftest import claims_of, one_claim


@pytest.mark.parametrize("sentence, category", [
    ("Die Verluste – Tote, Verwundete und Vermisste – werden auf 3.500 geschätzt.", "killed_or_wounded"),
    ("Rund 4.000 Tote, Verwundete und Vermisste meldet der Generalstab.", "killed_or_wounded"),
    ("Mindestens 80 Nordkoreaner wurden getötet, schwer verwundet oder gefangen genommen.", "killed_or_wounded"),
])
def test_a_list_of_losses_joined_by_a_link_names_the_whole(sentence, category):
    assert one_claim(sentence)["category"] == category


def test_a_comma_alone_joins_no_second_category():
    assert one_claim("Der NIS meldet 300 Tote, Verletzte gebe es kaum.")["category"] == "killed"


@pytest.mark.parametrize("sentence, category, why", [
    ("Laut NIS sind rund 300 Soldaten gefallen.", "killed", "cat:after:gefallen"),
    ("Laut NIS gibt es 300 Tote und 2.700 Verwundete.", "killed", "cat:noun:Tote"),
    ("Laut NIS kamen im Januar weitere 3.000 Soldaten nach Russland.", "reinforcements", "cat:reinforced"),
    ("Getötet wurden nach Angaben des NIS 300 Nordkoreaner.", "killed", "cat:before:Getötet"),
])
def test_every_claim_says_which_rule_gave_its_category(sentence, category, why):
    claim = one_claim(sentence) if "2.700" not in sentence else claims_of(sentence).iloc[0]
    assert claim["category"] == category and claim["why"].startswith(why + " · src:")


@pytest.mark.parametrize("sentence, category", [
    ("Rund 400 der nach Russland verlegten Soldaten sind inzwischen gefallen.", "killed"),
    ("Etwa 2.000 der eingesetzten Nordkoreaner wurden laut Kiew verwundet.", "wounded"),
    ("An der Gedenkwand hängen die Bilder von 87 nordkoreanischen Soldaten, die in Kursk starben.", "killed"),
    ("Im März schickte Pjöngjang zusätzlich rund 2.000–3.000 Soldaten.", "reinforcements"),
])
def test_the_predicate_decides_not_an_attributive_participle(sentence, category):
    assert one_claim(sentence)["category"] == category

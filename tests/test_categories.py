"""The category of a figure from its clause (core/categories.py)."""
import pytest
from conftest import one_claim


@pytest.mark.parametrize("sentence, category", [
    ("Die Verluste – Tote, Verwundete und Vermisste – werden auf 3.500 geschätzt.", "killed_or_wounded"),
    ("Rund 4.000 Tote, Verwundete und Vermisste meldet der Generalstab.", "killed_or_wounded"),
    ("Mindestens 80 Nordkoreaner wurden getötet, schwer verwundet oder gefangen genommen.", "killed_or_wounded"),
])
def test_a_list_of_losses_joined_by_a_link_names_the_whole(sentence, category):
    assert one_claim(sentence)["category"] == category


def test_a_comma_alone_joins_no_second_category():
    assert one_claim("Der NIS meldet 300 Tote, Verletzte gebe es kaum.")["category"] == "killed"

import csv

import pytest
from conftest import ROOT

from core.sources import CANONICAL, source_name, source_names

GOLD_NAMES = {"nis": "NIS (South Korea)", "uk_mod": "UK Ministry of Defence", "zelensky": "Zelensky"}


@pytest.mark.parametrize("key,name", GOLD_NAMES.items())
def test_gold_sources_have_their_readable_names(key, name):
    assert source_name(key) == name


def test_every_canonical_key_is_listed():
    with open(ROOT / "core/data/source_names.csv", encoding="utf-8") as handle:
        listed = {row["key"]: row["name"] for row in csv.DictReader(handle)}
    assert all(listed.get(key) for key in CANONICAL), set(CANONICAL) - set(listed)


def test_every_claimant_key_has_a_listed_name():
    with open(ROOT / "core/data/claimants.csv", encoding="utf-8") as handle:
        keys = {row["key"] for row in csv.DictReader(handle)}
    with open(ROOT / "core/data/source_names.csv", encoding="utf-8") as handle:
        listed = {row["key"] for row in csv.DictReader(handle)}
    assert keys <= listed, keys - listed


@pytest.mark.parametrize("key,name", [("kyiv_independent", "Kyiv Independent"), ("carnegie_endowment", "Carnegie Endowment")])
def test_unlisted_keys_read_as_words(key, name):
    assert source_name(key) == name


def test_source_names_maps_keys():
    assert source_names(["nis", "bbc"]) == {"nis": "NIS (South Korea)", "bbc": "BBC"}

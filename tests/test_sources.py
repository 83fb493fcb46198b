from core.sources import source_name


def test_source_names():
    assert source_name("nis") == "South Korea's NIS"
    assert source_name("kyiv_independent") == "Kyiv Independent"

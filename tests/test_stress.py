from core.stress import HEADINGS, PATTERNS, measure, pathological_text, table


def test_pathological_text_has_the_size_and_a_claim():
    text = pathological_text("mehr als ", 0.01)
    assert 9_000 < len(text.encode()) < 11_000 and text.endswith("gefallen.")


def test_measure_gives_a_row_per_pattern_and_size_and_the_table_shows_them():
    results = measure((0.002, 0.004), repeats=1)
    assert list(results) == list(PATTERNS)
    for rows in results.values():
        assert [round(row["megabytes"], 3) for row in rows] == [0.002, 0.004]
        assert all(row["claims"] >= 1 and row["seconds"] > 0 for row in rows)
        assert rows[0]["ratio"] == 1.0 and rows[1]["ratio"] == rows[1]["s_per_mb"] / rows[0]["s_per_mb"]
    lines = table(results)
    assert lines[0].split() == " ".join(HEADINGS).split() and len(lines) == 1 + 2 * len(PATTERNS)

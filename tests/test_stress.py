from bench.stress import HEADINGS, PATTERNS, heading, measure, pathological_text, table_lines


def test_pathological_text_has_the_size_and_a_claim():
    text = pathological_text("mehr als ", 0.01)
    assert 9_000 < len(text.encode()) < 11_000 and text.endswith("gefallen.")


def test_measure_gives_a_row_per_size_and_the_table_a_line_per_row():
    rows = measure(PATTERNS["one long line"], (0.002, 0.004), repeats=1)
    assert [round(row["megabytes"], 3) for row in rows] == [0.002, 0.004]
    assert all(row["claims"] >= 1 and row["seconds"] > 0 for row in rows)
    assert rows[0]["ratio"] == 1.0 and rows[1]["ratio"] == rows[1]["s_per_mb"] / rows[0]["s_per_mb"]
    assert heading().split() == " ".join(HEADINGS).split()
    lines = table_lines("one long line", rows)
    assert len(lines) == 2 and all(line.startswith("one long line ") for line in lines)

from core.stress import PATTERNS, pathological_text, report


def test_pathological_text_has_the_size_and_a_claim():
    text = pathological_text("mehr als ", 0.01)
    assert 9_000 < len(text.encode()) < 11_000 and text.endswith("gefallen.")


def test_report_has_a_line_per_pattern():
    lines = report((0.002, 0.004))
    assert len(lines) == len(PATTERNS) + 1 and all(line.split()[-1] for line in lines)

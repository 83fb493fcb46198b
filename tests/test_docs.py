"""The README documents every column of the frame, every CLI command and the two set-up commands."""
import re

from conftest import ROOT

from core.schema import COLUMNS

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_column_is_described():
    described = set(re.findall(r"^\| `(\w+)` \|", README, re.M))
    assert set(COLUMNS) <= described, set(COLUMNS) - described


def test_every_command_is_documented():
    for command in ("extract", "evaluate"):
        assert f"python -m core {command}" in README


def test_ci_runs_the_readme_test_command():
    commands = re.findall(r"^```\n(.+?)\n```", README, re.M | re.S)
    test_command = next(c for c in commands if "pytest" in c)
    assert test_command in (ROOT / ".ci/run").read_text(encoding="utf-8")


def test_every_data_file_is_named():
    for path in (ROOT / "core/data").iterdir():
        assert path.name in README, path.name

"""The corpus root: which names a link may open, and the refusal of everything else before any read."""
import os
from pathlib import Path

import pytest

from core.roots import PROJECT, CorpusError, CorpusRoot, root_from_args


@pytest.fixture
def root(tmp_path) -> CorpusRoot:
    """A root with two corpora, a nested one, a file, a hidden folder, and symbolic links in and out."""
    folder = tmp_path / "root"
    for name in ("kursk", "kursk/2025", "leer", ".trash", ".git"):
        (folder / name).mkdir(parents=True)
    (folder / "kursk" / "bericht.txt").write_text("Laut NIS sind 100 Soldaten gefallen.", encoding="utf-8")
    outside = tmp_path / "geheim"
    outside.mkdir()
    (folder / "hinaus").symlink_to(outside)
    (folder / "kurz").symlink_to(folder / "kursk")
    return CorpusRoot(folder)


@pytest.mark.parametrize("name", ["kursk", "kursk/2025", "leer", ".", "kurz", "kursk/", "kursk\\2025"])
def test_folders_under_the_root_open(root, name):
    assert root.resolve(name).is_dir()


def test_absolute_path_inside_the_root_opens(root):
    assert root.resolve(str(root.folder / "kursk")) == (root.folder / "kursk").resolve()


@pytest.mark.parametrize("name, reason", [
    ("/etc", "outside the corpus root"),
    ("/proc/self", "outside the corpus root"),
    ("/", "outside the corpus root"),
    ("..", "'..' is not allowed"),
    ("kursk/../..", "'..' is not allowed"),
    ("../root/kursk", "'..' is not allowed"),
    ("hinaus", "leads outside the corpus root"),
    (".trash", "hidden folders are not corpora"),
    ("kursk/.git", "hidden folders are not corpora"),
    ("kursk/bericht.txt", "is a file, not a corpus folder"),
    ("fehlt", "there is no folder fehlt"),
    ("a" * 256, "too long"),
    ("kursk/" + "b" * 300, "too long"),
    ("x/" * 2100, "too long"),
    ("kursk\x00/etc", "control characters"),
    ("", "no corpus folder was named"),
    ("[x](http://example.org)", "there is no folder"),
])
def test_hostile_names_are_refused_in_one_line(root, name, reason):
    with pytest.raises(CorpusError, match=reason.replace("(", r"\(").replace(".", r"\.")) as refused:
        root.resolve(name)
    assert "\n" not in str(refused.value)


def test_refusal_reads_nothing(root, monkeypatch):
    opened = []
    monkeypatch.setattr("builtins.open", lambda *a, **k: opened.append(a) or pytest.fail("opened a file"))
    for name in ("/etc", "hinaus", "kursk/bericht.txt"):
        with pytest.raises(CorpusError):
            root.resolve(name)
    assert not opened


def test_unreadable_folder_is_refused(root, monkeypatch):
    # chmod 0 does not stop root, who runs CI: the permission check itself says no instead
    monkeypatch.setattr(os, "access", lambda path, mode: not str(path).endswith("leer"))
    with pytest.raises(CorpusError, match="cannot read the folder leer: permission denied"):
        root.resolve("leer")


def test_corpora_lists_visible_folders_inside_the_root(root):
    assert root.corpora() == [".", "kursk", "kursk/2025", "kurz", "kurz/2025", "leer"]


def test_default_root_is_the_seeds_and_the_corpora_folder():
    default = CorpusRoot.default()
    assert default.corpora()[0] == "seeds"
    assert default.resolve("seeds") == PROJECT / "seeds"
    for name in (".", "core", "tests/samples", str(PROJECT / "core")):
        with pytest.raises(CorpusError):
            default.resolve(name)


def test_create_makes_a_safe_new_folder(root):
    assert root.create("Kursk 2025") == "Kursk_2025"
    assert root.create("../../Kursk 2025") == "Kursk_2025-2"
    assert root.create("leer") == "leer-2"
    assert (root.folder / "Kursk_2025-2").is_dir()


@pytest.mark.parametrize("argv, environ, expected", [
    ([], {}, ("default", "seeds")),
    (["--corpus", str(PROJECT / "seeds")], {}, ("default", "seeds")),
    (["-q", "tests"], {}, ("default", "seeds")),
    (["--co"], {}, ("default", "seeds")),  # pytest's --co is not an abbreviation of --corpus
    ([], {"CLAIMS_CORPUS": "{tmp}/root/kursk"}, ("{tmp}/root/kursk", ".")),
    (["--root", "{tmp}/root"], {"CLAIMS_CORPUS": "/elsewhere"}, ("{tmp}/root", ".")),
    (["--root", "{tmp}/root", "--corpus", "kursk/2025"], {}, ("{tmp}/root", "kursk/2025")),
    ([], {"CLAIMS_ROOT": "{tmp}/root", "CLAIMS_CORPUS": "{tmp}/root/leer"}, ("{tmp}/root", "leer")),
])
def test_root_and_first_corpus_from_arguments_then_environment(root, tmp_path, argv, environ, expected):
    fill = lambda text: text.replace("{tmp}", str(tmp_path))  # noqa: E731
    found, name, _ = root_from_args([fill(a) for a in argv], {k: fill(v) for k, v in environ.items()})
    folder = PROJECT if expected[0] == "default" else Path(fill(expected[0]))
    assert (found.folder, name) == (folder.resolve(), expected[1])


@pytest.mark.parametrize("argv", [["--root", "/nirgends"], ["--corpus", "/nirgends"]])
def test_a_missing_root_or_corpus_says_so_and_opens_the_seeds(argv):
    found, name, message = root_from_args(argv, {})
    assert (found, name) == (CorpusRoot.default(), "seeds")
    assert "/nirgends" in message and "\n" not in message

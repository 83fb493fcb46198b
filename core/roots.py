"""The corpus root: the only folders the dashboard reads and writes, and the check every corpus name passes.

A corpus is named by its path relative to the root (`seeds`, `corpora/kursk`, `.` for the root itself), so
a link can only ever name a folder under it. Absolute paths, `..`, hidden folders, symbolic links that leave
the root, files and names over the file system's limits are refused with one line saying why, before
anything is read.
"""
import argparse
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from core.corpus import safe_filename

PROJECT = Path(__file__).resolve().parent.parent
ROOT_ENV, CORPUS_ENV = "CLAIMS_ROOT", "CLAIMS_CORPUS"
NAME_MAX, PATH_MAX = 255, 4096  # bytes, as on Linux and macOS
_DEPTH = 3  # how deep the corpus list looks for folders
_LISTED = 500  # at most this many corpora are offered


class CorpusError(ValueError):
    """A corpus name that is refused; the message is one line for the analyst."""


@dataclass(frozen=True)
class CorpusRoot:
    """A folder whose subfolders are corpora; `top`, when set, names the only first-level folders allowed."""

    folder: Path
    top: tuple = ()
    new_in: str = "."  # where "new corpus" creates folders, relative to `folder`

    @classmethod
    def default(cls) -> "CorpusRoot":
        """The project's seeds/ and the corpora/ folder beside it."""
        return cls(PROJECT, ("seeds", "corpora"), "corpora")

    def resolve(self, name: str) -> Path:
        """Return the real path of corpus `name`; raise CorpusError, without reading anything, if it is refused."""
        parts = self._parts(name)
        real = Path(os.path.realpath(self.folder.joinpath(*parts)))
        if self._outside(real):
            raise CorpusError(f"{name} leads outside the corpus root (a symbolic link); it was not opened")
        try:
            is_dir = real.is_dir()
            exists = is_dir or real.exists()
        except OSError as exc:
            raise CorpusError(f"cannot open {name}: {exc.strerror or exc}") from None
        if not exists:
            raise CorpusError(f"there is no folder {name} under the corpus root")
        if not is_dir:
            raise CorpusError(f"{name} is a file, not a corpus folder")
        if not os.access(real, os.R_OK | os.X_OK):
            raise CorpusError(f"cannot read the folder {name}: permission denied")
        return real

    def name_of(self, path) -> str:
        """Return the corpus name of a folder path under the root; raise CorpusError when it is not under it."""
        real = Path(os.path.realpath(path))
        if self._outside(real):
            raise CorpusError(f"{path} is not under the corpus root {self.folder}")
        relative = real.relative_to(os.path.realpath(self.folder)).as_posix()
        self._parts(relative)  # a hidden folder or one outside `top` is no corpus either
        return relative

    def corpora(self) -> list:
        """Names of the folders under the root that can be opened, sorted, the root itself first when allowed."""
        if not self.top:
            names = ["."] + _walk(self.folder, _DEPTH, self._outside)
        else:
            names = []
            for top in self.top:
                if (self.folder / top).is_dir() and not self._outside(Path(os.path.realpath(self.folder / top))):
                    names += [top] + [f"{top}/{sub}" for sub in _walk(self.folder / top, _DEPTH - 1, self._outside)]
        return sorted(names, key=lambda name: (name != ".", name.casefold()))[:_LISTED]

    def create(self, name: str) -> str:
        """Make a new, empty corpus folder named after `name` (made safe, never an existing one); return its name."""
        parent = self.folder / self.new_in
        try:
            parent.mkdir(exist_ok=True)
            folder = safe_filename(name, parent)
            folder.mkdir()
        except OSError as exc:
            raise CorpusError(f"cannot create the corpus folder: {exc.strerror or exc}") from None
        return self.name_of(folder)

    def label(self, name: str) -> str:
        """How a corpus name shows in the sidebar."""
        return f"{self.folder.name} (the root folder)" if name == "." else name

    def _parts(self, name: str) -> tuple:
        text = str(name)
        if not text.strip():
            raise CorpusError("no corpus folder was named")
        if "\x00" in text or any(ord(char) < 32 for char in text):
            raise CorpusError("a corpus name cannot hold control characters")
        _check_length(text)
        path = PurePosixPath(text.replace("\\", "/"))
        if path.is_absolute():
            if self._outside(Path(os.path.realpath(text))):
                raise CorpusError(f"{text} is outside the corpus root; only folders under it can be opened")
            return self._parts(self.name_of(text))
        if ".." in path.parts:
            raise CorpusError(f"{text}: '..' is not allowed in a corpus name")
        if any(part.startswith(".") for part in path.parts):
            raise CorpusError(f"{text}: hidden folders are not corpora")
        if self.top and (not path.parts or path.parts[0] not in self.top):
            raise CorpusError(f"{text} is not under the corpus root; choose one of {', '.join(self.top)}")
        return path.parts

    def _outside(self, real: Path) -> bool:
        root = os.path.realpath(self.folder)
        if os.path.commonpath([root, str(real)]) != root:
            return True
        first = Path(os.path.relpath(real, root)).parts[:1]
        return bool(self.top) and (not first or first[0] not in self.top)


def _check_length(text: str) -> None:
    size = len(text.encode("utf-8", "surrogatepass"))
    longest = max(len(part.encode("utf-8", "surrogatepass")) for part in re.split(r"[/\\]", text))
    if size > PATH_MAX or longest > NAME_MAX:
        raise CorpusError(f"the corpus name is too long ({size:,} bytes; a folder name may have {NAME_MAX} bytes)")


def _subfolders(folder: Path) -> list:
    try:
        with os.scandir(folder) as entries:
            return sorted(e.name for e in entries if e.is_dir() and not e.name.startswith("."))
    except OSError:
        return []


def _walk(base: Path, depth: int, outside) -> list:
    """Relative names of the visible folders under `base`, `depth` levels deep, none that leave the root."""
    if depth <= 0:
        return []
    names = []
    for name in _subfolders(base):
        if not outside(Path(os.path.realpath(base / name))):
            names += [name] + [f"{name}/{sub}" for sub in _walk(base / name, depth - 1, outside)]
    return names


def root_from_args(argv: list, environ) -> tuple:
    """Return (CorpusRoot, name of the corpus to open first, message or None) from --root/--corpus or the environment.

    `--root` (or $CLAIMS_ROOT) sets the root; `--corpus` (or $CLAIMS_CORPUS) the first corpus, which must lie
    under it. A corpus given without a root that is not under the default root becomes the root itself: the
    person who starts the server chose it."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--root")
    parser.add_argument("--corpus")
    known, _ = parser.parse_known_args(argv)
    root_arg, corpus_arg = known.root or environ.get(ROOT_ENV), known.corpus or environ.get(CORPUS_ENV)
    default = CorpusRoot.default()
    if root_arg and not Path(root_arg).is_dir():
        return default, "seeds", f"The corpus root {root_arg} is not a folder; using the project's seeds/ and corpora/."
    if root_arg:
        root = CorpusRoot(Path(root_arg).resolve())
        return _first(root, corpus_arg) if corpus_arg else (root, ".", None)
    if corpus_arg:
        try:
            return default, default.name_of(corpus_arg), None
        except CorpusError:
            if Path(corpus_arg).is_dir():
                return CorpusRoot(Path(corpus_arg).resolve()), ".", None
            return default, "seeds", f"The corpus {corpus_arg} is not a folder; opening the seeds."
    return default, "seeds", None


def _first(root: CorpusRoot, corpus: str) -> tuple:
    try:
        return root, root.name_of(root.folder / corpus), None
    except CorpusError as exc:
        return root, ".", f"{exc}; opening {root.label('.')} instead."

"""The extractor's version: a digest of the code and word lists of core/, so that any edit to them invalidates
cached claims. Its own module, without spaCy, so that a process that only reads the cache starts fast."""
import hashlib
from functools import cache
from pathlib import Path


@cache
def code_version() -> str:
    """A 16-hex-digit digest of core/*.py and core/data/*."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for path in sorted([*here.glob("*.py"), *(here / "data").iterdir()]):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]

"""Corpus loads shared by every session of the server, each in a thread of its own.

One load per folder content runs at a time, whoever asked first; a session that finds it running shows the
folder as it last finished loading instead of waiting for a long extraction, and the load's progress.
"""
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field


@dataclass
class Job:
    """One load of a folder's content: its progress, then its result or error."""

    started: float = field(default_factory=time.monotonic)
    done: int = 0
    total: int = 0
    result: object = None
    error: BaseException | None = None
    finished: threading.Event = field(default_factory=threading.Event)

    def progress(self, done: int, total: int) -> None:
        """The callback a load calls after each file."""
        self.done, self.total = done, total

    def seconds_left(self) -> float | None:
        """The time left at the pace so far, None before the first file is done."""
        if not self.done or not self.total:
            return None
        return (time.monotonic() - self.started) / self.done * (self.total - self.done)


class Loads:
    """Runs `load(folder, *args, progress=callback)` once per (folder, key), keeping the last `keep` results."""

    def __init__(self, load, keep: int = 8):
        self._load, self._keep = load, keep
        self._jobs: OrderedDict = OrderedDict()
        self._latest: dict = {}  # folder -> the result of its last finished load
        self._lock = threading.Lock()

    def start(self, folder: str, key: str, *args) -> tuple:
        """Return (job of this folder content, True when this call started it)."""
        with self._lock:
            job = self._jobs.get((folder, key))
            if job is not None and not job.error:
                self._jobs.move_to_end((folder, key))
                return job, False
            job = self._jobs[(folder, key)] = Job()
            while len(self._jobs) > self._keep:
                self._jobs.popitem(last=False)
        threading.Thread(target=self._run, args=(job, folder, args), daemon=True, name=f"load {folder}").start()
        return job, True

    def latest(self, folder: str):
        """The result of the folder's last finished load, or None."""
        return self._latest.get(folder)

    def _run(self, job: Job, folder: str, args: tuple) -> None:
        try:
            job.result = self._load(folder, *args, progress=job.progress)
            self._latest[folder] = job.result
        except BaseException as exc:  # handed to the sessions that wait for it, never lost in the thread
            job.error = exc
        finally:
            job.finished.set()

"""ui.loading: one load per folder content, shared by every session, with its progress and its error."""
import threading

import pytest

from ui.loading import Loads


def test_one_load_per_folder_content_shared_by_every_caller():
    calls, release = [], threading.Event()

    def load(folder, text, progress):
        calls.append(text)
        release.wait(10)
        progress(1, 2)
        return text.upper()

    loads = Loads(load)
    first, started = loads.start("f", "k1", "eins")
    again, started_again = loads.start("f", "k1", "eins")
    assert (again, started, started_again) == (first, True, False)
    assert loads.latest("f") is None  # nothing finished yet
    release.set()
    assert first.finished.wait(10) and first.result == "EINS" and (first.done, first.total) == (1, 2)
    assert loads.latest("f") == "EINS" and calls == ["eins"]
    second, _ = loads.start("f", "k2", "zwei")
    second.finished.wait(10)
    assert loads.latest("f") == "ZWEI"


def test_a_failed_load_hands_its_error_over_and_is_tried_again():
    outcomes = iter([OSError("weg"), "geladen"])

    def load(folder, progress):
        outcome = next(outcomes)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    loads = Loads(load)
    failed, _ = loads.start("f", "k")
    failed.finished.wait(10)
    assert isinstance(failed.error, OSError) and loads.latest("f") is None
    retried, started = loads.start("f", "k")
    retried.finished.wait(10)
    assert started and retried.result == "geladen"


def test_only_the_last_loads_are_kept():
    loads = Loads(lambda folder, key, progress: key, keep=2)
    jobs = [loads.start("f", key, key)[0] for key in ("a", "b", "c")]
    for job in jobs:
        job.finished.wait(10)
    assert loads.start("f", "c", "c")[1] is False
    assert loads.start("f", "a", "a")[1] is True  # dropped, loaded again


@pytest.mark.parametrize("done, total, left", [(0, 10, None), (5, 10, "some")])
def test_seconds_left_once_a_file_is_done(done, total, left):
    job = Loads(lambda folder, progress: None).start("f", "k")[0]
    job.progress(done, total)
    assert (job.seconds_left() is None) == (left is None)

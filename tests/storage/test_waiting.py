"""Waiting for the lock without blocking: a thread that asked (the app's file worker) is told how
long it has waited, waits until the lock frees, and may give up with nothing written."""

from __future__ import annotations

import threading

import pytest
from tests.processes import LockHolder

from okrtui.storage.errors import LockTimeout
from okrtui.storage.repository import Repository
from okrtui.storage.waiting import StoppedWaiting


def test_a_patient_write_is_told_while_it_waits_and_saved_when_the_lock_frees(demo_path):
    repo = Repository(demo_path, lock_timeout=0.2)  # the default patience would fail after 0.2 s
    waited: list[float] = []
    with LockHolder(demo_path, 1.5):
        with repo.waiting(waited.append):
            saved, _kr = repo.record_checkin(1, 40)
    assert waited[-1] >= 1.0 and waited == sorted(waited) and len(waited) > 5
    assert repo.load().key_result(1).current == 40 and saved.value == 40


def test_giving_up_writes_nothing_and_other_threads_keep_the_default(demo_path):
    repo = Repository(demo_path, lock_timeout=0.3)
    before = demo_path.read_bytes()

    def give_up(seconds: float) -> None:
        if seconds > 0.2:
            raise StoppedWaiting("stopped")

    with LockHolder(demo_path, 5):
        with repo.waiting(give_up):
            with pytest.raises(StoppedWaiting):
                repo.record_checkin(1, 40)
            # Another thread did not ask for patience: it fails after the store's lock_timeout.
            errors: list[Exception] = []
            thread = threading.Thread(target=lambda: _catch(errors, lambda: repo.record_checkin(1, 5)))
            thread.start()
            thread.join()
            assert isinstance(errors[0], LockTimeout)
        with repo.waiting(timeout=0.3), pytest.raises(LockTimeout):
            repo.record_checkin(1, 3004)
    assert demo_path.read_bytes() == before


def _catch(errors: list[Exception], work) -> None:
    try:
        work()
    except Exception as error:  # noqa: BLE001 - handed to the test
        errors.append(error)

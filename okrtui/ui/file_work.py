"""The app's file work, off the event loop: every read and write of the database runs in a Textual
thread worker, one at a time and in the order asked, so the UI never waits on the file.

A write whose lock is held by another process waits for it (storage's `Store.waiting`): after
WAIT_NOTICE_SECONDS the screen shows "waiting for <file> (held by another writer)", keys keep
working, and the change is saved when the lock frees. A write that fails (a read-only file, a
record deleted meanwhile, a bad file) is reported with a sentence: never silently dropped.
Results come back on the event loop; screens hear of new data through typed messages
(DataChanged, QuarterChanged), not callbacks.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any, Callable, cast

from rich.text import Text
from textual.message import Message
from textual.widgets import Static
from textual.worker import Worker, WorkerState, get_current_worker

from okrtui.domain.validation import InvalidInput
from okrtui.domain.workspace import Workspace
from okrtui.i18n import _
from okrtui.storage.errors import DatabaseError, NotFound
from okrtui.storage.history import ChangedSince, NothingToUndo, NotYours
from okrtui.storage.waiting import StoppedWaiting
from okrtui.ui.app_access import AppMixinBase

WAIT_NOTICE_SECONDS = 0.3  # a lock held longer than this gets the waiting line
WAIT_UPDATE_SECONDS = 0.5  # then the line's seconds are refreshed this often
FILE_GROUP = "file"
# What a write may answer with a sentence (the history's refusals too: nothing to undo, changed since,
# someone else's comment or check-in).
WRITE_ERRORS = (DatabaseError, NotFound, InvalidInput, NothingToUndo, ChangedSince, NotYours)


class DataChanged(Message, bubble=False):
    """The app's workspace was re-read (after a write, or a change by another process)."""


class QuarterChanged(Message, bubble=False):
    """The app moved to another quarter ([ and ])."""


class FileWaiting(Message):
    """A write has waited `seconds` for the lock another process holds (posted from the worker)."""

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds


class WaitingLine(Static):
    """One line at the bottom of the screen while a write waits for the file."""

    DEFAULT_CSS = """
    WaitingLine { dock: bottom; height: 1; padding: 0 1; background: $warning 30%; color: $foreground;
                  text-style: bold; offset-y: -1; }
    """


@dataclass
class FileJob:
    """One unit of file work. `action` (a write) runs in the worker thread; None only re-reads the
    file if it changed. `done(result)` and `failed(error)` run on the event loop afterwards."""

    action: Callable[[], Any] | None = None
    done: Callable[[Any], object] | None = None
    failed: Callable[[Exception], None] | None = None
    token: Any = None  # for a re-read: the file's stat when last read


@dataclass
class Outcome:
    job: FileJob
    result: Any = None
    error: Exception | None = None
    workspace: Workspace | None = None
    load_error: DatabaseError | None = None
    token: Any = None
    read: bool = False


class FileWork(AppMixinBase):
    """Mixed into OkrApp (which provides repo, workspace, notify, run_worker, screen_stack...)."""

    def _init_file_work(self) -> None:
        self._file_jobs: deque[FileJob] = deque()
        self._file_job: FileJob | None = None
        self._waiting_line: WaitingLine | None = None

    # ---- what screens call --------------------------------------------------

    def write(self, action: Callable[[], Any], done: Callable[[Any], object] | None = None,
              failed: Callable[[Exception], None] | None = None) -> None:
        """Run a repository write in the file worker; then re-read the file and announce DataChanged.

        `done(result)` follows a saved write. A failure is `failed(error)`'s to report, or, without
        it, a notice with the sentence; either way the data is re-read."""
        self._file_queue(FileJob(action, done, failed))

    def reload(self, done: Callable[[Any], object] | None = None) -> None:
        """Re-read the file (in the worker), announce DataChanged, then `done(None)`."""
        self._file_queue(FileJob(None, done, token=object()))  # a token nothing equals: read whatever is there

    def poll(self) -> None:
        """Notice writes by other processes (a check-in over SSH) by the file's stat; skipped while
        file work is queued or running (a pending save is not overtaken by a re-sort)."""
        if self.file_idle:
            self._file_queue(FileJob(None, token=self._token))

    @property
    def file_idle(self) -> bool:
        """No file work queued or running."""
        return self._file_job is None and not self._file_jobs

    @property
    def writes_pending(self) -> int:
        """Writes asked for and not yet finished (saved or reported)."""
        return sum(1 for job in [self._file_job, *self._file_jobs] if job is not None and job.action is not None)

    # ---- the worker --------------------------------------------------------------

    def _file_queue(self, job: FileJob) -> None:
        self._file_jobs.append(job)
        self._file_next()

    def _file_next(self) -> None:
        if self._file_job is not None or not self._file_jobs:
            return
        job = self._file_job = self._file_jobs.popleft()
        self.run_worker(lambda: self._file_work(job), thread=True, group=FILE_GROUP,
                        description="okrtui file work")  # a bug in it is a crash report, as anywhere

    def _file_work(self, job: FileJob) -> Outcome:
        """In the worker thread: the write (waiting for the lock as long as it takes), then the read."""
        repo = self.repo
        outcome = Outcome(job)
        if job.action is not None:
            worker = get_current_worker()
            notices: list[float] = []

            def on_wait(seconds: float) -> None:
                if worker.is_cancelled:  # the app is closing
                    raise StoppedWaiting(_("stopped waiting for {path}; nothing was saved").format(path=repo.path))
                if seconds >= WAIT_NOTICE_SECONDS and (not notices or seconds - notices[-1] >= WAIT_UPDATE_SECONDS):
                    notices.append(seconds)
                    self.post_message(FileWaiting(seconds))  # thread-safe

            with repo.waiting(on_wait):
                try:
                    outcome.result = job.action()
                except WRITE_ERRORS as error:
                    outcome.error = error
        outcome.token = repo.stat_token()
        if job.action is None and outcome.token == job.token:
            return outcome  # unchanged: nothing to read
        outcome.read = True
        try:
            outcome.workspace = repo.load(missing_ok=True)
            outcome.workspace.changes  # noqa: B018 - the log read in the worker, a refused line reported as the file's
        except DatabaseError as error:
            outcome.load_error = error
        return outcome

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != FILE_GROUP or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR,
                                                                   WorkerState.CANCELLED):
            return
        self._file_job = None
        self._hide_waiting()
        if event.state == WorkerState.SUCCESS:
            self._file_finish(cast(Outcome, event.worker.result))  # what _file_work returned
        self._file_next()

    def _file_finish(self, outcome: Outcome) -> None:
        job = outcome.job
        if outcome.read:
            self._token = outcome.token
            if outcome.load_error is not None:
                # Keep showing the last good state, with a banner saying why; the file is left as it is.
                self.file_problem = str(outcome.load_error)
                self.redraw()
            elif outcome.workspace is not None:
                self.file_problem = None
                self.workspace = outcome.workspace
                self.announce(DataChanged)
        error = outcome.error
        if error is not None:
            self._after_screens(lambda: self._file_report(job, error))
        elif job.done is not None:
            done = job.done
            self._after_screens(lambda: done(outcome.result))

    def _after_screens(self, callback: Callable[[], object]) -> None:
        """Run `callback` once every screen of the mode has handled the messages posted so far
        (DataChanged above all), so that it sees the lists redrawn with the new data."""
        screens = list(self.screen_stack)
        left = [len(screens)]

        def one_done() -> None:
            left[0] -= 1
            if left[0] == 0:
                callback()

        if not screens:
            callback()
        for screen in screens:
            if not screen.call_later(one_done):  # a screen closing meanwhile counts as done
                one_done()

    def _file_report(self, job: FileJob, error: BaseException) -> None:
        if job.failed is not None and isinstance(error, Exception):
            job.failed(error)
        else:
            self.notify(str(error), severity="error", markup=False, timeout=8)

    def announce(self, message: type[Message]) -> None:
        """Tell every screen of the current mode (modal ones too); others redraw when resumed."""
        for screen in list(self.screen_stack):
            screen.post_message(message())

    # ---- the waiting line ----------------------------------------------------------

    def on_file_waiting(self, message: FileWaiting) -> None:
        if self._file_job is None:
            return  # the write finished meanwhile
        text = Text(_("waiting for {file} (held by another writer) · {n} s · the change is kept and saved when it frees")
                    .format(file=self.repo.path.name, n=int(message.seconds)))
        line = self._waiting_line
        screen = self.screen
        if line is not None and line.parent is screen:
            line.update(text)
            return
        if line is not None:
            line.remove()
        self._waiting_line = WaitingLine(text)
        screen.mount(self._waiting_line)

    @property
    def waiting_text(self) -> str:
        """The waiting line as shown, or "" when no write waits."""
        line = self._waiting_line
        return str(line.content) if line is not None and line.is_mounted else ""

    def _hide_waiting(self) -> None:
        if self._waiting_line is not None:
            self._waiting_line.remove()
            self._waiting_line = None

"""A read-only app (each visitor of `okrtui serve`): the repository already refuses every write;
these guards keep the app from leaving anything else behind or handing files out: no screenshot,
no process suspended for an editor. Config (theme, language) and reports check `read_only` too."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from textual.app import SuspendNotSupported

from okrtui.i18n import _
from okrtui.ui.app_access import AppMixinBase


class ReadOnlyGuards(AppMixinBase):
    """Mixed into the App class before textual's App; read-only follows the app's repository."""

    @property
    def read_only(self) -> bool:
        return bool(getattr(getattr(self, "repo", None), "read_only", False))

    def refuse_files(self) -> None:
        self.notify(_("this screen is read-only: it saves no files"), severity="warning", markup=False)

    def get_system_commands(self, screen):
        for command in super().get_system_commands(screen):
            if not (self.read_only and command.title == "Screenshot"):
                yield command

    def deliver_screenshot(self, *args, **kwargs) -> str | None:
        if self.read_only:
            self.refuse_files()
            return None
        return super().deliver_screenshot(*args, **kwargs)

    def save_screenshot(self, *args, **kwargs) -> str:
        if self.read_only:
            raise PermissionError(_("this screen is read-only: it saves no files"))
        return super().save_screenshot(*args, **kwargs)

    @contextmanager
    def suspend(self) -> Iterator[None]:
        if self.read_only:  # an editor would run on the server, with the server's rights
            raise SuspendNotSupported(_("this screen is read-only: it opens no editor"))
        with super().suspend():
            yield

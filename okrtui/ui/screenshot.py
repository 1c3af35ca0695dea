"""Screenshots saved on this machine are made like every other file okrtui writes (storage/files)."""

from __future__ import annotations

import os
from pathlib import Path

from okrtui.i18n import _
from okrtui.storage.errors import Unwritable
from okrtui.storage.files import write_output
from okrtui.ui.app_access import AppMixinBase


class PrivateScreenshots(AppMixinBase):
    """Mixed into the App class before textual's App, whose own saving opens the final name with
    open(), following a link planted there, and leaves the mode to the umask."""

    def save_screenshot(self, filename: str | None = None, path: str | None = None,
                        time_format: str | None = None) -> str:
        stamp = self.clock.local().strftime(time_format or "%Y-%m-%dT%H_%M_%S")
        target = Path(os.path.expanduser(os.path.join(path or "./", filename or f"okrtui_{stamp}.svg")))
        write_output(target, self.export_screenshot().encode("utf-8"))
        return str(target)

    def deliver_screenshot(self, filename: str | None = None, path: str | None = None,
                           time_format: str | None = None) -> str | None:
        if self.is_web:  # the browser downloads it: no file here
            return super().deliver_screenshot(filename, path, time_format)
        from platformdirs import user_downloads_path

        # ~/Downloads where there is one; an SSH host usually has none: then the current folder.
        downloads = user_downloads_path()
        folder = path or str(downloads if downloads.is_dir() else Path.cwd())
        try:
            saved = self.save_screenshot(filename, folder, time_format)
        except Unwritable as error:
            self.notify(str(error), title=_("Screenshot"), severity="error", markup=False)
            return None
        self.notify(_("Saved the screenshot to {path}").format(path=saved), title=_("Screenshot"),
                    markup=False)
        return None

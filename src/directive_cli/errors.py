"""The errors dtrack reports to the clerk: every one the CLI turns into a message derives from
DtrackError. Problems in the data are not errors but Diagnostics (diagnostics.py), collected and
shown all at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .diagnostics import Diagnostic


class DtrackError(Exception):
    """Something dtrack cannot do, said in Vietnamese (str(error)); never a bug. One that leaves
    a command uncaught is shown by cli.main as 'dtrack: lỗi: …' with `exit_code`."""

    exit_code = 1


class DataFolderError(DtrackError):
    """The data folder itself is missing or unusable: nothing to load."""


class EditError(DtrackError):
    """The edit cannot be made; the file is untouched. `diagnostics` say why, when there are any."""

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.diagnostics = diagnostics or []


class ChangedOnDisk(EditError):
    """The file is not what was read: someone (or an editor) saved it meanwhile."""

"""What every page is given: the database's runner, the settings, the undo stack, who is
working, and a way to open any record. Passed explicitly; there is no global app object."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from relman.storage import Database
from relman.ui.runner import Runner
from relman.ui.settings import Settings


class Navigator(QObject):
    """``open_record.emit(kind, id)`` asks the window to show a record (kind as in search:
    unit, contact, service, staff, interview, expectation, escalation, meeting, ...)."""

    open_record = Signal(str, object)
    me_changed = Signal(object)


@dataclass
class AppContext:
    db: Database
    runner: Runner
    settings: Settings
    undo: QUndoStack
    navigator: Navigator = field(default_factory=Navigator)
    me: uuid.UUID | None = None

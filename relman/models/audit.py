"""The audit trail: every command that changed the data, who ran it, when, with what.

A log, not part of the records it names: its columns hold ids and names as they were, with
no foreign keys, so that deleting or archiving a record never touches what was done to it,
and undoing a creation never has to take its audit lines with it.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from relman.models.base import Base, utcnow


class CommandRecord(Base):
    __tablename__ = "command_log"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: the staff member who ran it, and their name then (None and "" when nobody was chosen)
    author_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    author: Mapped[str] = mapped_column(String(200), default="")
    #: the command's name (``update_unit``) and what the user saw it called
    name: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(String(300), default="")
    #: the record the command was about, for the history of that record
    subject_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    #: its arguments and result as plain JSON (relman.workflows.plain)
    args: Mapped[str] = mapped_column(Text, default="{}")
    result: Mapped[str] = mapped_column(Text, default="null")

    __table_args__ = (
        Index("ix_command_log_subject_id", "subject_id"),
        Index("ix_command_log_at", "at"),
    )

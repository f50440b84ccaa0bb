"""Window state and preferences: one typed object over QSettings, defaults declared once.

Everything the window remembers between runs goes through :class:`Settings`; no other
module touches QSettings. Tests pass a QSettings backed by a file in a temporary folder.
"""

from __future__ import annotations

import hashlib
import uuid

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 8


class Settings:
    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store if store is not None else QSettings("relman", "relman")

    # -- raw access with declared types -------------------------------------------------
    def _bytes(self, key: str) -> QByteArray | None:
        value = self.store.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def _str(self, key: str, default: str) -> str:
        value = self.store.value(key, default)
        return value if isinstance(value, str) else default

    def _list(self, key: str) -> list[str]:
        value = self.store.value(key, [])
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value] if isinstance(value, list) else []

    # -- the settings ----------------------------------------------------------------------
    @property
    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self.store.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self.store.setValue("window/state", value)

    def splitter(self, name: str) -> QByteArray | None:
        return self._bytes(f"splitters/{name}")

    def set_splitter(self, name: str, value: QByteArray) -> None:
        self.store.setValue(f"splitters/{name}", value)

    @property
    def last_page(self) -> str:
        return self._str("window/last_page", "dashboard")

    @last_page.setter
    def last_page(self, value: str) -> None:
        self.store.setValue("window/last_page", value)

    def flag(self, name: str, default: bool = False) -> bool:
        """A remembered on/off choice of a page ("contacts/show_archived")."""
        return self._str(f"flags/{name}", "true" if default else "false") == "true"

    def set_flag(self, name: str, value: bool) -> None:
        self.store.setValue(f"flags/{name}", "true" if value else "false")

    @property
    def only_my_units(self) -> bool:
        return self._str("lists/only_my_units", "false") == "true"

    @only_my_units.setter
    def only_my_units(self, value: bool) -> None:
        self.store.setValue("lists/only_my_units", "true" if value else "false")

    @property
    def recent_files(self) -> list[str]:
        return self._list("files/recent")

    def add_recent_file(self, path: str) -> None:
        files = [path] + [f for f in self.recent_files if f != path]
        self.store.setValue("files/recent", files[:MAX_RECENT])

    # -- who I am, per database ------------------------------------------------------------
    # "Who I am" belongs to the person at the keyboard, not to the data: on a shared
    # database one person's choice must not make them the author of everyone's steps. It
    # is kept here, one entry per database (its path, or its URL without the password), so
    # that each file remembers its own "me".
    @staticmethod
    def _identity_group(database: str) -> str:
        return "identity/" + hashlib.sha256(database.encode("utf-8")).hexdigest()[:20]

    def me(self, database: str) -> uuid.UUID | None:
        """The staff member this person chose to be on ``database``, if they chose."""
        value = self._str(f"{self._identity_group(database)}/me", "")
        try:
            return uuid.UUID(value) if value else None
        except ValueError:
            return None

    def set_me(self, database: str, staff_id: uuid.UUID | None) -> None:
        group = self._identity_group(database)
        self.store.setValue(f"{group}/database", database)  # for a person reading the file
        self.store.setValue(f"{group}/me", str(staff_id) if staff_id else "")

    def sync(self) -> None:
        self.store.sync()

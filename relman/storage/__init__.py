"""How data is stored: engine and sessions, migrations, backups, checks, the search index."""

from relman.storage.database import Database, open_database

__all__ = ["Database", "open_database"]

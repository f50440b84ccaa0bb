"""A session records the tables its statements read and wrote (relman/storage/reads.py): the
change notification of the window is derived from it."""

from __future__ import annotations

from sqlalchemy import delete, update

from relman.models import BusinessUnit, Service
from relman.storage import Database
from relman.storage.reads import touched, with_side_effects, written
from relman.workflows import measurements, portfolio, search


def test_a_read_session_records_exactly_the_tables_a_workflow_query_read(
    db: Database, people
) -> None:
    with db.read_session() as s:
        assert touched(s) == set()
        measurements.unexplained_misses(s)
        assert touched(s) == {"measurements", "expectations", "business_units", "services", "staff"}
        assert written(s) == set()


def test_raw_sql_records_the_tables_it_names(db: Database, people) -> None:
    with db.read_session() as s:
        search.search(s, "anything")
        assert touched(s) == {"search_fts", "search_doc"}


def test_a_write_records_what_its_flush_and_core_statements_wrote(db: Database, people) -> None:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Sales", rms=[people.rm])
        s.execute(update(Service).values(owner="x"))  # Core: no ORM object is flushed
        assert written(s) >= {"business_units", "unit_rms", "services"}
        assert "staff" not in written(s), "a table only read is not written"
    with db.session() as s:
        s.execute(delete(BusinessUnit).where(BusinessUnit.id == unit.id))
        # the database's ON DELETE CASCADE changes the unit's links too
        assert {"business_units", "unit_rms", "contacts", "unit_services"} <= written(s)
    assert with_side_effects({"contacts"}) == {"contacts", "search_doc", "search_fts"}
    assert with_side_effects({"unit_rms"}) == {"unit_rms"}

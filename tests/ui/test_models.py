"""The table model every list uses, checked by qtmodeltester with real rows."""

from __future__ import annotations

from PySide6.QtCore import Qt

from relman.models import Criticality
from relman.storage import Database
from relman.ui.pages.contacts import ContactsPage
from relman.ui.pages.services import ServicesPage
from relman.ui.pages.staff import StaffPage
from relman.ui.pages.units import UnitsPage
from relman.ui.table_model import SORT_ROLE, RowTableModel, filtered
from relman.workflows import contacts, dashboard, portfolio, staff


def test_every_list_model_passes_qtmodeltester(qtmodeltester, db: Database, people) -> None:
    with db.session() as s:
        unit = portfolio.create_unit(
            s, "Sales <&>", criticality=Criticality.CRITICAL, rms=[people.rm]
        )
        portfolio.create_unit(s, "Finance")
        portfolio.create_service(s, "SAP Financials")
        contacts.create_contact(s, "Zoë Müller", unit_id=unit.id)
        contacts.create_contact(s, "مريم", title="=1+1")
    with db.read_session() as s:
        feeds = {
            UnitsPage: dashboard.units(s),
            ContactsPage: contacts.contact_rows(s),
            ServicesPage: portfolio.service_rows(s),
            StaffPage: staff.staff_rows(s),
        }
    for page, rows in feeds.items():
        model = RowTableModel(page.columns)
        model.set_rows(rows)
        assert model.rowCount() == len(rows) > 0
        qtmodeltester.check(model, force_py=True)
        proxy = filtered(model)
        proxy.sort(0, Qt.SortOrder.DescendingOrder)
        qtmodeltester.check(proxy, force_py=True)


def test_sorting_uses_each_columns_sort_key(db: Database) -> None:
    with db.session() as s:
        for name, crit in (
            ("A", Criticality.LOW),
            ("B", Criticality.CRITICAL),
            ("C", Criticality.MEDIUM),
        ):
            portfolio.create_unit(s, name, criticality=crit)
    with db.read_session() as s:
        rows = dashboard.units(s)
    model = RowTableModel(UnitsPage.columns)
    model.set_rows(rows)
    proxy = filtered(model)
    proxy.sort(2, Qt.SortOrder.AscendingOrder)  # criticality: by rank, not by alphabet
    order = [proxy.index(r, 0).data() for r in range(3)]
    assert order == ["A", "C", "B"]
    proxy.setFilterFixedString("crit")
    assert proxy.rowCount() == 1
    last_review = model.index(0, 6).data(SORT_ROLE)
    assert last_review == ""  # never reviewed sorts first, without mixing types

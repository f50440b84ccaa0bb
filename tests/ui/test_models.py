"""The table model every list uses, checked by qtmodeltester with real rows."""

from __future__ import annotations

from PySide6.QtCore import Qt

from relman.models import Criticality
from relman.storage import Database
from relman.ui.pages.contacts import ContactsPage
from relman.ui.pages.services import ServicesPage
from relman.ui.pages.staff import StaffPage
from relman.ui.pages.units import UnitsPage
from relman.ui.table_model import RowTableModel
from relman.workflows import contacts, dashboard, portfolio, services, staff


def test_every_list_model_passes_qtmodeltester(qtmodeltester, db: Database, people) -> None:
    with db.session() as s:
        unit = portfolio.create_unit(
            s, "Sales <&>", criticality=Criticality.CRITICAL, rms=[people.rm]
        )
        portfolio.create_unit(s, "Finance")
        services.create_service(s, "SAP Financials")
        contacts.create_contact(s, "Zoë Müller", unit_id=unit.id)
        contacts.create_contact(s, "مريم", title="=1+1")
    with db.read_session() as s:
        feeds = {
            UnitsPage: dashboard.units(s),
            ContactsPage: contacts.contact_rows(s),
            ServicesPage: services.service_rows(s),
            StaffPage: staff.staff_rows(s),
        }
    for page, rows in feeds.items():
        model = RowTableModel(page.columns)
        model.set_rows(rows)
        assert model.rowCount() == len(rows) > 0
        qtmodeltester.check(model, force_py=True)
        model.sort(0, Qt.SortOrder.DescendingOrder)
        model.set_filter("a")
        qtmodeltester.check(model, force_py=True)


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
    model.sort(2, Qt.SortOrder.AscendingOrder)  # criticality: by rank, not by alphabet
    assert [model.index(r, 0).data() for r in range(3)] == ["A", "C", "B"]
    model.sort(6, Qt.SortOrder.DescendingOrder)  # never reviewed: mixes no dates and no error
    assert model.rowCount() == 3
    model.set_filter("CRIT")
    assert [r.name for r in model.rows] == ["B"]
    model.set_filter("")
    assert model.rowCount() == 3


def test_sorting_keeps_the_selected_row_selected(qtbot, db: Database, people) -> None:
    from PySide6.QtWidgets import QTableView

    with db.session() as s:
        for name in ("Beta", "Alpha", "Gamma"):
            portfolio.create_unit(s, name)
    with db.read_session() as s:
        rows = dashboard.units(s)
    model = RowTableModel(UnitsPage.columns)
    model.set_rows(rows)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.selectRow(model.find(lambda r: r.name == "Gamma"))
    model.sort(0, Qt.SortOrder.DescendingOrder)
    selected = view.selectionModel().selectedRows()
    assert [model.row_at(i.row()).name for i in selected] == ["Gamma"]
    assert model.row_at(0).name == "Gamma"

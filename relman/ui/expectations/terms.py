"""The terms of an agreement as a form: target, unit of measure, type of measurement,
frequency, direction and review date, each refused beside its field. Used to agree an
expectation and to resolve an escalation with an agreed target."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from relman.errors import ValidationError
from relman.models import Direction, Frequency, MeasurementType
from relman.ui.dialogs.form import INVALID_STYLE
from relman.workflows.common import number
from relman.workflows.expectations import Terms, value_range

TYPE_LABELS = {
    MeasurementType.AVAILABILITY: "Availability",
    MeasurementType.RESPONSE_TIME: "Response time",
    MeasurementType.RESOLUTION_TIME: "Resolution time",
    MeasurementType.SATISFACTION: "Satisfaction score",
    MeasurementType.DELIVERY_DATE: "Delivery date",
    MeasurementType.THROUGHPUT: "Throughput",
    MeasurementType.OTHER: "Other",
}
#: Days from agreeing to reviewing the terms, when the form opens.
REVIEW_AFTER_DAYS = 91


class TermsForm(QWidget):
    """The fields of :class:`relman.workflows.expectations.Terms`. :meth:`check` refuses
    what can be seen to be wrong before saving; :meth:`mark` shows a workflow's
    ValidationError beside the field it names."""

    FIELDS = ("target", "target_unit", "measurement_type", "frequency", "direction", "review_on")

    def __init__(self, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.today = today or dt.date.today()
        self.target = QLineEdit(placeholderText="e.g. 99.5")
        self.target_unit = QLineEdit(placeholderText="e.g. %, hours, days")
        self.target_unit.setMaxLength(41)
        self.measurement_type = QComboBox()
        self.measurement_type.addItem("(choose)", None)
        for mtype, label in TYPE_LABELS.items():
            self.measurement_type.addItem(label, mtype)
        self.frequency = QComboBox()
        self.frequency.addItem("(choose)", None)
        for freq in Frequency:
            self.frequency.addItem(freq.value.capitalize(), freq)
        self.direction = QComboBox()
        self.direction.addItem("As usual for the type", None)
        self.direction.addItem("Met when at least the target", Direction.AT_LEAST)
        self.direction.addItem("Met when at most the target", Direction.AT_MOST)
        self.review_on = QDateEdit(calendarPopup=True)
        self.review_on.setDisplayFormat("yyyy-MM-dd")
        self.set_review_on(self.today + dt.timedelta(days=REVIEW_AFTER_DAYS))
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        labels = {
            "target": "Target *",
            "target_unit": "Unit of measure",
            "measurement_type": "Measurement type *",
            "frequency": "Measured *",
            "direction": "Met when",
            "review_on": "Review on",
        }
        for name in self.FIELDS:
            editor = self.editor(name)
            editor.setObjectName(name)
            error = QLabel()
            error.setObjectName(f"error_{name}")
            error.setStyleSheet("color: #c0392b;")
            error.setWordWrap(True)
            error.hide()
            self.errors[name] = error
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(editor)
            box.addWidget(error)
            form.addRow(labels[name], box)
        self.target.textChanged.connect(lambda _t: self.mark("target", ""))
        self.measurement_type.currentIndexChanged.connect(self._type_chosen)

    def editor(self, name: str) -> QWidget:
        return getattr(self, name)

    def _type_chosen(self, _index: int) -> None:
        self.mark("measurement_type", "")
        mtype = self.measurement_type.currentData()
        if mtype is MeasurementType.AVAILABILITY and not self.target_unit.text():
            self.target_unit.setText("%")

    # -- values ---------------------------------------------------------------------------
    def set_review_on(self, day: dt.date) -> None:
        self.review_on.setDate(QDate(day.year, day.month, day.day))

    def set_terms(self, terms: Terms) -> None:
        """Start from earlier terms (the last agreement, a proposal's target)."""
        if terms.target is not None:
            self.target.setText(f"{float(terms.target):g}")
        self.target_unit.setText(terms.target_unit or "")
        for combo, value in (
            (self.measurement_type, terms.measurement_type),
            (self.frequency, terms.frequency),
            (self.direction, terms.direction),
        ):
            found = next((i for i in range(combo.count()) if combo.itemData(i) == value), 0)
            combo.setCurrentIndex(found)
        if terms.review_on is not None and terms.review_on >= self.today:
            self.set_review_on(terms.review_on)

    def terms(self) -> Terms:
        return Terms(
            target=self.target.text().strip() or None,
            measurement_type=self.measurement_type.currentData(),
            frequency=self.frequency.currentData(),
            target_unit=self.target_unit.text(),
            direction=self.direction.currentData(),
            review_on=self.review_on.date().toPython(),
        )

    # -- checking -------------------------------------------------------------------------
    def check(self) -> bool:
        """Mark every field that is missing or impossible; True when none is."""
        terms = self.terms()
        problems = dict.fromkeys(self.FIELDS, "")
        if terms.target is None:
            problems["target"] = "Give the target agreed, e.g. 99.5."
        else:
            low, high = value_range(terms.measurement_type, terms.target_unit)  # type: ignore[arg-type]
            try:
                number("target", terms.target, "The target", low=low, high=high)
            except ValidationError as exc:
                problems["target"] = exc.message
        if terms.measurement_type is None:
            problems["measurement_type"] = "Choose how it is measured."
        if terms.frequency is None:
            problems["frequency"] = "Choose how often it is measured."
        if len(terms.target_unit.strip()) > 40:
            problems["target_unit"] = "At most 40 characters."
        if terms.review_on is not None and terms.review_on < self.today:
            problems["review_on"] = "The review date cannot be in the past."
        for name, problem in problems.items():
            self.mark(name, problem)
        first = next((n for n in self.FIELDS if problems[n]), None)
        if first is not None:
            self.editor(first).setFocus()
        return first is None

    def mark(self, name: str, problem: str) -> bool:
        """Show ``problem`` beside field ``name``; False when the form has no such field."""
        if name not in self.errors:
            return False
        editor, error = self.editor(name), self.errors[name]
        editor.setStyleSheet(INVALID_STYLE if problem else "")
        editor.setProperty("invalid", bool(problem))
        error.setText(problem)
        error.setVisible(bool(problem))
        return True

    def first_problem(self) -> str:
        return next((self.errors[n].text() for n in self.FIELDS if self.errors[n].text()), "")

"""Resolving an escalation: the resolution in words and, when the managers agreed the
expectation after all, its terms in the same :class:`TermsForm` that agrees an expectation.
Each refused value is marked beside its field; nothing is saved until all are right."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from relman.errors import RelmanError, ValidationError
from relman.ui.dialogs.form import INVALID_STYLE, GuardedDialog, save_bar, state_of
from relman.ui.errors import show_error
from relman.ui.expectations.terms import TermsForm
from relman.workflows.escalation_queries import EscalationDetail
from relman.workflows.expectations import Terms

Submit = Callable[[str, Terms | None, Callable[[Any], None], Callable[[BaseException], None]], None]


class ResolveDialog(GuardedDialog):
    """``submit(resolution, terms or None, done, failed)`` saves; the dialog stays open
    with what was typed until it has, and Esc or Cancel asks before it is thrown away."""

    def __init__(
        self,
        parent: QWidget | None,
        detail: EscalationDetail,
        submit: Submit,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Resolve the escalation")
        self.setMinimumWidth(500)
        self.submit = submit
        self.resolution = QPlainTextEdit()
        self.resolution.setObjectName("resolution")
        self.resolution.setTabChangesFocus(True)
        self.resolution.setPlaceholderText("What the managers settled on, in words")
        self.resolution.setMinimumHeight(90)
        self.resolution.textChanged.connect(lambda: self._mark_resolution(""))
        self.resolution_error = QLabel()
        self.resolution_error.setStyleSheet("color: #c0392b;")
        self.resolution_error.setWordWrap(True)
        self.resolution_error.hide()
        self.agreed = QCheckBox("The expectation is &agreed on these terms")
        self.agreed.setToolTip("Unticked, it stays disagreed, with the resolution on record.")
        self.terms_form = TermsForm(self, today=today)
        exp = detail.expectation
        self.terms_form.set_terms(
            Terms(
                exp.last_proposal if exp.last_proposal is not None else exp.target,
                exp.measurement_type,
                exp.frequency,
                exp.known_unit,
                exp.direction,
                exp.review_on,
            )
        )
        self.terms_form.setEnabled(False)
        self.agreed.toggled.connect(self.terms_form.setEnabled)
        self.message, self.buttons = save_bar(self)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Resolution *"))
        layout.addWidget(self.resolution)
        layout.addWidget(self.resolution_error)
        layout.addWidget(self.agreed)
        layout.addWidget(self.terms_form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.keep_snapshot()

    def snapshot(self) -> object:
        terms = (self.terms_form.editor(name) for name in TermsForm.FIELDS)
        return state_of(self.resolution, self.agreed, *terms)

    def _mark_resolution(self, problem: str) -> None:
        self.resolution.setStyleSheet(INVALID_STYLE if problem else "")
        self.resolution_error.setText(problem)
        self.resolution_error.setVisible(bool(problem))

    def save(self) -> None:
        if not self.buttons.isEnabled():
            return
        ok = bool(self.resolution.toPlainText().strip())
        self._mark_resolution("" if ok else "The resolution cannot be empty.")
        terms_ok = not self.agreed.isChecked() or self.terms_form.check()
        if not ok:
            self.resolution.setFocus()
        if not (ok and terms_ok):
            return
        self.message.hide()
        self.buttons.setEnabled(False)
        terms = self.terms_form.terms() if self.agreed.isChecked() else None
        self.submit(self.resolution.toPlainText(), terms, lambda _r: self.accept(), self._refused)

    def _refused(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationError) and exc.field == "resolution":
            self._mark_resolution(exc.message)
            self.resolution.setFocus()
        elif isinstance(exc, ValidationError) and self.terms_form.mark(exc.field, exc.message):
            self.terms_form.editor(exc.field).setFocus()
        elif isinstance(exc, RelmanError):
            self.message.setText(exc.message)
            self.message.show()
        else:
            show_error(self, exc)

"""The method's steps on one expectation, as forms: Validate, Propose or Counter-propose,
Agree (the terms), Agree to disagree, Escalate (the two managers), Withdraw, and Reword the
customer's statement (the old wording stays in the history).

:func:`allowed_steps` says which steps the method allows from a state (the workflow's rules,
not a copy); :func:`run_step` opens the step's form and takes the step through the runner,
based on the version the caller read (a change made meanwhile by someone else is refused
with what they did), and puts it on the undo stack.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from relman.errors import ConflictError, RelmanError, RuleError, ValidationError
from relman.models import Dependence, ExpectationStatus, Party
from relman.ui.context import AppContext
from relman.ui.dialogs.form import Field, FormDialog, GuardedDialog, save_bar, state_of
from relman.ui.errors import show_error
from relman.ui.expectations.terms import TermsForm
from relman.ui.undo import perform
from relman.workflows import expectation_steps, expectation_views
from relman.workflows.commands import Command
from relman.workflows.expectation_steps import LABELS, STEPS
from relman.workflows.expectation_views import EscalationDefaults, ExpectationDetail
from relman.workflows.expectations import Terms

__all__ = ["LABELS", "STEPS", "allowed_steps", "run_step"]

#: How the Edit menu names each step ("Undo agreement of …").
NOUNS = {
    "validate": "validation",
    "propose": "proposal",
    "counter_propose": "counter-proposal",
    "agree": "agreement",
    "disagree": "agreeing to disagree",
    "escalate": "escalation",
    "withdraw": "withdrawal",
    "reword": "rewording",
}
PARTIES = [("IT", Party.IT), ("The customer", Party.CUSTOMER)]
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


def allowed_steps(status: ExpectationStatus) -> list[str]:
    """The steps the method allows from ``status``, in its order."""
    return expectation_steps.allowed_steps(status)


def run_step(
    ctx: AppContext,
    parent: QWidget,
    step: str,
    expectation_id: uuid.UUID,
    version: int,
    on_done: Callable[[], None] | None = None,
) -> None:
    """Open the form of ``step`` for the expectation read at ``version``; when saved, the
    step is taken and can be undone (Ctrl+Z). ``on_done`` runs once it is saved."""
    if step not in STEPS:
        raise ValueError(f"no such step: {step}")

    def loaded(found: tuple[ExpectationDetail, EscalationDefaults | None, str, str]) -> None:
        detail, defaults, changed, refused = found
        if changed or refused:
            show_error(parent, ConflictError(changed) if changed else RuleError(refused))
            return
        submit = _submitter(ctx, step, detail, version, on_done)
        _form(parent, step, detail, defaults, submit).open()

    def load(s: Session) -> tuple[ExpectationDetail, EscalationDefaults | None, str, str]:
        detail = expectation_views.expectation_detail(s, expectation_id)
        defaults = None
        if step == "escalate":
            defaults = expectation_views.escalation_defaults(s, expectation_id, ctx.me)
        # someone else took a step since the caller read it: say what, before any typing
        changed = (
            expectation_views.changed_since(s, expectation_id) if detail.version != version else ""
        )
        return detail, defaults, changed, expectation_steps.refusal(step, detail.status)

    ctx.runner.read(load, loaded)


# -- taking the step -------------------------------------------------------------------------


def _submitter(
    ctx: AppContext,
    step: str,
    detail: ExpectationDetail,
    version: int,
    on_done: Callable[[], None] | None,
) -> Callable[[dict[str, Any], Done, Failed], None]:
    def submit(values: dict[str, Any], done: Done, failed: Failed) -> None:
        def finished(result: Any) -> None:
            done(result)
            if on_done is not None:
                on_done()

        perform_step(ctx, step, detail, version, _arguments(step, values), finished, failed)

    return submit


def _arguments(step: str, values: dict[str, Any]) -> dict[str, Any]:
    """The form's values as the workflow's keyword arguments."""
    if step == "validate":
        return {"note": values["text"], "dependence": values["dependence"]}
    if step in ("propose", "counter_propose"):
        return {"party": values["party"], "target": values["target"], "text": values["text"]}
    if step == "agree":
        return {"terms": values["terms"], "text": values["text"]}
    if step == "reword":
        return {"statement": values["statement"]}
    if step == "escalate":
        return {
            "summary": values["summary"],
            "rm_manager_id": values["rm_manager"],
            "customer_manager_id": values["customer_manager"],
        }
    return {"text": values["text"]}


def perform_step(
    ctx: AppContext,
    step: str,
    detail: ExpectationDetail,
    version: int,
    given: dict[str, Any],
    on_done: Done,
    on_error: Failed,
) -> None:
    """Take ``step`` (the command ``take_step``) with the workflow's arguments ``given``,
    based on ``version``; undo removes what it wrote (``revert_step``)."""
    args = {"expectation_id": detail.id, "step": step, "expected_version": version, **given}
    text = f"{NOUNS[step]} of “{detail.service}” for {detail.unit}"
    command = Command("take_step", args, by=ctx.me, text=text)
    perform(ctx.runner, ctx.undo, command, on_done=on_done, on_error=on_error)


# -- the forms -------------------------------------------------------------------------------


def _form(
    parent: QWidget,
    step: str,
    detail: ExpectationDetail,
    defaults: EscalationDefaults | None,
    submit: Callable[[dict[str, Any], Done, Failed], None],
) -> QDialog:
    title = f"{LABELS[step]} — {detail.service} for {detail.unit}"
    if step == "agree":
        return AgreeDialog(parent, title, detail, submit)
    if step == "escalate":
        assert defaults is not None
        return _escalate_form(parent, title, detail, defaults, submit)
    fields, values = _fields(step, detail)
    return FormDialog(parent, title, fields, values, submit)


def _fields(step: str, detail: ExpectationDetail) -> tuple[list[Field], dict[str, Any]]:
    if step == "validate":
        levels = [("As the portfolio records it", None)] + [
            (d.value.capitalize(), d) for d in Dependence
        ]
        return [
            Field("text", "What was confirmed", "text", max_len=100_000),
            Field(
                "dependence",
                "The unit depends on it",
                "choice",
                choices=levels,
                help="Needed when the portfolio does not yet show the unit using this service.",
            ),
        ], {}
    if step in ("propose", "counter_propose"):
        last = detail.last_proposal
        unit = f" ({detail.known_unit})" if detail.known_unit else ""
        return [
            Field("party", "Proposed by", "choice", choices=PARTIES),
            Field("target", f"Proposed target{unit}", required=True, max_len=40),
            Field("text", "What was proposed, in words", "text", required=True, max_len=100_000),
        ], {"target": f"{last:g}" if last is not None else "", "party": _other_party(detail)}
    if step == "reword":
        return [
            Field("statement", "The customer's statement", "text", required=True, max_len=100_000)
        ], {"statement": detail.statement}
    label = "Where the positions stand" if step == "disagree" else "Why it is withdrawn"
    return [Field("text", label, "text", required=True, max_len=100_000)], {}


def _other_party(detail: ExpectationDetail) -> Party:
    """Who answers the last proposal: the other side (IT opens a negotiation by default)."""
    last = next((e.party for e in reversed(detail.events) if e.proposed_target is not None), None)
    return Party.CUSTOMER if last is Party.IT else Party.IT


def _escalate_form(
    parent: QWidget,
    title: str,
    detail: ExpectationDetail,
    d: EscalationDefaults,
    submit: Callable[[dict[str, Any], Done, Failed], None],
) -> FormDialog:
    unknown = "(not recorded: choose one)"
    staff = [(unknown, None)] + [(c.name, c.id) for c in d.staff]
    contacts = [(unknown, None)] + [(c.name, c.id) for c in d.contacts]
    rm_help = (
        ""
        if d.rm_manager_id
        else f"Who {d.rm_name or 'you'} report(s) to is not recorded in staff: choose the "
        "manager who takes this up."
    )
    if d.customer_manager_id:
        customer_help = ""
    elif d.contact_name:
        customer_help = (
            f"The manager of {d.contact_name} is not recorded: choose who on the "
            "customer's side takes this up."
        )
    else:
        customer_help = "No contact stated this expectation: choose the customer's manager."
    fields = [
        Field("summary", "Summary of the disagreement", "text", required=True, max_len=100_000),
        Field("rm_manager", "RM's manager", "choice", choices=staff, help=rm_help),
        Field(
            "customer_manager", "Customer's manager", "choice", choices=contacts, help=customer_help
        ),
    ]
    stands = next((e.text for e in reversed(detail.events) if e.text), "")
    values = {
        "summary": stands,
        "rm_manager": d.rm_manager_id,
        "customer_manager": d.customer_manager_id,
    }
    return FormDialog(parent, title, fields, values, submit)


class AgreeDialog(GuardedDialog):
    """Agree the terms: the :class:`TermsForm` and a note; refused values stay marked
    beside their field and nothing is saved until all are right. Esc or Cancel asks before
    what was typed is thrown away."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        detail: ExpectationDetail,
        submit: Callable[[dict[str, Any], Done, Failed], None],
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.submit = submit
        self.terms_form = TermsForm(self, today=today)
        self.terms_form.set_terms(
            Terms(
                detail.last_proposal if detail.last_proposal is not None else detail.target,
                detail.measurement_type,
                detail.frequency,
                detail.known_unit,
                detail.direction,
                detail.review_on,
            )
        )
        self.note = QPlainTextEdit()
        self.note.setObjectName("text")
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText("What was agreed, in words (optional)")
        self.note.setMaximumHeight(80)
        self.message, self.buttons = save_bar(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.terms_form)
        layout.addWidget(QLabel("Note"))
        layout.addWidget(self.note)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.keep_snapshot()

    def snapshot(self) -> object:
        terms = (self.terms_form.editor(name) for name in TermsForm.FIELDS)
        return state_of(self.note, *terms)

    def save(self) -> None:
        if not self.buttons.isEnabled() or not self.terms_form.check():
            return
        self.message.hide()
        self.buttons.setEnabled(False)
        values = {"terms": self.terms_form.terms(), "text": self.note.toPlainText()}
        self.submit(values, lambda _r: self.accept(), self._refused)

    def _refused(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationError) and self.terms_form.mark(exc.field, exc.message):
            self.terms_form.editor(exc.field).setFocus()
        elif isinstance(exc, RelmanError):
            self.message.setText(exc.message)
            self.message.show()
        else:
            show_error(self, exc)

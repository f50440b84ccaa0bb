"""Interview mode: a window of its own (full screen on request) that walks the script one
question at a time, saving every keystroke as it goes.

Beside the question: its guidance (toggle with Ctrl+G), the answer field that fits its kind,
and the free notes, always there. Ctrl+Enter goes to the next question asked (conditional
questions appear when their condition is met and are skipped when not), Ctrl+PgUp back.
Ctrl+E opens the panel that captures an expectation, Ctrl+T the one that adds an action item,
both beside the interview. Escape puts a panel away with what was typed in it: Ctrl+E (or
Ctrl+T) brings it back as it was. Ctrl+Shift+F finishes: a summary, then the interview is held.
Closing the window leaves the interview in progress, to be resumed where it was; words typed
in a panel and not yet recorded are not thrown away without a question.

A field whose value cannot be saved (too long) says so under it and in the save state; the
others go on saving.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from relman.ui.context import AppContext
from relman.ui.dialogs.form import DiscardTyped
from relman.ui.interview.answer_inputs import AnswerInput, LimitedText, answer_input, problem_label
from relman.ui.interview.autosave import NOTES, Autosave
from relman.ui.interview.quick_panel import QuickPanel
from relman.workflows.interview_queries import InterviewState
from relman.workflows.interview_script import QuestionInfo, SectionInfo, asked, questions_of

#: The quick panels' buttons: what each says, what it says while the panel is put away with
#: words not yet recorded, and its keys.
BUTTONS = {
    "expectation": ("Capture an expectation", "Back to the expectation", "Ctrl+E"),
    "action": ("Add an action item", "Back to the action item", "Ctrl+T"),
}


def _label(text: str = "", *, name: str = "", size: float = 0, bold: bool = False) -> QLabel:
    """A label for user text: plain text (never rich), wrapped."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
    if size or bold:
        font = QFont(label.font())
        if size:
            font.setPointSizeF(font.pointSizeF() * size)
        font.setBold(bold)
        label.setFont(font)
    return label


def _button(text: str, keys: tuple[str, ...], slot: object, name: str) -> QPushButton:
    button = QPushButton(f"{text} ({keys[0]})" if keys else text)
    button.setObjectName(name)
    button.clicked.connect(slot)
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    return button


class InterviewWindow(QWidget):
    """One interview in progress. ``closed`` carries its id when the window goes."""

    closed = Signal(object)

    def __init__(self, ctx: AppContext, state: InterviewState, parent: QWidget | None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("interview_mode")
        self.ctx, self.state = ctx, state
        self.setWindowTitle(f"{state.title} — relman")
        self.values: dict[uuid.UUID, str] = {**state.hidden, **state.answers}
        self.sections: dict[uuid.UUID, SectionInfo] = {
            q.id: s for s, q in questions_of(state.script)
        }
        self.inputs: dict[uuid.UUID, AnswerInput] = {}
        self.quick: dict[str, QuickPanel] = {}  # the quick panels made, by kind, kept
        self._marked: set[uuid.UUID | str] = set()  # the fields shown as not saved
        self.autosave = Autosave(ctx.runner, state.id, self, me=ctx.me)
        self.autosave.saved.connect(self._saved)
        self.autosave.failed.connect(self._not_saved)
        self.finished = False
        if parent is not None:  # the main window closing (Ctrl+Q) saves what is typed first
            parent.installEventFilter(self)
        self._build()
        self._shortcuts()
        self.clock = QTimer(self)
        self.clock.timeout.connect(self._tick)
        self.clock.start(1000)
        self._tick()
        shown = self.visible()
        resume = [q for q in shown if q.id == state.current_question_id]
        self.current: QuestionInfo | None = None
        self.show_question((resume or shown)[0])

    # -- building ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.heading = _label(self.state.title, name="heading", size=1.3, bold=True)
        self.progress = _label(name="progress", bold=True)
        self.elapsed = _label(name="elapsed")
        self.guidance_button = _button("Guidance", ("Ctrl+G",), self.toggle_guidance, "guide")
        self.guidance_button.setCheckable(True)
        self.guidance_button.setChecked(True)
        self.full_button = _button("Full screen", ("F11",), self.toggle_full_screen, "full")
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.progress)
        top.addSpacing(16)
        top.addWidget(self.elapsed)
        top.addWidget(self.guidance_button)
        top.addWidget(self.full_button)

        self.section = _label(name="section", size=0.9)  # smaller, in the text's own colour
        self.question = _label(name="question", size=1.5)
        self.answers = QStackedWidget()
        asking = QWidget()
        ask = QVBoxLayout(asking)
        ask.addWidget(self.section)
        ask.addWidget(self.question)
        ask.addSpacing(8)
        ask.addWidget(self.answers, 1)
        self.guidance = QFrame()
        self.guidance.setFrameShape(QFrame.Shape.StyledPanel)
        self.guidance_text = _label(name="guidance")
        self.guidance_text.setAlignment(Qt.AlignmentFlag.AlignTop)
        guide = QVBoxLayout(self.guidance)
        guide.addWidget(_label("Guidance", bold=True))
        guide.addWidget(self.guidance_text, 1)
        self.panel = QStackedWidget()  # the quick panels, shown on demand
        self.panel.hide()
        upper = QSplitter()
        upper.addWidget(asking)
        upper.addWidget(self.guidance)
        upper.addWidget(self.panel)
        upper.setStretchFactor(0, 3)
        upper.setStretchFactor(1, 1)
        upper.setStretchFactor(2, 2)

        self.notes = LimitedText("the notes", self.state.notes)
        self.notes.setObjectName("notes")
        self.notes.moveCursor(QTextCursor.MoveOperation.End)  # resuming: write on at the end
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText("Free notes: anything worth keeping (Ctrl+N)")
        self.notes.textChanged.connect(lambda: self.autosave.notes(self.notes.toPlainText()))
        self.notes_problem = problem_label()
        self.notes.cut.connect(self._notes_problem)
        lower = QWidget()
        notes_box = QVBoxLayout(lower)
        notes_box.setContentsMargins(0, 0, 0, 0)
        notes_box.addWidget(_label("Notes (Ctrl+N)", bold=True))
        notes_box.addWidget(self.notes)
        notes_box.addWidget(self.notes_problem)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)

        self.back_button = _button("Previous", ("Ctrl+PgUp",), lambda: self.go(-1), "previous")
        self.next_button = _button("Next", ("Ctrl+Enter",), lambda: self.go(1), "next")
        text, _back, keys = BUTTONS["expectation"]
        self.expectation_button = _button(text, (keys,), self.capture_expectation, "capture")
        text, _back, keys = BUTTONS["action"]
        self.action_button = _button(text, (keys,), self.add_action, "action")
        self.finish_button = _button("Finish…", ("Ctrl+Shift+F",), self.finish, "finish")
        self.save_state = _label(name="save_state")
        bottom = QHBoxLayout()
        for button in (self.back_button, self.next_button):
            bottom.addWidget(button)
        bottom.addSpacing(16)
        bottom.addWidget(self.expectation_button)
        bottom.addWidget(self.action_button)
        bottom.addStretch(1)
        bottom.addWidget(self.save_state)
        bottom.addWidget(self.finish_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)
        self.resize(1100, 720)

    def _shortcuts(self) -> None:
        keys = {
            ("Ctrl+Return", "Ctrl+Enter"): self._ctrl_enter,
            ("Ctrl+PgUp", "Alt+Left"): lambda: self.go(-1),
            ("Ctrl+G",): self.toggle_guidance,
            ("F11",): self.toggle_full_screen,
            ("Ctrl+N",): self.notes.setFocus,
            ("Ctrl+R",): lambda: self._focus_answer(),
            ("Ctrl+E",): self.capture_expectation,
            ("Ctrl+T",): self.add_action,
            ("Ctrl+Shift+F",): self.finish,
            ("Escape",): self.close_panel,
        }
        for sequences, slot in keys.items():
            for sequence in sequences:
                shortcut = QShortcut(QKeySequence(sequence), self, activated=slot)
                shortcut.setContext(Qt.ShortcutContext.WindowShortcut)

    # -- walking the script ------------------------------------------------------------------
    def _ctrl_enter(self) -> None:
        """Next question, or the quick panel's action while the focus is in the panel."""
        panel = self.panel.currentWidget()
        focus = QApplication.focusWidget()
        if isinstance(panel, QuickPanel) and focus is not None and panel.isAncestorOf(focus):
            panel.primary()
        else:
            self.go(1)

    def visible(self) -> list[QuestionInfo]:
        """The questions asked, given the answers so far."""
        return asked(self.state.script, self.values)

    def show_question(self, question: QuestionInfo) -> None:
        self.current = question
        field = self.inputs.get(question.id)
        if field is None:
            field = answer_input(question)
            field.set_value(self.values.get(question.id, ""))
            field.changed.connect(lambda value, qid=question.id: self._answered(qid, value))
            self.inputs[question.id] = field
            self.answers.addWidget(field)
        self.answers.setCurrentWidget(field)
        section = self.sections[question.id]
        self.section.setText(section.title)
        self.question.setText(question.text)
        guidance = "\n\n".join(t for t in (question.guidance, section.guidance) if t.strip())
        self.guidance_text.setText(guidance or "No guidance for this question.")
        self._show_progress()
        self.autosave.at_question(question.id)
        self._focus_answer()

    def _focus_answer(self) -> None:
        if self.current is not None:
            self.inputs[self.current.id].focus()

    def _answered(self, question_id: uuid.UUID, value: str) -> None:
        self.values[question_id] = value
        self.autosave.answer(question_id, value)
        self._show_progress()

    def _show_progress(self) -> None:
        shown = [q.id for q in self.visible()]
        assert self.current is not None
        if self.current.id in shown:
            where = shown.index(self.current.id) + 1
            self.progress.setText(f"Question {where} of {len(shown)}")
        else:  # an earlier answer changed: this one is no longer asked
            self.progress.setText(f"Not asked any more · {len(shown)} questions")
        self.back_button.setEnabled(bool(shown) and shown[0] != self.current.id)
        last = bool(shown) and shown[-1] == self.current.id
        self.next_button.setText("Finish… (Ctrl+Enter)" if last else "Next (Ctrl+Enter)")

    def go(self, step: int) -> None:
        """To the next (``1``) or previous (``-1``) question asked; Next on the last one
        finishes."""
        if self.current is None or self.finished:
            return
        shown = self.visible()
        here = self.current.number
        if step > 0:
            later = [q for q in shown if q.number > here]
            if later:
                self.show_question(later[0])
            else:
                self.finish()
        else:
            earlier = [q for q in shown if q.number < here]
            if earlier:
                self.show_question(earlier[-1])

    # -- the clock, the save state -----------------------------------------------------------
    def _tick(self) -> None:
        since = self.state.started_at
        seconds = int((dt.datetime.now(dt.UTC) - since).total_seconds()) if since else 0
        hours, rest = divmod(max(seconds, 0), 3600)
        self.elapsed.setText(f"Elapsed {hours:d}:{rest // 60:02d}:{rest % 60:02d}")

    def _saved(self, at: dt.datetime) -> None:
        refused = self.autosave.refused
        for key in self._marked - refused.keys():  # saved now: the mark goes
            self._mark(key, "")
        for key, message in refused.items():
            self._mark(key, message)
        self._marked = set(refused)
        if not refused:
            self.save_state.setStyleSheet("")  # the text's own colour: readable
            self.save_state.setText(f"Saved {at:%H:%M:%S}")
            self.save_state.setToolTip("")
            return
        self.save_state.setStyleSheet("color: #c0392b;")
        # short, so the bar keeps one line: each field says why under itself, and here too
        # in the tooltip
        fields = ", ".join(self._field_name(key) for key in refused)
        self.save_state.setText(f"Not saved: {fields}. Everything else saved {at:%H:%M:%S}.")
        self.save_state.setToolTip(
            "\n".join(f"{self._field_name(key)}: {refused[key]}" for key in refused)
        )

    def _mark(self, key: uuid.UUID | str, message: str) -> None:
        if key == NOTES:
            self._notes_problem(message)
        elif isinstance(key, uuid.UUID) and key in self.inputs:
            self.inputs[key].show_problem(message)

    def _notes_problem(self, message: str) -> None:
        self.notes_problem.setText(message)
        self.notes_problem.setVisible(bool(message))

    def _field_name(self, key: uuid.UUID | str) -> str:
        if key == NOTES:
            return "the notes"
        text = next((q.text for _s, q in questions_of(self.state.script) if q.id == key), "")
        return f"the answer to “{text[:40] + '…' if len(text) > 40 else text}”"

    def _not_saved(self, message: str) -> None:
        self.save_state.setStyleSheet("color: #c0392b;")
        self.save_state.setText(f"Not saved yet, retrying: {message}")

    # -- view --------------------------------------------------------------------------------
    def toggle_guidance(self) -> None:
        visible = not self.guidance.isVisible()
        self.guidance.setVisible(visible)
        self.guidance_button.setChecked(visible)

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    # -- the quick panels --------------------------------------------------------------------
    def open_panel(self, kind: str, make: Callable[[], QuickPanel]) -> QuickPanel:
        """Show the quick panel of ``kind`` beside the interview: the one already made while
        it holds words not yet recorded (kept as typed), else a new one from ``make``.
        Escape (or its Close) puts it away; nothing typed in it is lost."""
        panel = self.quick.get(kind)
        if panel is None or not panel.has_draft():
            self._drop(kind)
            panel = self.quick[kind] = make()
            self.panel.addWidget(panel)
        self._show_panel(panel)
        return panel

    def _show_panel(self, panel: QuickPanel) -> None:
        self.panel.setCurrentWidget(panel)
        self.panel.show()
        (panel.draft_field() if panel.has_draft() else panel.first_field()).setFocus()
        self._show_drafts()

    def _drop(self, kind: str) -> None:
        panel = self.quick.pop(kind, None)
        if panel is not None:
            self.panel.removeWidget(panel)
            panel.deleteLater()

    def close_panel(self) -> None:
        """Put the panel away, with what was typed in it: it comes back as it was."""
        self.panel.hide()
        self._focus_answer()
        self._show_drafts()

    def capture_expectation(self) -> None:
        from relman.ui.interview.quick_expectation import ExpectationPanel

        self.open_panel(
            "expectation", lambda: ExpectationPanel(self.ctx, self.state, self.close_panel)
        )

    def add_action(self) -> None:
        from relman.ui.interview.quick_action import ActionPanel

        self.open_panel("action", lambda: ActionPanel(self.ctx, self.state, self.close_panel))

    def drafts(self) -> list[QuickPanel]:
        """The quick panels holding words typed and not yet recorded."""
        return [panel for panel in self.quick.values() if panel.has_draft()]

    def _show_drafts(self) -> None:
        """A panel put away with words in it says so on its button."""
        buttons = {"expectation": self.expectation_button, "action": self.action_button}
        for kind, (text, back, keys) in BUTTONS.items():
            panel = self.quick.get(kind)
            away = panel is not None and panel.has_draft() and not self._showing(panel)
            buttons[kind].setText(f"{back if away else text} ({keys})")

    def _showing(self, panel: QuickPanel) -> bool:
        return self.panel.isVisibleTo(self) and self.panel.currentWidget() is panel

    def may_discard_drafts(self) -> bool:
        """No words typed in a panel would be lost, or the user agreed to lose them; when
        not, the first such panel is shown with its words."""
        drafts = self.drafts()
        if not drafts:
            return True
        names = " and ".join(panel.draft_name for panel in drafts)
        them = "them" if len(drafts) > 1 else "it"
        question = f"You started {names} and did not record {them}. Discard what you typed?"
        if DiscardTyped.ask(self, question):
            for kind in [k for k, panel in self.quick.items() if panel in drafts]:
                self._drop(kind)  # agreed: not asked again
            return True
        self._show_panel(drafts[0])
        return False

    # -- finishing ---------------------------------------------------------------------------
    def finish(self) -> None:
        """Save what is typed, then show the summary; confirming it marks the interview held."""
        if self.finished:
            return
        from relman.ui.interview.finish import show_summary

        if not self.may_discard_drafts():
            return
        self.autosave.flush()
        show_summary(self.ctx, self, self.state.id, self._held)

    def _held(self) -> None:
        self.finished = True
        self.close()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() == QEvent.Type.Close:
            if not self.finished and not self.may_discard_drafts():
                event.ignore()  # relman stays open, the words with it
                return True
            self.autosave.flush()  # before the window's runner stops taking writes
        return super().eventFilter(watched, event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing keeps the interview in progress (resumable) with every word saved; words
        typed in a panel and not recorded go only once the user agreed."""
        if not self.finished and not self.may_discard_drafts():
            event.ignore()
            return
        self.autosave.flush()
        self.clock.stop()
        self.closed.emit(self.state.id)
        super().closeEvent(event)

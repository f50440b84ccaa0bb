"""Every action of the window, declared in one place with its shortcut, and the menus built
from them. The main window connects them; nothing else creates menu actions."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

Std = QKeySequence.StandardKey


@dataclass
class Actions:
    new_db: QAction
    open_db: QAction
    backup: QAction
    restore: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    find: QAction
    toggle_sidebar: QAction
    about: QAction
    show_data: QAction
    show_log: QAction
    recent_menu: QMenu
    exchange_menu: QMenu
    view_menu: QMenu


def _action(
    window: QMainWindow,
    text: str,
    shortcut: QKeySequence.StandardKey | str | None = None,
    tip: str = "",
) -> QAction:
    action = QAction(text, window)
    if isinstance(shortcut, QKeySequence.StandardKey):
        action.setShortcuts(shortcut)
    elif shortcut:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
    return action


def build(window: QMainWindow, undo: QAction, redo: QAction) -> Actions:
    undo.setShortcuts(Std.Undo)
    redo.setShortcuts(Std.Redo)
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    edit_menu = bar.addMenu("&Edit")
    view_menu = bar.addMenu("&View")
    help_menu = bar.addMenu("&Help")
    actions = Actions(
        new_db=_action(window, "&New database…", Std.New, "Start a new, empty database file"),
        open_db=_action(window, "&Open…", Std.Open, "Open another database file"),
        backup=_action(window, "&Back up…", "Ctrl+Shift+B", "Save a safe copy of the database"),
        restore=_action(window, "&Restore…", None, "Replace the database by a backup"),
        quit=_action(window, "&Quit", Std.Quit),
        undo=undo,
        redo=redo,
        find=_action(window, "&Find everywhere…", "Ctrl+K", "Search every record"),
        toggle_sidebar=_action(window, "Show &sidebar", "Ctrl+B"),
        about=_action(window, "&About relman"),
        show_data=_action(window, "Show &data folder"),
        show_log=_action(window, "Show &log"),
        recent_menu=QMenu("Open &recent", window),
        exchange_menu=QMenu("Import and e&xport", window),
        view_menu=view_menu,
    )
    actions.find.setShortcuts([QKeySequence("Ctrl+K"), QKeySequence(Std.Find)])
    actions.toggle_sidebar.setCheckable(True)
    actions.toggle_sidebar.setChecked(True)
    file_menu.addActions([actions.new_db, actions.open_db])
    file_menu.addMenu(actions.recent_menu)
    file_menu.addSeparator()
    file_menu.addActions([actions.backup, actions.restore])
    file_menu.addMenu(actions.exchange_menu)  # filled by relman/ui/exchange.py
    file_menu.addSeparator()
    file_menu.addAction(actions.quit)
    edit_menu.addActions([actions.undo, actions.redo])
    edit_menu.addSeparator()
    edit_menu.addAction(actions.find)
    view_menu.addAction(actions.toggle_sidebar)
    view_menu.addSeparator()
    help_menu.addActions([actions.about, actions.show_data, actions.show_log])
    return actions

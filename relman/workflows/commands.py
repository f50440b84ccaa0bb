"""Named commands: every change a user can make, by name, with plain arguments and an author.

A :class:`Command` is data — ``Command("update_unit", {"unit_id": …, "expected_version": 4,
"name": "Sales"}, by=me)`` — so the window, the command line, undo and (later) sync all run
the same thing, and it can be kept, shown and replayed. :func:`execute` runs one in the
caller's transaction:

- it looks the name up among the functions registered with :func:`command` (each lives
  beside the rules it applies, in its workflow module) and calls it with the arguments,
  and ``by`` if the function takes it;
- the function builds its **inverse** in the same transaction, while it still knows what it
  changed (:func:`undo_by`), or says why it cannot be undone (:func:`cannot_undo`, or
  ``never=`` when registered): undo is another command that obeys the same rules — the
  version it is based on, rows others added meanwhile, the method's states;
- it keeps an **audit** line (:class:`relman.models.CommandRecord`): who, when, the command,
  its arguments and result as plain JSON;
- it returns an :class:`Outcome`: the result, the inverse (or why not), and the tables it
  wrote.

The families whose inverses are always the same, and one writer's undo history, are in
:mod:`relman.workflows.inverses`: a creation is taken back by ``take_back`` (exactly what
it made, refused if others have added to it since), and an update puts the earlier values
back, based on the version it left. Deletes are commands of their own that check their
rules inside the write and are undone by ``put_back``.

A write session that flushes a change while no command runs is refused
(:func:`require_commands`): the window's runner installs it on every write.
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from relman.errors import NotPermittedError, RelmanError
from relman.models import Base, CommandRecord, Staff
from relman.storage import reads
from relman.storage.snapshot import Snapshot
from relman.workflows import plain

F = TypeVar("F", bound=Callable[..., Any])

plain.record(Snapshot)  # a removal's snapshot travels in the command that puts it back

#: Why a command cannot be undone, when its function did not say.
NOT_UNDOABLE = "This change cannot be undone."


@plain.record
@dataclass(frozen=True)
class Command:
    """A change by name: ``args`` are plain values (relman.workflows.plain); ``by`` is the
    staff member it is done as; ``text`` what the user calls it ("rename of unit Sales"),
    which Edit → Undo shows."""

    name: str
    args: Mapping[str, Any] = field(default_factory=dict)
    by: uuid.UUID | None = None
    text: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "args", dict(self.args))


@dataclass(frozen=True)
class Outcome:
    command: Command
    result: Any
    #: the command that takes this one back, or None with the reason in ``why_not``
    inverse: Command | None
    why_not: str = ""
    #: the tables it wrote (with what their triggers and cascades keep), its audit aside
    changed: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Spec:
    name: str
    fn: Callable[..., Any]
    #: set when the command can never be undone: why, in the user's words
    never: str | None
    #: the argument that names the record the command is about (for its history)
    subject: str | None
    #: what of the arguments the audit keeps, when not all of them (bulk or typed text)
    brief: Callable[[dict[str, Any]], dict[str, Any]] | None
    takes_by: bool
    takes_progress: bool


class UnknownCommand(RelmanError):
    """A command this version of relman does not know (written by a newer one)."""


class UnnamedWrite(RuntimeError):
    """A change flushed while no command ran: a programming error, never a user's."""


#: Every command, by name.
REGISTRY: dict[str, Spec] = {}


def command(
    fn: F | None = None,
    *,
    name: str | None = None,
    never: str | None = None,
    subject: str | None = None,
    brief: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> Any:
    """Register ``fn(session, **args)`` as the command ``name`` (default: its own name).

    ``never``: the reason it can never be undone. Otherwise the function must call
    :func:`undo_by` or :func:`cannot_undo` before it returns. ``subject``: the argument
    naming the record it is about (default: the first argument ending in ``id``, else the
    id of the record it returns). Returns ``fn`` itself."""

    def register(fn: F) -> F:
        key = name or fn.__name__
        if key in REGISTRY and REGISTRY[key].fn is not fn:
            raise ValueError(f"two commands are called {key}")
        params = inspect.signature(fn).parameters
        REGISTRY[key] = Spec(
            key,
            fn,
            never,
            subject or next((p for p in list(params)[1:] if p.endswith("id") and p != "by"), None),
            brief,
            "by" in params,
            "progress" in params,
        )
        return fn

    return register(fn) if fn is not None else register


# -- inside a command -------------------------------------------------------------------------


@dataclass
class _Running:
    command: Command
    inverse: Command | None = None
    why_not: str | None = None


def _running(session: Session) -> _Running | None:
    return session.info.get("command")


def undo_by(session: Session, name: str, /, **args: Any) -> None:
    """Inside a command: the command that takes it back is ``name(**args)``, done by the
    same person, called "undo of …" (and an undo's inverse, its redo, by the first name
    again). Outside a command (the demo builder, a test calling a workflow directly)
    there is nothing to take back, and this does nothing."""
    running = _running(session)
    if running is not None:
        text = running.command.text
        if text.startswith("undo of "):
            text = text.removeprefix("undo of ")
        elif text:
            text = f"undo of {text}"
        running.inverse = Command(name, args, by=running.command.by, text=text)
        running.why_not = None


def cannot_undo(session: Session, why: str) -> None:
    """Inside a command: it cannot be undone, because ``why`` (shown to the user)."""
    running = _running(session)
    if running is not None:
        running.inverse, running.why_not = None, why


def new_version(session: Session, record: Any) -> int:
    """The version ``record`` has once this transaction's changes are flushed: what an
    inverse built now is based on."""
    session.flush()
    return record.version


# -- running one ------------------------------------------------------------------------------


def execute(
    session: Session,
    cmd: Command,
    *,
    progress: Callable[[int, int, str], None] | None = None,
) -> Outcome:
    """Run ``cmd`` in the session's transaction, keep it in the audit, return its outcome.

    The caller commits (or rolls back: then neither the change nor its audit line is kept).
    """
    spec = REGISTRY.get(cmd.name)
    if spec is None:  # registered by a workflow module not imported yet
        load_all()
        spec = REGISTRY.get(cmd.name)
    if spec is None:
        raise UnknownCommand(
            f"relman does not know the change “{cmd.name}”; a newer relman may have written it."
        )
    if _running(session) is not None:
        raise UnnamedWrite(f"{cmd.name} was started inside {_running(session).command.name}")
    cmd = _as_signed_in(session, cmd)
    kwargs = dict(cmd.args)
    if spec.takes_by:
        kwargs["by"] = cmd.by
    if spec.takes_progress and progress is not None:
        kwargs["progress"] = progress
    running = _Running(cmd)
    session.info["command"] = running
    before = set(reads.written(session))
    try:
        result = spec.fn(session, **kwargs)
        result = _plain_result(result)
        if spec.never is not None:
            running.inverse, running.why_not = None, spec.never
        elif running.inverse is None and running.why_not is None:
            raise UnnamedWrite(f"the command {cmd.name} said neither its inverse nor why not")
        session.flush()
        changed = reads.with_side_effects(reads.written(session) - before)
        _audit(session, spec, cmd, result)
        session.flush()
    finally:
        session.info.pop("command", None)
    return Outcome(cmd, result, running.inverse, running.why_not or "", changed)


def _as_signed_in(session: Session, cmd: Command) -> Command:
    """On a team server, the command as done by the person the login is mapped to: no one
    acts as someone else (a login mapped to no one, the database's owner, is left as is)."""
    if session.get_bind().dialect.name != "postgresql":
        return cmd
    from relman.workflows.logins import login_identity

    me = login_identity(session)
    if me is None or cmd.by == me:
        return cmd
    if cmd.by is not None:
        who = session.get(Staff, me)
        raise NotPermittedError(
            f"You are signed in as {who.name if who else 'someone else'}; relman records "
            "your changes as yours, never as someone else's. Nothing was changed."
        )
    return Command(cmd.name, cmd.args, by=me, text=cmd.text)


def _plain_result(result: Any) -> Any:
    """A stored record is returned as its id: results are plain values too."""
    if isinstance(result, Base):
        return sa_inspect(result).identity[0] if sa_inspect(result).identity else result.id
    return result


def _audit(session: Session, spec: Spec, cmd: Command, result: Any) -> None:
    args = spec.brief(dict(cmd.args)) if spec.brief else dict(cmd.args)
    subject = cmd.args.get(spec.subject) if spec.subject else None
    if subject is None and isinstance(result, uuid.UUID):
        subject = result
    author = session.get(Staff, cmd.by) if cmd.by is not None else None
    session.add(
        CommandRecord(
            author_id=cmd.by,
            author=author.name if author is not None else "",
            name=cmd.name,
            text=cmd.text[:300],
            subject_id=subject if isinstance(subject, uuid.UUID) else None,
            args=plain.dumps(args),
            result=plain.dumps(result),
        )
    )


def require_commands(session: Session) -> None:
    """Refuse (raise :class:`UnnamedWrite`) any change the session flushes outside a
    command: every write the window makes is a named command."""

    @event.listens_for(session, "before_flush")
    def _named_only(session: Session, _context: Any, _instances: Any) -> None:
        if _running(session) is None and (session.new or session.dirty or session.deleted):
            raise UnnamedWrite("a change was written outside a named command")

    @event.listens_for(session, "do_orm_execute")
    def _named_statements(state: Any) -> None:
        if _running(session) is None and (state.is_insert or state.is_update or state.is_delete):
            raise UnnamedWrite("a change was written outside a named command")


def names() -> list[str]:
    """Every command's name, once every workflow module has registered its own."""
    load_all()
    return sorted(REGISTRY)


def load_all() -> None:
    """Import every workflow module, so that every command is registered."""
    import importlib
    import pkgutil

    import relman.workflows as package

    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"relman.workflows.{module.name}")

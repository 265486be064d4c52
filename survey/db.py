"""The database handle and the settings that make SQLite safe for answers.

WAL lets pages be read while a submission is written; ``synchronous=FULL``
means a response the child saw confirmed survives a power cut. The SQLite
file (and its WAL) is readable by the app's user only, and no database error
carries a child's answers into an exception or a log: not as statement
parameters, not as the failing row PostgreSQL quotes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import current_app, has_app_context
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, ExceptionContext
from sqlalchemy.orm import DeclarativeBase

from survey.files import private_folder, tighten


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate()


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    _keep_private(cursor)  # before WAL mode makes its -wal and -shm files, which copy its mode
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


@event.listens_for(Engine, "handle_error")
def _no_values_in_errors(context: ExceptionContext) -> None:
    """Only what names the place of a server error, never what was in it.

    ``hide_parameters`` keeps the bound values out, but PostgreSQL adds the
    failing row itself ("DETAIL: Failing row contains (..., answers, ...)")
    and its data errors quote the value. A server error keeps its primary
    message (which names columns and constraints) and SQLSTATE; a data error
    (class 22) its SQLSTATE alone. SQLite's messages name only constraints.
    """
    orig = context.original_exception
    diag = getattr(orig, "diag", None)
    state = getattr(diag, "sqlstate", None)
    if not state:  # not from the server (a lost connection, SQLite): nothing quoted
        return
    primary = "" if state.startswith("22") else (diag.message_primary or "")
    text = f"{primary} (SQLSTATE {state})".strip()
    orig.args = (text,)
    if context.sqlalchemy_exception is not None:
        name = f"{type(orig).__module__}.{type(orig).__name__}"
        context.sqlalchemy_exception.args = (f"({name}) {text}",)


def _keep_private(cursor) -> None:
    """0600 for the database file SQLite has just opened (or created), 0700 for instance/."""
    rows = cursor.execute("PRAGMA database_list").fetchall()
    name = next((file for _seq, schema, file in rows if schema == "main"), "")
    if not name:  # in memory
        return
    path = Path(name)
    for suffix in ("", "-wal", "-shm", "-journal"):
        tighten(path.with_name(path.name + suffix))
    if has_app_context() and path.parent == Path(current_app.instance_path):
        private_folder(path.parent)  # our own folder; one a council chose is theirs to set


def engine_options(url: str, configured: dict[str, Any] | None) -> dict[str, Any]:
    """The engine settings: whatever is configured, and never a parameter in an error text.

    An error names the failing statement; with ``hide_parameters`` its values
    (what a child wrote) stay out of the exception and so out of every log.
    """
    options = {**(configured or {}), "hide_parameters": True}
    if url.startswith("sqlite"):
        # A local file has no connection to lose: checking it before every use only costs time.
        options.pop("pool_pre_ping", None)
    return options


def read_connection() -> Connection:
    """A connection of its own for one read, lighter than the ORM session's.

    On PostgreSQL it runs in autocommit: a lone SELECT needs no transaction, and
    one left open would cost a ROLLBACK round trip when the connection goes back
    to the pool (two fifths of a page view's database time). SQLite's own
    transaction handling is cheaper than switching it to autocommit and back.
    """
    connection = db.engine.connect()
    if connection.dialect.name == "postgresql":
        connection = connection.execution_options(isolation_level="AUTOCOMMIT")
    return connection

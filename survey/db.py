"""The database handle and the settings that make SQLite safe for answers.

WAL lets pages be read while a submission is written; ``synchronous=FULL``
means a response the child saw confirmed survives a power cut.
"""

from __future__ import annotations

from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import DeclarativeBase


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
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


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

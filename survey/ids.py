"""Whole numbers a request names (ids, page numbers), kept to what the database holds.

A number beyond a column's range makes SQLite raise OverflowError and
PostgreSQL refuse the statement: a 500 instead of "no such thing". So every
``<int:...>`` in a route, every id in a form and every ``?page=`` is read
here, and one out of range is simply not found (404) or not understood (400).
"""

from __future__ import annotations

import re

from flask import Flask, abort
from werkzeug.datastructures import MultiDict
from werkzeug.routing import IntegerConverter, Map

MAX_ID = 2**31 - 1  # PostgreSQL's integer, the type of every id column
_DIGITS = re.compile(r"[0-9]{1,10}")


class IdConverter(IntegerConverter):
    """``<int:...>`` in every route of the app: 1 to MAX_ID, anything else is a 404."""

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = 1,
        max: int | None = MAX_ID,
        signed: bool = False,
    ) -> None:
        super().__init__(map, fixed_digits, min, max, signed)


def whole(text: str) -> int:
    """A number from 1 to MAX_ID, else ValueError: ``form.get(name, type=whole)`` gives None."""
    if not _DIGITS.fullmatch(text) or not 1 <= int(text) <= MAX_ID:
        raise ValueError(f"not a whole number from 1 to {MAX_ID}")
    return int(text)


def page_number(args: MultiDict) -> int:
    """``?page=``: 1 when absent, a 400 for anything but a whole number in range."""
    raw = args.get("page")
    if raw is None:
        return 1
    try:
        return whole(raw)
    except ValueError:
        abort(400)


def init_app(app: Flask) -> None:
    """Before any blueprint is registered: routes take their converter when they are added."""
    app.url_map.converters["int"] = IdConverter

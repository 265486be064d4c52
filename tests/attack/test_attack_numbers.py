"""Numbers typed into URLs and forms: huge, negative or not numbers at all, never a 500.

A number beyond a column's range made SQLite raise OverflowError and PostgreSQL refuse
the statement. Every id is now 1 to 2**31 - 1 before it reaches the database: outside
that it is not found (404), and a ``?page=`` that is not a page number is a 400.
"""

from __future__ import annotations

import pytest
from flask import Flask
from helpers import csrf, make_user, sign_in, text_of
from werkzeug.routing import IntegerConverter

from survey.ids import MAX_ID

QID = "children-8-12"
OUT_OF_RANGE = [str(MAX_ID + 1), str(2**63), str(10**30), "9" * 100]
NOT_IDS = [*OUT_OF_RANGE, "-1", "0", "abc", "1e9", " 1", ""]


def signed_in(app: Flask, role: str):
    client = app.test_client()
    assert sign_in(client, make_user(app, role)).status_code == 302
    return client


def test_page_numbers_out_of_range_are_a_400(db_app: Flask) -> None:
    analyst = signed_in(db_app, "analyst")
    url = f"/staff/findings/{QID}/answers"
    assert analyst.get(url).status_code == 200
    assert analyst.get(f"{url}?page=2").status_code == 200
    for value in NOT_IDS:
        assert analyst.get(url, query_string={"page": value}).status_code == 400, value


def test_ids_out_of_range_in_forms_are_not_found(db_app: Flask) -> None:
    analyst = signed_in(db_app, "analyst")
    base = f"/staff/findings/{QID}"
    token = csrf(text_of(analyst.get(f"{base}/answers")))
    forms = [
        (f"{base}/answers", "record", {}),
        (f"{base}/quotes", "quote", {"decision": "approved"}),
        (f"{base}/actions", "id", {"action": "publish"}),
    ]
    for url, field, extra in forms:
        for value in NOT_IDS:
            data = {"csrf_token": token, field: value, **extra}
            assert analyst.post(url, data=data).status_code == 404, (url, value)


def test_ids_out_of_range_in_urls_are_not_found(db_app: Flask) -> None:
    analyst = signed_in(db_app, "analyst")
    lead = signed_in(db_app, "safeguarding")
    admin = signed_in(db_app, "admin")
    for value in NOT_IDS:
        if not value.strip():
            continue
        assert analyst.get(f"/staff/findings/{QID}/exports/{value}").status_code == 404, value
        assert lead.get(f"/staff/safeguarding/{value}").status_code == 404, value
        # 405 where a GET route of the same shape exists (Werkzeug checks methods first)
        assert lead.post(f"/staff/safeguarding/{value}").status_code in (404, 405), value
        assert admin.post(f"/staff/accounts/{value}").status_code in (404, 405), value


def test_every_int_in_every_route_is_bounded(app: Flask) -> None:
    """A route added later gets the same limits without anyone remembering to add them."""
    bounded = [
        (rule.rule, converter.min, converter.max)
        for rule in app.url_map.iter_rules()
        for converter in rule._converters.values()
        if isinstance(converter, IntegerConverter)
    ]
    assert bounded, "no route takes an id any more: this test is out of date"
    assert all((low, high) == (1, MAX_ID) for _rule, low, high in bounded), bounded


@pytest.mark.parametrize("value", ["1", str(MAX_ID)])
def test_ids_in_range_are_looked_up(db_app: Flask, value: str) -> None:
    analyst = signed_in(db_app, "analyst")
    assert analyst.get(f"/staff/findings/{QID}/exports/{value}").status_code == 404  # no such

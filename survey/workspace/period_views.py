"""Fieldwork periods of a questionnaire ("Autumn 2026", 1 October to 30 November), kept by staff.

Findings compare periods, not YAML versions (``survey.workspace.periods``). Admins and
analysts add, correct and remove them; every change is audited. Periods of one questionnaire
may not overlap, so each response belongs to one period at most. Changes count from the next
analysis run. Bad input is shown back with each problem beside its field, everything kept.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from survey import catalogue
from survey.db import db
from survey.staff import auth
from survey.staff.views import csrf_ok
from survey.workspace import bp
from survey.workspace.listed import change_listed, remove_listed
from survey.workspace.models import FieldworkPeriod

EDITORS = ("admin", "analyst")
NAME_LENGTH = 100
KEYS = ("name", "start_day", "start_month", "start_year", "end_day", "end_month", "end_year")


def _typed() -> dict[str, str]:
    return {k: request.form.get(k, "") for k in KEYS}


def _as_form(period: FieldworkPeriod) -> dict[str, str]:
    out = {"name": period.name}
    for side, day in (("start", period.starts_on), ("end", period.ends_on)):
        out |= {f"{side}_day": str(day.day), f"{side}_month": str(day.month)}
        out[f"{side}_year"] = str(day.year)
    return out


def _date(form: dict[str, str], side: str) -> dt.date | None:
    try:
        return dt.date(
            int(form[f"{side}_year"]), int(form[f"{side}_month"]), int(form[f"{side}_day"])
        )
    except (ValueError, OverflowError):
        return None


def _listed(qid: str) -> list[FieldworkPeriod]:
    return list(
        db.session.execute(
            db.select(FieldworkPeriod)
            .where(FieldworkPeriod.questionnaire_id == qid)
            .order_by(FieldworkPeriod.starts_on)
        ).scalars()
    )


def check(
    form: dict[str, str], qid: str, period_id: int | None
) -> tuple[dict[str, str], dict[str, Any]]:
    """Problems by field id, and the values to store when there are none."""
    errors: dict[str, str] = {}
    name = " ".join(form["name"].split())
    others = [p for p in _listed(qid) if p.id != period_id]
    if not name:
        errors["name"] = _("Enter a name for the period, for example Autumn 2026.")
    elif len(name) > NAME_LENGTH:
        errors["name"] = _("The name must be %(n)s characters or fewer.", n=NAME_LENGTH)
    elif any(p.name.casefold() == name.casefold() for p in others):
        errors["name"] = _("Another period of this questionnaire already has that name.")
    starts, ends = _date(form, "start"), _date(form, "end")
    if starts is None:
        errors["start_day"] = _("Enter the date the period starts, for example 1 10 2026.")
    if ends is None:
        errors["end_day"] = _("Enter the date the period ends, for example 30 11 2026.")
    elif starts is not None and ends < starts:
        errors["end_day"] = _("The end date must be the same as or after the start date.")
    elif starts is not None:
        clash = next((p for p in others if p.starts_on <= ends and starts <= p.ends_on), None)
        if clash is not None:
            errors["end_day"] = _(
                "These dates overlap %(name)s: a response can belong to one period only.",
                name=clash.name,
            )
    return errors, {"name": name, "starts_on": starts, "ends_on": ends}


def _detail(values: dict[str, Any]) -> str:
    return f"{values['starts_on'].isoformat()}..{values['ends_on'].isoformat()}"


@bp.route("/findings/<qid>/periods", methods=["GET", "POST"])
@auth.require(*EDITORS)
def periods(qid: str):
    """A questionnaire's fieldwork periods, and a form to add one."""
    q = catalogue.all_questionnaires().get(qid) or abort(404)
    form = {k: "" for k in KEYS} if request.method == "GET" else _typed()
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not csrf_ok():
            abort(400)
        errors, values = check(form, qid, None)
        if not errors:
            period = FieldworkPeriod(
                questionnaire_id=qid, **values, updated_by=auth.current_user().id
            )
            db.session.add(period)
            db.session.flush()
            auth.audit("period_added", target=f"period:{period.id}", detail=_detail(values))
            db.session.commit()
            flash(_("%(name)s added.", name=period.name), "info")
            return redirect(url_for(".periods", qid=qid))
    page = render_template(
        "workspace/periods.html", q=q, listed=_listed(qid), form=form, errors=errors
    )
    return page, (400 if errors else 200)


@bp.route("/findings/<qid>/periods/<int:period_id>", methods=["GET", "POST"])
@auth.require(*EDITORS)
def period(qid: str, period_id: int):
    """Correct a period's name or dates, or remove it."""
    q = catalogue.all_questionnaires().get(qid) or abort(404)
    item = db.session.get(FieldworkPeriod, period_id)
    if item is None or item.questionnaire_id != qid:
        abort(404)
    form, errors = _as_form(item), {}
    if request.method == "POST":
        if not csrf_ok():
            abort(400)
        if request.form.get("action") == "remove":
            remove_listed(item, "period", _("%(name)s removed.", name=item.name))
            return redirect(url_for(".periods", qid=qid))
        form = _typed()
        errors, values = check(form, qid, item.id)
        if not errors:
            before = f"{item.starts_on.isoformat()}..{item.ends_on.isoformat()}"
            change_listed(item, "period", values, before, _detail(values))
            flash(_("%(name)s saved.", name=item.name), "info")
            return redirect(url_for(".periods", qid=qid))
    page = render_template("workspace/period.html", q=q, period=item, form=form, errors=errors)
    return page, (400 if errors else 200)

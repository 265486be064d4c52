"""The council's list of parent carer forums and their verified sizes, kept by staff.

Admins and analysts add, correct and remove forums; every change is audited (who, when, the
old and new number of families), like other staff changes. The list weighs forums' answers
in the priorities from the next analysis run (``survey.workspace.forums``).

Bad input is shown back with each problem beside its field, everything typed kept.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from survey.db import db
from survey.staff import auth
from survey.staff.setup import LINKS
from survey.staff.views import csrf_ok
from survey.workspace import bp
from survey.workspace.forums import book, normalise
from survey.workspace.listed import change_listed, remove_listed
from survey.workspace.models import ParentCarerForum

EDITORS = ("admin", "analyst")
MAX_FAMILIES = 1_000_000
NAME_LENGTH = 200
HOW_LENGTH = 500

LINKS.append(("workspace.forums", _l("Parent carer forums"), frozenset(EDITORS)))


def _typed() -> dict[str, str]:
    """The form as typed, to show back on a problem."""
    keys = ("name", "other_names", "families", "day", "month", "year", "how_verified")
    return {k: request.form.get(k, "") for k in keys}


def _as_form(forum: ParentCarerForum) -> dict[str, str]:
    return {
        "name": forum.name,
        "other_names": "\n".join(forum.other_names or []),
        "families": str(forum.families),
        "day": str(forum.verified_on.day),
        "month": str(forum.verified_on.month),
        "year": str(forum.verified_on.year),
        "how_verified": forum.how_verified,
    }


def _date(form: dict[str, str]) -> dt.date | None:
    try:
        return dt.date(int(form["year"]), int(form["month"]), int(form["day"]))
    except (ValueError, OverflowError):  # not a date, or a year beyond any calendar
        return None


def _names_taken(names: list[str], forum_id: int | None) -> bool:
    """Whether any of ``names`` is already a name of another forum on the list."""
    others = db.session.execute(
        db.select(ParentCarerForum).where(ParentCarerForum.id != (forum_id or 0))
    ).scalars()
    taken = book(others)
    return any(normalise(n) in taken for n in names)


def _check(form: dict[str, str], forum_id: int | None) -> tuple[dict[str, str], dict[str, Any]]:
    """Problems by field id, and the values to store when there are none."""
    errors: dict[str, str] = {}
    name = " ".join(form["name"].split())
    others = [" ".join(line.split()) for line in form["other_names"].splitlines()]
    others = [o for o in dict.fromkeys(others) if o and normalise(o) != normalise(name)]
    if not normalise(name):
        errors["name"] = _("Enter the forum's name.")
    elif max(len(name), len(normalise(name))) > NAME_LENGTH:
        errors["name"] = _("The name must be %(n)s characters or fewer.", n=NAME_LENGTH)
    elif _names_taken([name], forum_id):
        errors["name"] = _("A forum on the list already has that name.")
    if any(len(o) > NAME_LENGTH for o in others):
        errors["other_names"] = _("Each name must be %(n)s characters or fewer.", n=NAME_LENGTH)
    elif _names_taken(others, forum_id):
        errors["other_names"] = _("One of those names is already another forum's.")
    families = form["families"].replace(",", "").strip()
    # isdecimal, not isdigit: "²" is a digit int() cannot read; the length keeps int() quick.
    if not (families.isdecimal() and len(families) <= 9 and 1 <= int(families) <= MAX_FAMILIES):
        errors["families"] = _(
            "Enter the number of families as a whole number from 1 to %(max)s.",
            max=f"{MAX_FAMILIES:,}",
        )
    verified_on = _date(form)
    if verified_on is None:
        errors["day"] = _("Enter the date the size was verified, for example 3 12 2026.")
    elif verified_on > dt.date.today():
        errors["day"] = _("The date the size was verified must be today or in the past.")
    how = form["how_verified"].strip()
    if len(how) > HOW_LENGTH:
        errors["how_verified"] = _("Say how in %(n)s characters or fewer.", n=HOW_LENGTH)
    values = {
        "name": name,
        "key": normalise(name),
        "other_names": others,
        "families": int(families) if "families" not in errors else 0,
        "verified_on": verified_on,
        "how_verified": how,
    }
    return errors, values


def _listed() -> list[ParentCarerForum]:
    return list(
        db.session.execute(db.select(ParentCarerForum).order_by(ParentCarerForum.name)).scalars()
    )


@bp.route("/forums", methods=["GET", "POST"])
@auth.require(*EDITORS)
def forums():
    """The list, and a form to add a forum to it."""
    form = {k: "" for k in _typed()} if request.method == "GET" else _typed()
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not csrf_ok():
            abort(400)
        errors, values = _check(form, None)
        if not errors:
            forum = ParentCarerForum(**values, updated_by=auth.current_user().id)
            db.session.add(forum)
            db.session.flush()
            auth.audit("forum_added", target=f"forum:{forum.id}", detail=_detail(values))
            db.session.commit()
            flash(_("%(name)s added to the list.", name=forum.name), "info")
            return redirect(url_for(".forums"))
    return render_template("workspace/forums.html", listed=_listed(), form=form, errors=errors), (
        400 if errors else 200
    )


def _detail(values: dict[str, Any]) -> str:
    """What the audit log keeps of a change: the numbers and the date, not free text."""
    return f"families={values['families']} verified_on={values['verified_on'].isoformat()}"


@bp.route("/forums/<int:forum_id>", methods=["GET", "POST"])
@auth.require(*EDITORS)
def forum(forum_id: int):
    """Correct a forum's size, names or date, or take it off the list."""
    item = db.session.get(ParentCarerForum, forum_id) or abort(404)
    form, errors = _as_form(item), {}
    if request.method == "POST":
        if not csrf_ok():
            abort(400)
        if request.form.get("action") == "remove":
            remove_listed(item, "forum", _("%(name)s taken off the list.", name=item.name))
            return redirect(url_for(".forums"))
        form = _typed()
        errors, values = _check(form, item.id)
        if not errors:
            before = f"families={item.families} verified_on={item.verified_on.isoformat()}"
            change_listed(item, "forum", values, before, _detail(values))
            flash(_("%(name)s saved.", name=item.name), "info")
            return redirect(url_for(".forums"))
    return render_template("workspace/forum.html", forum=item, form=form, errors=errors), (
        400 if errors else 200
    )

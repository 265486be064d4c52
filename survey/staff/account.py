"""A member of staff's own account: their password and their two-factor sign-in.

Every change asks for the current password (a session left open on a shared
computer must not be enough to take the account over), is audited, and a
wrong current password counts towards the same throttle as signing in.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from survey.db import db
from survey.staff import auth, bp, second_factor, throttle, totp
from survey.staff.models import ROLES, User
from survey.staff.passwords import hash_password, problem, verify
from survey.staff.views import csrf_ok


def during_enrolment(view: Callable) -> Callable:
    """Reachable by someone who must still set up two-factor sign-in (see ``auth.require``)."""
    view.during_enrolment = True
    return view


def _current_password_ok(user: User) -> str | None:
    """None if the current password was given right, else what to tell the person."""
    held = throttle.keys(user.email)
    wait = throttle.wait_seconds(held)
    if wait:
        return _("Too many attempts. Try again in %(seconds)s seconds.", seconds=wait)
    if verify(user.password_hash, request.form.get("current_password", "")):
        return None
    throttle.failed(held)
    auth.audit("password_check_failed", target=f"user:{user.id}")
    db.session.commit()
    return _("Your current password is not right.")


@bp.get("/account")
@auth.require(*ROLES)
def account():
    user = auth.current_user()
    return render_template(
        "staff/account.html",
        codes_left=second_factor.recovery_codes_left(user) if user.two_factor else 0,
        required=auth.two_factor_required(user),
    )


@bp.route("/account/password", methods=["GET", "POST"])
@auth.require(*ROLES)
def change_password():
    user = auth.current_user()
    error = None
    if request.method == "POST":
        if not csrf_ok():
            abort(400)
        new = request.form.get("new_password", "")
        error = _current_password_ok(user)
        if error is None:
            error = problem(new, email=user.email, name=user.name)
        if error is None and new != request.form.get("new_password_again", ""):
            error = _("The two new passwords are not the same.")
        if error is None:
            user.password_hash = hash_password(new)
            here = auth.current_session()
            ended = auth.revoke_all(user)  # this one too: it gets a new token below
            auth.begin(user, started=here.created_at)  # the new token does not extend the day
            auth.audit(
                "password_changed", target=f"user:{user.id}", detail=f"sessions ended: {ended - 1}"
            )
            db.session.commit()
            flash(_("Your password has been changed. You are signed out everywhere else."), "info")
            return redirect(url_for("staff.account"))
    return render_template("staff/password.html", error=error), 400 if error else 200


@bp.route("/account/two-factor", methods=["GET", "POST"])
@auth.require(*ROLES)
@during_enrolment
def two_factor():
    """Set up two-factor sign-in: a key to type into an app, then a first code to confirm."""
    user = auth.current_user()
    if user.two_factor:
        return redirect(url_for("staff.account"))
    error = None
    if request.method == "POST":
        if not csrf_ok():
            abort(400)
        codes = second_factor.confirm(user, request.form.get("code", ""))
        if codes is not None:
            auth.audit("two_factor_on", target=f"user:{user.id}")
            db.session.commit()
            return render_template("staff/recovery_codes.html", codes=codes)
        error = _("That code is not right. Check the key was typed exactly, then try a new code.")
    secret = second_factor.start(user)
    db.session.commit()
    return render_template(
        "staff/two_factor.html",
        error=error,
        key=totp.grouped(secret),
        uri=totp.uri(secret, user.email),
        required=auth.two_factor_required(user),
    ), 400 if error else 200


@bp.post("/account/two-factor/<action>")
@auth.require(*ROLES)
def change_two_factor(action: str):
    """Turn two-factor off, or replace the recovery codes; both need the current password."""
    user = auth.current_user()
    if not csrf_ok() or action not in ("off", "new-codes") or not user.two_factor:
        abort(400)
    error = _current_password_ok(user)
    if error is not None:
        flash(error, "error")
        return redirect(url_for("staff.account"))
    if action == "new-codes":
        codes = second_factor.new_recovery_codes(user)
        auth.audit("recovery_codes_replaced", target=f"user:{user.id}")
        db.session.commit()
        return render_template("staff/recovery_codes.html", codes=codes)
    if auth.two_factor_required(user):
        abort(400)
    second_factor.turn_off(user)
    auth.audit("two_factor_off", target=f"user:{user.id}")
    db.session.commit()
    flash(_("Two-factor sign-in is off."), "info")
    return redirect(url_for("staff.account"))

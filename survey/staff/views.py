"""Sign in and out, the staff home page, and account administration."""

from __future__ import annotations

import datetime as dt

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import validate_csrf
from wtforms.validators import ValidationError

from survey.db import db
from survey.serving import ratelimit
from survey.staff import auth, bp
from survey.staff.models import ROLES, AuditEntry, User, now
from survey.staff.passwords import hash_password, problem, verify

# A hash to compare against when the email is unknown, so timing does not reveal accounts.
_DUMMY_HASH = hash_password("not-a-real-password-at-all")


def csrf_ok() -> bool:
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        return False
    return True


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/staff") and not target.startswith("//"):
        return target
    return url_for("staff.home")


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    error = None
    if request.method == "POST":
        wait = ratelimit.hit("sign_in", current_app.config["RATE_LIMIT_SIGN_IN"])
        if wait:
            error = _("Too many attempts. Try again in %(seconds)s seconds.", seconds=wait)
            return (
                render_template("staff/sign_in.html", error=error),
                429,
                {"Retry-After": str(wait)},
            )
        if not csrf_ok():
            error = _("Your sign-in form had expired. Please try again.")
        else:
            email = request.form.get("email", "").strip().lower()
            password = request.form.get("password", "")
            user = db.session.execute(
                db.select(User).where(User.email == email)
            ).scalar_one_or_none()
            if user is not None and user.locked_until and user.locked_until > now():
                verify(_DUMMY_HASH, password)
                error = _(
                    "Too many attempts. Try again in %(minutes)s minutes.",
                    minutes=auth.LOCK_MINUTES,
                )
            elif user is not None and user.active and verify(user.password_hash, password):
                user.failed_logins = 0
                user.locked_until = None
                auth.begin(user)
                auth.audit("sign_in", user=user)
                db.session.commit()
                return redirect(_safe_next(request.args.get("next")))
            else:
                if user is None:
                    verify(_DUMMY_HASH, password)
                else:
                    user.failed_logins += 1
                    if user.failed_logins >= auth.LOCK_AFTER:
                        user.locked_until = now() + dt.timedelta(minutes=auth.LOCK_MINUTES)
                    auth.audit("sign_in_failed", target=f"user:{user.id}", user=user)
                    db.session.commit()
                error = _("The email address or password is not right.")
    status = 400 if error else 200
    return render_template("staff/sign_in.html", error=error), status


@bp.post("/sign-out")
def sign_out():
    if csrf_ok():
        user = auth.current_user()
        if user is not None:
            auth.audit("sign_out", user=user)
        auth.end()
        db.session.commit()
    return redirect(url_for("staff.sign_in"))


@bp.get("/")
@auth.require(*ROLES)
def home():
    return render_template("staff/home.html")


@bp.get("/accounts")
@auth.require("admin")
def accounts():
    users = db.session.execute(db.select(User).order_by(User.email)).scalars().all()
    return render_template("staff/accounts.html", users=users, roles=ROLES)


@bp.post("/accounts")
@auth.require("admin")
def create_account():
    if not csrf_ok():
        abort(400)
    email = request.form.get("email", "").strip().lower()
    role = request.form.get("role", "")
    password = request.form.get("password", "")
    name = request.form.get("name", "").strip()[:120]
    issue = None
    if "@" not in email or role not in ROLES or not name:
        issue = _("Enter a name, an email address and a role.")
    elif db.session.execute(db.select(User).where(User.email == email)).first():
        issue = _("There is already an account with that email address.")
    else:
        issue = problem(password, email=email)
    if issue:
        flash(issue, "error")
        return redirect(url_for("staff.accounts"))
    user = User(email=email, name=name, role=role, password_hash=hash_password(password))
    db.session.add(user)
    db.session.flush()
    auth.audit("account_created", target=f"user:{user.id}", detail=f"role={role}")
    db.session.commit()
    flash(_("Account created."), "info")
    return redirect(url_for("staff.accounts"))


@bp.post("/accounts/<int:user_id>")
@auth.require("admin")
def change_account(user_id: int):
    if not csrf_ok():
        abort(400)
    user = db.session.get(User, user_id) or abort(404)
    action = request.form.get("action")
    if action == "role" and request.form.get("role") in ROLES:
        old, user.role = user.role, request.form["role"]
        auth.revoke_all(user)
        auth.audit("role_changed", target=f"user:{user.id}", detail=f"{old}->{user.role}")
    elif action == "deactivate" and user.id != auth.current_user().id:
        user.active = False
        auth.revoke_all(user)
        auth.audit("account_deactivated", target=f"user:{user.id}")
    elif action == "revoke":
        count = auth.revoke_all(user)
        auth.audit("sessions_revoked", target=f"user:{user.id}", detail=str(count))
    else:
        abort(400)
    db.session.commit()
    return redirect(url_for("staff.accounts"))


@bp.get("/audit")
@auth.require("admin")
def audit_log():
    entries = (
        db.session.execute(db.select(AuditEntry).order_by(AuditEntry.at.desc()).limit(500))
        .scalars()
        .all()
    )
    return render_template("staff/audit.html", entries=entries)

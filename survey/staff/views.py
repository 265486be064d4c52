"""Sign in (password, then a code if two-factor is on) and out, the home page, and accounts."""

from __future__ import annotations

import time

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_wtf.csrf import validate_csrf
from wtforms.validators import ValidationError

from survey.db import db
from survey.serving import ratelimit
from survey.staff import auth, bp, second_factor, throttle
from survey.staff.models import ROLES, AuditEntry, User
from survey.staff.passwords import hash_password, needs_rehash, problem, verify

# Checked when the account is unknown or deactivated, so every attempt costs one argon2
# verification and its time does not tell which accounts exist.
_DUMMY_HASH = hash_password("not-a-real-password-at-all")
PENDING_SECONDS = 300  # how long the code step waits after the password step


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


def _refused(template: str, error: str, status: int, wait: int = 0):
    headers = {"Retry-After": str(wait)} if wait else {}
    return render_template(template, error=error), status, headers


def _too_many(template: str, wait: int):
    error = _("Too many attempts. Try again in %(seconds)s seconds.", seconds=wait)
    return _refused(template, error, 429, wait)


def _signed_in(user: User, how: str, target: str | None):
    """The last step of every sign-in: a new session, the audit entry, a known device."""
    throttle.succeeded(user.email)
    auth.begin(user)
    auth.audit("sign_in", detail=how, user=user)
    db.session.commit()
    response = redirect(_safe_next(target))
    throttle.remember_device(response, user.email)
    return response


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    if request.method == "GET":
        return render_template("staff/sign_in.html", error=None)
    template = "staff/sign_in.html"
    wait = ratelimit.hit("sign_in", current_app.config["RATE_LIMIT_SIGN_IN"])
    if wait:
        return _too_many(template, wait)
    if not csrf_ok():
        return _refused(template, _("Your sign-in form had expired. Please try again."), 400)
    email = request.form.get("email", "").strip().lower()[:254]
    password = request.form.get("password", "")
    held = throttle.keys(email)
    wait = throttle.wait_seconds(held)
    if wait:  # the same answer for every address typed, account or not
        return _too_many(template, wait)
    user = db.session.execute(db.select(User).where(User.email == email)).scalar_one_or_none()
    usable = user is not None and user.active
    if verify(user.password_hash if usable else _DUMMY_HASH, password) and usable:
        if needs_rehash(user.password_hash):  # argon2 parameters changed since it was made
            user.password_hash = hash_password(password)
            auth.audit("password_rehashed", target=f"user:{user.id}", user=user)
        if user.two_factor:
            throttle.succeeded(email)
            session["staff_pending"] = {"user": user.id, "at": int(time.time())}
            db.session.commit()
            return redirect(url_for("staff.sign_in_code", next=request.args.get("next")))
        return _signed_in(user, "password", request.args.get("next"))
    throttle.failed(held)
    if user is not None:
        auth.audit("sign_in_failed", target=f"user:{user.id}", user=user)
    db.session.commit()
    return _refused(template, _("The email address or password is not right."), 400)


def _pending_user() -> User | None:
    """Whose password was right in this browser in the last few minutes, if anyone's."""
    pending = session.get("staff_pending")
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    user = db.session.get(User, pending.get("user"))
    return user if user is not None and user.active and user.two_factor else None


@bp.route("/sign-in/code", methods=["GET", "POST"])
def sign_in_code():
    """The second step: a code from the authenticator app, or a recovery code."""
    user = _pending_user()
    if user is None:
        return redirect(url_for("staff.sign_in"))
    template = "staff/sign_in_code.html"
    if request.method == "GET":
        return render_template(template, error=None)
    wait = ratelimit.hit("sign_in", current_app.config["RATE_LIMIT_SIGN_IN"])
    if wait:
        return _too_many(template, wait)
    if not csrf_ok():
        return _refused(template, _("Your sign-in form had expired. Please try again."), 400)
    held = throttle.code_keys(user)
    wait = throttle.wait_seconds(held)
    if wait:
        return _too_many(template, wait)
    how = second_factor.check(user, request.form.get("code", ""))
    if how is not None:
        session.pop("staff_pending", None)
        return _signed_in(user, how, request.args.get("next"))
    throttle.failed(held)
    auth.audit("sign_in_code_failed", target=f"user:{user.id}", user=user)
    db.session.commit()
    return _refused(template, _("That code is not right. Try the newest code."), 400)


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
        issue = problem(password, email=email, name=name)
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
    elif action == "reset_two_factor":  # a lost phone and lost recovery codes: set up again
        second_factor.turn_off(user)
        auth.revoke_all(user)
        auth.audit("two_factor_reset", target=f"user:{user.id}")
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

"""The Have Your Say web app: respondent journeys now, staff workspace later.

``create_app`` only reads configuration and wires extensions and blueprints;
questionnaire files are read on first use, so importing or creating the app
never touches the disk or the network.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from survey import catalogue, cli, dates, errors, i18n, ids, security
from survey.api import admin_bp as api_tokens_bp
from survey.api import bp as api_bp
from survey.api import setup as api_setup  # noqa: F401  (adds the tokens page link)
from survey.config import from_environment
from survey.db import db, engine_options, migrate
from survey.privacy import bp as privacy_bp
from survey.privacy import setup as privacy_setup
from survey.quarantine import bp as quarantine_bp
from survey.quarantine import setup as quarantine_setup
from survey.respond import bp as respond_bp
from survey.safeguarding import bp as safeguarding_bp
from survey.safeguarding import setup as safeguarding_setup
from survey.serving import setup as serving_setup
from survey.staff import bp as staff_bp
from survey.staff import setup as staff_setup
from survey.workspace import bp as workspace_bp
from survey.workspace import reporting as workspace_reporting
from survey.workspace import setup as workspace_setup
from survey.workspace.public import public_bp

MIGRATIONS = "survey/migrations"


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    # Tests (and a council's deployment) may keep instance files elsewhere than instance/.
    instance = (test_config or {}).get("INSTANCE_PATH") or os.environ.get("HYS_INSTANCE_PATH")
    app = Flask(__name__, instance_path=instance or None)
    app.config.from_mapping(from_environment(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(
        app.config["SQLALCHEMY_DATABASE_URI"], app.config.get("SQLALCHEMY_ENGINE_OPTIONS")
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    ids.init_app(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=_migrations_dir())
    catalogue.init_app(app)
    i18n.init_app(app)
    dates.init_app(app)  # after i18n: replaces Flask-Babel's date filters
    security.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    staff_setup.init_app(app)
    safeguarding_setup.init_app(app)
    privacy_setup.init_app(app)
    workspace_setup.init_app(app)
    workspace_reporting.init_app(app)
    serving_setup.init_app(app)
    quarantine_setup.init_app(app)
    app.register_blueprint(respond_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(safeguarding_bp)
    app.register_blueprint(privacy_bp)
    app.register_blueprint(workspace_bp)
    app.register_blueprint(public_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(api_tokens_bp)
    app.register_blueprint(quarantine_bp)
    return app


def _migrations_dir() -> str:
    from pathlib import Path

    return str(Path(__file__).resolve().parent / "migrations")

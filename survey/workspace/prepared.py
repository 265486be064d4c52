"""Large exports prepared by the background worker, kept briefly, then deleted.

A prepared file holds answers, so it lives in instance/exports/ (never under
static/), readable by the app's user only (0600 in a 0700 folder), is served
only to analysts through an audited route, and is removed after
EXPORT_KEEP_HOURS by ``flask --app app privacy purge``.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from flask import current_app

from survey import catalogue
from survey.db import db
from survey.files import create_private, private_folder
from survey.safeguarding.withholding import withheld_in
from survey.workspace import exporting
from survey.workspace.run import latest_snapshot


def folder() -> Path:
    return Path(current_app.instance_path) / "exports"


def write_prepared(payload: dict) -> str:
    """Write the export; written again if an answer was withheld while it was being written.

    An analysis run that withholds answers deletes the exports already prepared; one being
    written at that moment may have read an answer before its case was committed, so it
    compares the withheld answers before and after, and starts again if there are new ones.
    """
    q = catalogue.all_questionnaires()[payload["questionnaire"]]
    snap = latest_snapshot(q.id)
    private_folder(folder().parent)  # instance/ itself: on PostgreSQL nothing else made it
    private_folder(folder())
    name = f"{secrets.token_hex(16)}.{payload['fmt']}"
    partial = folder() / f".{name}.part"  # never offered for download until complete
    try:
        for _attempt in range(3):
            db.session.rollback()  # a fresh read: see every case committed so far
            before = withheld_in(q.id)
            partial.unlink(missing_ok=True)  # an earlier attempt's file
            with create_private(partial) as out:
                exporting.write(
                    q,
                    snap,
                    payload["kind"],
                    payload["fmt"],
                    current_app.config.get("SUPPRESSION_THRESHOLD"),
                    out,
                )
            db.session.rollback()
            if withheld_in(q.id) <= before:
                break
        else:
            raise RuntimeError("answers kept being withheld while it was written: export again")
        partial.rename(folder() / name)
    finally:
        partial.unlink(missing_ok=True)
    return name


def path_for(name: str) -> Path | None:
    candidate = folder() / Path(name).name
    finished = name and not candidate.name.startswith(".")  # a .part file is still being written
    return candidate if finished and candidate.is_file() else None


def remove_for(questionnaire_id: str) -> int:
    """Delete every prepared export of a questionnaire (the caller commits); returns how many.

    Used when an answer in them has just been withheld: a file prepared before that holds
    the answer, so it goes, and its job says why. The analyst can prepare a new one.
    """
    from survey.serving.models import Job

    jobs = db.session.execute(
        db.select(Job).where(Job.kind == "export", Job.status == "done")
    ).scalars()
    removed = 0
    for job in jobs:
        if job.payload.get("questionnaire") != questionnaire_id:
            continue
        path = path_for(job.result)
        if path is not None:
            path.unlink(missing_ok=True)
            removed += 1
        job.status, job.result = "withdrawn", ""
    return removed


def remove_old(hours: int) -> int:
    """Delete prepared exports older than ``hours``; returns how many."""
    if not folder().is_dir():
        return 0
    cutoff = time.time() - hours * 3600
    old = [p for p in folder().iterdir() if p.is_file() and p.stat().st_mtime < cutoff]
    for path in old:
        path.unlink()
    return len(old)

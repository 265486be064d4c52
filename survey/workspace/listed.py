"""Staff-maintained lists (parent carer forums, fieldwork periods): removing or correcting an
entry is audited the same way everywhere, so the audit log reads alike whichever list changed.
"""

from __future__ import annotations

from typing import Any

from flask import flash

from survey.db import db
from survey.staff import auth


def remove_listed(item: Any, kind: str, message: str) -> None:
    """Delete a listed entry, keeping its name in the audit log (the row itself is gone)."""
    auth.audit(f"{kind}_removed", target=f"{kind}:{item.id}", detail=f"was {item.name!r}")
    flash(message, "info")
    db.session.delete(item)
    db.session.commit()


def change_listed(item: Any, kind: str, values: dict[str, Any], before: str, after: str) -> None:
    """Apply checked values to an entry and audit what they were and what they became."""
    for key, value in values.items():
        setattr(item, key, value)
    item.updated_by = auth.current_user().id
    auth.audit(f"{kind}_changed", target=f"{kind}:{item.id}", detail=f"{before} -> {after}")
    db.session.commit()

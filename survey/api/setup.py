"""Wiring for the API: the admin's link to the tokens page (added on import)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from survey.staff.setup import LINKS

LINKS.append(("api_tokens.index", _l("API tokens"), frozenset({"admin"})))

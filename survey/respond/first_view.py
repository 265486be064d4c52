"""Question pages as a child first sees them, rendered once per process.

Before a child answers a page, its HTML is the same for every child who sees
it in the same language at the same point of the same questionnaire, except
for two values of their own: the form's CSRF token and their resume code. So
such a page is rendered once with markers where those two go, and each
request fills them in: a classroom arriving at page 3 together costs a string
replacement each, not a template render each.

Nothing a child typed is ever held here: a page with any answer on it, an
error or a message is rendered afresh every time (see ``views.page``).
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from markupsafe import escape

# Random per process, so no questionnaire text can contain (or forge) a marker.
CSRF_SLOT = "csrf-slot-" + secrets.token_hex(16)
CODE_SLOT = "code-slot-" + secrets.token_hex(16)


class FirstViews:
    """A bounded, least-recently-used store of rendered first views.

    Entries remember the questionnaire object they were rendered from: when
    the definitions are read again (a new object) the old pages stop matching.
    """

    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self._pages: OrderedDict[Hashable, tuple[object, str]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, owner: object, render: Callable[[], str]) -> str:
        with self._lock:
            hit = self._pages.get(key)
            if hit is not None and hit[0] is owner:
                self._pages.move_to_end(key)
                return hit[1]
        html = render()
        if CSRF_SLOT not in html or CODE_SLOT not in html:
            raise RuntimeError("a first view must carry both the CSRF and resume-code markers")
        with self._lock:
            self._pages[key] = (owner, html)
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)
        return html

    def __len__(self) -> int:
        return len(self._pages)


def fill(html: str, csrf_token: str, resume_code: str) -> str:
    """The page for this respondent: their own token and code where the markers are."""
    return html.replace(CSRF_SLOT, str(escape(csrf_token))).replace(
        CODE_SLOT, str(escape(resume_code))
    )

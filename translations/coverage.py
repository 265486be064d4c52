"""Prints how much of the interface each language covers, one line per language.

Run from the repository root: ``.venv/bin/python translations/coverage.py``.
A message counts when it is translated (every plural form filled) and not fuzzy;
the total is every message in messages.pot, so strings not yet merged count as missing.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

HERE = Path(__file__).resolve().parent


def _key(message_id):
    return message_id if isinstance(message_id, str) else tuple(message_id)


def coverage_lines() -> list[str]:
    with (HERE / "messages.pot").open("rb") as f:
        wanted = {_key(m.id) for m in read_po(f) if m.id}
    lines = []
    for po in sorted(HERE.glob("*/LC_MESSAGES/messages.po")):
        with po.open("rb") as f:
            catalog = read_po(f)
        done = sum(
            1
            for m in catalog
            if m.id
            and _key(m.id) in wanted
            and not m.fuzzy
            and all(m.string if isinstance(m.string, (list, tuple)) else [m.string])
        )
        total = len(wanted)
        percent = 100 * done // total if total else 100
        code = po.parent.parent.name
        lines.append(f"{code}: {percent}% ({done}/{total} messages)")
    return lines


if __name__ == "__main__":
    print("\n".join(coverage_lines()))

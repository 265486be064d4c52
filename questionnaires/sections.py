"""Sections: pages answered by someone other than the questionnaire's audience.

A parent carer's questionnaire may ask the parent to hand the phone to their child for a
few pages. Those pages are named in a ``sections:`` block, each with the respondent's
audience and age band, so the child's words are linted at the child's reading age,
screened as a child's, and counted and exported under children. A translation file may
cover one section only (``section: <id>`` at its top): the other pages stay in the
original language for that language's respondents.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from questionnaires import schema
from questionnaires.checks import Checker
from questionnaires.errors import did_you_mean
from questionnaires.model import Page, Section, Text

SECTION_KEY = "section"  # the reserved first line of a translation of one section
_BAND = re.compile(r"^(\d{1,2})\s*(?:-\s*(\d{1,2})|\+)$")
# The ages each audience's age band may span (children 0 to 17, young people 11 to 25).
_AGES = {"child": (0, 17), "young_person": (11, 25)}
_ALL = set(schema.ENUMS["audience"])
ADULT_BAND = "adult"


def band_problem(audience: str, band: Any) -> str:
    """Why ``band`` is not an age band for ``audience``, or "" when it is."""
    if audience not in _AGES:
        return "" if band in (None, ADULT_BAND) else f"a {audience} section's age band is 'adult'"
    if band is None:
        return f"a {audience} section needs its own age band"
    low, high = _AGES[audience]
    found = _BAND.match(str(band))
    if not found:
        return f"'{band}' is not an age band such as \"8-12\""
    first, last = int(found.group(1)), int(found.group(2) or high)
    if not low <= first <= last <= high:
        return f"'{band}' is outside the ages of a {audience} ({low} to {high})"
    return ""


def build_sections(
    data: dict, checker: Checker, text: Any, pages: Sequence[Page]
) -> tuple[Section, ...]:
    """Check the ``sections`` block against the pages, and make a ``Section`` of each entry.

    ``text`` is the loader's ``Builder.text``, so a section's title and intro are
    translated like every other text (``sections.<id>.title``, ``sections.<id>.intro``).
    """
    order = [p.id for p in pages]
    owner: dict[str, str] = {}
    seen: set[str] = set()
    built: list[Section] = []
    for si, raw in enumerate(data.get("sections") or []):
        path = ("sections", si)
        if not checker.keys(raw, schema.SECTION, path):
            continue
        sid = str(raw.get("id", f"section-{si + 1}"))
        if sid in seen:
            checker.error(
                (*path, "id"), "HYS021", f"section id '{sid}' is used twice", "give each its own id"
            )
        seen.add(sid)
        audience = raw.get("respondent")
        problem = band_problem(audience, raw.get("age_band")) if audience in _ALL else ""
        if problem:
            checker.error(
                (*path, "age_band"),
                "HYS084",
                problem,
                'write the ages of who answers this section, e.g. age_band: "8-12"'
                if audience in _AGES
                else "write 'age_band: adult', or remove it",
            )
        page_ids = [str(p) for p in raw.get("pages") or [] if isinstance(p, str)]
        if "pages" in raw and not page_ids:
            checker.error(
                (*path, "pages"),
                "HYS080",
                f"section '{sid}' has no pages",
                "list the ids of its pages, e.g. pages: [child-likes], or remove the section",
            )
        for pi, page_id in enumerate(page_ids):
            if page_id not in order:
                checker.error(
                    (*path, "pages", pi),
                    "HYS081",
                    f"section '{sid}' names page '{page_id}', which does not exist",
                    did_you_mean(page_id, order) or "use the id of a page under 'pages'",
                )
            elif page_id in owner:
                checker.error(
                    (*path, "pages", pi),
                    "HYS082",
                    f"page '{page_id}' is in two sections ('{owner[page_id]}' and '{sid}')",
                    "keep it in one section: one person answers each page",
                )
            else:
                owner[page_id] = sid
        _check_together(checker, (*path, "pages"), sid, page_ids, order)
        built.append(
            Section(
                id=sid,
                pages=tuple(page_ids),
                respondent=str(audience),
                age_band=str(raw.get("age_band", ADULT_BAND)),
                title=text(f"sections.{sid}.title", raw["title"]) if "title" in raw else None,
                intro=text(f"sections.{sid}.intro", raw["intro"]) if "intro" in raw else None,
            )
        )
    return tuple(built)


def _check_together(
    checker: Checker, path: tuple, sid: str, page_ids: list[str], order: list[str]
) -> None:
    """A section's pages follow one another, in the questionnaire's order: the phone is
    handed over once and handed back once."""
    places = [order.index(p) for p in page_ids if p in order]
    if places and (places != sorted(places) or places[-1] - places[0] != len(places) - 1):
        in_order = [order[i] for i in sorted(places)]
        checker.error(
            path,
            "HYS083",
            f"the pages of section '{sid}' are not next to each other in the questionnaire",
            f"move its pages together, then list them in order: [{', '.join(in_order)}]",
        )


def section_texts(section: Section, pages: Sequence[Page]) -> set[str]:
    """The translation keys that belong to ``section``: its own title and intro, its pages'
    titles and every text of their questions."""
    prefixes = [f"sections.{section.id}."]
    for page in pages:
        if page.id in section.pages:
            prefixes.append(f"pages.{page.id}.")
            prefixes += [f"questions.{q.id}." for q in page.questions]
    return set(prefixes)


def check_scope(
    checker: Checker,
    section_id: Any,
    entries: Mapping[str, str],
    sections: tuple[Section, ...],
    pages: Sequence[Page],
) -> None:
    """A translation of one section names a section that exists, and translates only it."""
    found = next((s for s in sections if s.id == section_id), None)
    if found is None:
        ids = [s.id for s in sections]
        checker.error(
            (SECTION_KEY,),
            "HYS064",
            f"'{section_id}' is not a section of this questionnaire",
            did_you_mean(str(section_id), ids)
            or (
                f"use one of: {', '.join(ids)}"
                if ids
                else "remove the 'section:' line to translate the whole questionnaire"
            ),
        )
        return
    prefixes = section_texts(found, pages)
    for key in entries:
        if not any(key.startswith(p) for p in prefixes):
            checker.error(
                (key,),
                "HYS065",
                f"'{key}' is outside section '{found.id}', which is all this file translates",
                "remove the line, or remove the 'section:' line to translate the whole "
                "questionnaire",
            )


def section_text_keys(section: Section, pages: Sequence[Page], keys: set[str]) -> set[str]:
    """Of ``keys``, those that belong to ``section``."""
    prefixes = section_texts(section, pages)
    return {k for k in keys if any(k.startswith(p) for p in prefixes)}


def heading(section: Section | None, title: Text) -> Text:
    """What a page in ``section`` is headed with: its own title when it has one."""
    return section.title if section is not None and section.title is not None else title

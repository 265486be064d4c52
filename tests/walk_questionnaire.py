"""A small questionnaire of our own, "Walking to school", with a Welsh file that leaves two
texts out (the first page's hint and its "By bus" option), for the language tests in the
browser and in the test client alike."""

from __future__ import annotations

from pathlib import Path

FIRST_PAGE = """\
id: walk
version: 1
title: Walking to school
audience: child
age_band: "8-12"
summary: How you get to school.
intro: A few questions about how you get to school.
thank_you: Thank you.
pages:
  - id: how
    title: Getting there
    questions:
      - id: way
        type: single_choice
        text: How do you get to school?
        hint: Choose the way you use most days.
        options:
          - value: walk
            label: I walk
          - value: bus
            label: By bus
"""
SECOND_PAGE = """\
  - id: feel
    questions:
      - id: feel_walk
        type: yes_no
        text: Do you like the way you get there?
"""
WELSH = """\
title: "Cerdded i'r ysgol"
summary: "Sut rwyt ti'n mynd i'r ysgol."
intro: "Ychydig o gwestiynau am sut rwyt ti'n mynd i'r ysgol."
thank_you: "Diolch."
pages.how.title: "Mynd yno"
questions.way.text: "Sut rwyt ti'n mynd i'r ysgol?"
questions.way.options.walk: "Dw i'n cerdded"
"""
SECOND_PAGE_WELSH = """\
questions.feel_walk.text: "Wyt ti'n hoffi'r ffordd rwyt ti'n mynd yno?"
"""
MISSING_IN_WELSH = ["questions.way.hint", "questions.way.options.bus"]


def write_walk(folder: Path, *, second_page: bool = False) -> Path:
    """Writes walk.yaml and walk.cy.yaml into ``folder`` (made if need be); a second page
    (a yes/no question) lets a test see the language of each answered page."""
    folder.mkdir(parents=True, exist_ok=True)
    extra, extra_welsh = (SECOND_PAGE, SECOND_PAGE_WELSH) if second_page else ("", "")
    (folder / "walk.yaml").write_text(FIRST_PAGE + extra)
    (folder / "walk.cy.yaml").write_text(WELSH + extra_welsh)
    return folder

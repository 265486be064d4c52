"""A loaded questionnaire as an XLSForm workbook, for ODK, KoboToolbox and Enketo.

Written from the loaded ``Questionnaire`` (not the raw YAML), so what is
exported is what respondents are asked: option values made from labels,
built-in yes/no and face wording, translations attached by key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from questionnaires.model import Page, Question, Questionnaire, Text
from questionnaires.xlsform import matrix
from questionnaires.xlsform.common import (
    LIST_COLUMNS,
    PREFER,
    PREFER_LABEL,
    QUESTION_TEXTS,
    SECTIONS_SHEET,
    SETTING_TEXTS,
    TYPE_TEXTS,
    TYPE_VALUES,
    WITH_LIST,
    constraint,
    header,
    language_name,
    relevant,
    words,
)

# Columns in the order an author reads them; any other (a language) keeps its place among its kind.
_ORDER = (
    "list_name",
    "type",
    "name",
    "label",
    "hint",
    "required",
    "relevant",
    "constraint",
    "appearance",
)
_ORDER += ("hys_type", "consent_label", "unit", "scale", "max_ranked", "other", "rows_from")
_ORDER += ("matrix", "privacy_note")
_ORDER += ("purpose", "themes", "uncrc", "outcomes", "form_id", "version")
_ORDER += ("form_title", "default_language", "audience", "age_band", "status", "retention_days")


def _texts(column: str, text: Text | None, language: str) -> dict[str, str]:
    if text is None:
        return {}
    found = {header(column, language): text.default}
    found.update({header(column, loc): words for loc, words in text.translations.items()})
    return found


def _condition(q: Questionnaire, cond) -> str:
    target = q.question(cond.question)
    multiple = target is not None and target.kind.several
    return relevant(cond, multiple)


def _question_row(q: Questionnaire, question: Question) -> dict[str, Any]:
    xtype, appearance = question.kind.xlsform
    lang = q.language
    row: dict[str, Any] = {
        "type": f"{xtype} {question.id}" if xtype in WITH_LIST else xtype,
        "name": question.id,
    }
    row |= _texts("label", question.text, lang) | _texts("hint", question.hint, lang)
    row["required"] = "yes" if question.required else ""
    row["relevant"] = _condition(q, question.show_if) if question.show_if else ""
    row["constraint"] = constraint(question.kind, dict(question.settings))
    row["appearance"] = appearance
    row["hys_type"] = question.type
    row |= _texts(QUESTION_TEXTS["privacy_note"], question.privacy_note, lang)
    row["purpose"] = question.purpose or ""
    for column in LIST_COLUMNS:
        row[column] = words(getattr(question, column))
    for key, column in TYPE_TEXTS.items():
        row |= _texts(column, question.settings.get(key), lang)
    for column in TYPE_VALUES:
        value = question.settings.get(column, "")
        row[column] = {True: "yes", False: "no"}.get(value, value) if value != "" else ""
    return row


def _group_rows(q: Questionnaire, page: Page) -> tuple[dict, dict]:
    begin = {"type": "begin_group", "name": page.id}
    begin |= _texts("label", page.title, q.language)
    begin["relevant"] = _condition(q, page.show_if) if page.show_if else ""
    begin["appearance"] = "field-list"  # one page, as on our site
    return begin, {"type": "end_group", "name": page.id}


def _choice_rows(q: Questionnaire, question: Question) -> list[dict[str, Any]]:
    rows = []
    for option in question.options:
        if option.builtin and question.settings.get("other"):
            continue  # "Other", added by the 'other' column as the loader adds it
        row = {"list_name": question.id, "name": option.value}
        row |= _texts("label", option.label, q.language)
        if option.exclusive:  # our column: XLSForm has no "none of these"
            row["exclusive"] = "yes"
        rows.append(row)
    if question.prefer_not_to_say:  # our own wording is translated by the app, not here
        rows.append({"list_name": question.id, "name": PREFER})
        rows[-1][header("label", q.language)] = PREFER_LABEL
    return rows


def _settings_row(q: Questionnaire) -> dict[str, Any]:
    row: dict[str, Any] = {"form_id": q.id, "version": q.version}
    row |= _texts(SETTING_TEXTS["title"], q.title, q.language)
    row["default_language"] = language_name(q.language)
    row |= {"audience": q.audience, "age_band": q.age_band, "status": q.status}
    row["retention_days"] = q.retention_days
    for key in ("summary", "intro", "privacy", "thank_you"):
        row |= _texts(SETTING_TEXTS[key], getattr(q, key), q.language)
    return row


def _section_rows(q: Questionnaire) -> list[dict[str, Any]]:
    """Our own sheet, ``hys_sections`` (ODK and Kobo ignore it): one row per section."""
    rows = []
    for section in q.sections:
        row: dict[str, Any] = {"name": section.id, "respondent": section.respondent}
        row |= {"age_band": section.age_band, "pages": " ".join(section.pages)}
        row |= _texts("label", section.title, q.language) | _texts(
            "intro", section.intro, q.language
        )
        only = sorted(loc for loc, sid in q.section_only.items() if sid == section.id)
        row["translated_only"] = " ".join(only)  # languages translated in this section only
        rows.append(row)
    return rows


def _sheet(book: Workbook, title: str, rows: list[dict[str, Any]]) -> None:
    sheet = book.create_sheet(title)
    columns: list[str] = []
    for row in rows:
        columns += [c for c, v in row.items() if c not in columns and v not in ("", None)]
    base = [c.partition("::")[0] for c in columns]
    rank = {
        c: (_ORDER.index(b) if b in _ORDER else len(_ORDER), i)
        for i, (c, b) in enumerate(zip(columns, base, strict=True))
    }
    columns.sort(key=rank.__getitem__)
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([row.get(c, "") for c in columns])


def workbook(q: Questionnaire) -> Workbook:
    """The questionnaire as survey, choices and settings sheets."""
    survey: list[dict[str, Any]] = []
    choices: list[dict[str, Any]] = []
    for page in q.pages:
        begin, end = _group_rows(q, page)
        survey.append(begin)
        for question in page.questions:
            row = _question_row(q, question)
            if question.kind.answer == "matrix":
                survey += matrix.export_rows(q, question, row, _texts, row["relevant"])
            else:
                survey.append(row)
            choices += _choice_rows(q, question)
        survey.append(end)
    book = Workbook()
    book.remove(book.active)
    _sheet(book, "survey", survey)
    _sheet(book, "choices", choices)
    _sheet(book, "settings", [_settings_row(q)])
    if q.sections:
        _sheet(book, SECTIONS_SHEET, _section_rows(q))
    return book


def export_xlsform(q: Questionnaire, path: Path | str) -> Path:
    """Write ``q`` as an XLSForm ``.xlsx`` at ``path``."""
    path = Path(path)
    workbook(q).save(path)
    return path

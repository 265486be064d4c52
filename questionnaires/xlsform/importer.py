"""An XLSForm workbook as a definition file (and its translation files), validated.

workbook -> rows (``sheets``) -> the YAML mapping and translations, remembering
which cell every key came from (``mapping``) -> written to a scratch folder and
loaded by the one loader every definition goes through -> on success, copied
into the questionnaire folder. A problem the loader finds is told against the
cell it came from, so the author fixes the spreadsheet, not a YAML file they
never saw.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from questionnaires import schema
from questionnaires.errors import Problem, QuestionnaireError
from questionnaires.loader import _slugify, load_file
from questionnaires.model import Questionnaire
from questionnaires.sections import SECTION_KEY
from questionnaires.xlsform.common import (
    SECTION_COLUMNS,
    SECTIONS_SHEET,
    SETTING_TEXTS,
    SETTING_VALUES,
    language_code,
)
from questionnaires.xlsform.mapping import CHOICES, REFUSED_COLUMNS, SETTINGS, SURVEY, Mapping
from questionnaires.xlsform.sheets import Place, Row, Workbook


@dataclass
class ImportResult:
    questionnaire: Questionnaire
    written: list[Path]
    notes: list[Problem] = field(default_factory=list)


def _settings(imp: Mapping, book: Workbook, form: Path, questionnaire_id: str | None) -> dict:
    sheet = book.sheets.get("settings")
    row = sheet.rows[0] if sheet and sheet.rows else Row("settings", 2)
    data: dict[str, Any] = {}
    given = questionnaire_id or row.get("form_id") or row.get("id_string")
    data["id"] = given or _slugify(form.stem.lower(), 1)
    version = row.get("version")
    data["version"] = int(version) if version.isdigit() and int(version) > 0 else 1
    if version and data["version"] != int(version if version.isdigit() else -1):
        imp.note(
            row.place("version"),
            f"version '{version}' is not a whole number",
            "the questionnaire starts at version 1; raise it by hand for a real change",
        )
    imp.text(row, "form_title" if "form_title" in row.cells else "title", "title", data, "title")
    if imp.language != "en":
        data["language"] = imp.language
    for key, column in {**SETTING_VALUES, **SETTING_TEXTS}.items():
        imp.places.setdefault(key, row.place(column))
        if key in ("id", "version", "title"):
            continue
        if key in SETTING_TEXTS:
            imp.text(row, column, key, data, key)
        elif row.get(column):
            value = row.get(column)
            data[key] = int(value) if key == "retention_days" and value.isdigit() else value
    if "status" not in data:
        data["status"] = "draft"
        imp.note(
            row.place("status"),
            "imported as a draft: it can be tried by its link",
            "check the wording, then set 'status: open' in the YAML file to list it",
        )
    return data


def _sections(imp: Mapping, sheet) -> list[dict[str, Any]]:
    """The ``hys_sections`` sheet: pages answered by someone else, and the languages
    translated in one section only (their translation file starts 'section: <id>')."""
    imp.columns(sheet, SECTION_COLUMNS, {})
    out = []
    for row in sheet.rows:
        sid = row.get("name")
        entry: dict[str, Any] = {"id": sid, "respondent": row.get("respondent")}
        if row.get("age_band"):
            entry["age_band"] = row.get("age_band")
        imp.text(row, "label", f"sections.{sid}.title", entry, "title")
        imp.text(row, "intro", f"sections.{sid}.intro", entry, "intro")
        entry["pages"] = row.get("pages").split()
        for locale in row.get("translated_only").split():
            imp.translations[locale] = {SECTION_KEY: sid, **imp.translations.get(locale, {})}
        out.append(entry)
    return out


def _default_language(book: Workbook) -> str:
    sheet = book.sheets.get("settings")
    written = sheet.rows[0].get("default_language") if sheet and sheet.rows else ""
    if written:
        code = language_code(written)
        if code is None:
            book.error(
                sheet.rows[0].place("default_language"),
                "HYS073",
                f"cannot tell which language '{written}' is",
                "write the language name and its code, e.g. 'English (en)'",
            )
        return code or "en"
    survey = book.sheets.get("survey")
    found = [lang for base, lang, _ in (survey.columns if survey else []) if base == "label"]
    return "en" if None in found or "en" in found or not found else str(found[0])


def _dump(data: Any, path: Path, note: str) -> None:
    text = yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=None
    )
    path.write_text(f"# {note}\n{text}", encoding="utf-8")


def _told(problem: Problem, places: dict[str, Place], files: dict[str, str], form: Path) -> Problem:
    """A loader problem told against the spreadsheet cell it came from.

    ``files`` maps each scratch file to its locale ('' for the definition) or,
    for a translation already in the folder, to the path it was copied from.
    """
    locale = files.get(problem.file, "")
    if Path(locale).is_absolute():
        return Problem(
            problem.code, locale, problem.path, problem.message, problem.fix, problem.line
        )
    key = problem.path if locale == "" else f"{locale}:{problem.path}"
    parts = re.split(r"(?=\.|\[)", key)
    place = next(
        (places[p] for i in range(len(parts), 0, -1) if (p := "".join(parts[:i])) in places), None
    )
    fix = problem.fix
    if problem.code == "HYS011" and place and place.column:
        fix = f"fill in the column '{place.column}' on the {place.sheet} sheet"
    return Problem(problem.code, str(form), str(place or ""), problem.message, fix)


def import_xlsform(
    form: Path | str,
    directory: Path | str,
    replace: bool = False,
    questionnaire_id: str | None = None,
) -> ImportResult:
    """Read ``form`` and write ``<id>.yaml`` and its translations into ``directory``.

    Nothing is written unless the whole questionnaire loads; every problem is
    raised at once, naming the sheet, row and column to change.
    """
    form, directory = Path(form), Path(directory)
    book = Workbook(form)
    if "survey" not in book.sheets:  # nothing more can be read
        if not book.problems:
            book.error(
                None,
                "HYS070",
                "there is no sheet called 'survey'",
                "name the sheet of questions 'survey' (and its options 'choices')",
            )
        raise QuestionnaireError(book.problems)
    imp = Mapping(book, _default_language(book))
    imp.columns(book.sheets["survey"], SURVEY, REFUSED_COLUMNS)
    lists: dict[str, list[Row]] = {}
    if "choices" in book.sheets:
        for choice in book.sheets["choices"].rows:
            lists.setdefault(choice.get("list_name") or choice.get("list name"), []).append(choice)
        imp.columns(book.sheets["choices"], CHOICES | {"list name"}, {})
    if "settings" in book.sheets:
        imp.columns(book.sheets["settings"], SETTINGS | {"title", "id_string"}, {})
    data = _settings(imp, book, form, questionnaire_id)
    data["pages"] = imp.survey(book.sheets["survey"], lists)
    if SECTIONS_SHEET in book.sheets:
        data["sections"] = _sections(imp, book.sheets[SECTIONS_SHEET])
    qid = str(data["id"])
    target = directory / f"{qid}.yaml"
    if target.exists() and not replace:
        book.error(
            imp.places["id"],
            "HYS070",
            f"{target} already exists",
            "use --replace to overwrite it, or --id to import under another id",
        )
    if not schema.SLUG.match(qid):
        book.error(
            imp.places["id"],
            "HYS012",
            f"'{qid}' cannot be a questionnaire id",
            "use lower-case letters, digits, '-' or '_', or give one with --id",
        )
    if any(not p.warning for p in book.problems):
        raise QuestionnaireError(book.problems)
    notes = [p for p in book.problems if p.warning]
    with tempfile.TemporaryDirectory() as scratch:
        trial = Path(scratch)
        note = f"Imported from {form.name}. Comments in the spreadsheet do not travel."
        _dump(data, trial / target.name, note)
        files = {str(trial / target.name): ""}
        for locale, entries in sorted(imp.translations.items()):
            _dump(entries, trial / f"{qid}.{locale}.yaml", f"{locale}: {note}")
            files[str(trial / f"{qid}.{locale}.yaml")] = locale
        for kept in directory.glob(f"{qid}.*.yaml"):  # other languages already translated
            if not (trial / kept.name).exists():
                shutil.copy(kept, trial / kept.name)
                files[str(trial / kept.name)] = str(kept.resolve())
        try:
            load_file(trial / target.name)
        except QuestionnaireError as exc:
            own = [p for p in exc.problems if p.file == str(trial / target.name)]
            # with the definition broken, the loader cannot tell which keys it has
            shown = [p for p in exc.problems if not own or p.code != "HYS061"]
            told = [_told(p, imp.places, files, form) for p in shown]
            raise QuestionnaireError([*told, *notes]) from None
        directory.mkdir(parents=True, exist_ok=True)
        written = []
        for name, locale in sorted(files.items(), key=lambda item: len(item[0])):
            if not Path(locale).is_absolute():
                written.append(Path(shutil.copy(name, directory / Path(name).name)))
    return ImportResult(load_file(target), written, notes)

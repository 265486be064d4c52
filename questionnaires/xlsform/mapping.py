"""The survey and choices sheets as the YAML mapping of pages and questions.

Each key is remembered with the cell it came from (``places``), so a problem
found now or later by the loader names the sheet, row and column to change.
"""

from __future__ import annotations

import re
from typing import Any

from questionnaires.errors import did_you_mean
from questionnaires.types import builtin_options, get_type
from questionnaires.xlsform import matrix
from questionnaires.xlsform.common import (
    ALIASES,
    GROUP,
    IMPORT_TYPES,
    KNOWN_TYPES,
    LIST_COLUMNS,
    METADATA,
    PREFER,
    QUESTION_TEXTS,
    REFUSED_TYPES,
    SETTING_TEXTS,
    SETTING_VALUES,
    TYPE_TEXTS,
    TYPE_VALUES,
    WITH_LIST,
    ExpressionError,
    parse_constraint,
    parse_relevant,
)
from questionnaires.xlsform.sheets import Place, Row, Sheet, Workbook

SURVEY = {"type", "name", "label", "hint", "required", "relevant", "constraint", "appearance"}
SURVEY |= {"hys_type", "purpose", *QUESTION_TEXTS.values(), *LIST_COLUMNS, *TYPE_TEXTS.values()}
SURVEY |= {*TYPE_VALUES, matrix.COLUMN}
CHOICES = {"list_name", "name", "label", "exclusive"}
SETTINGS = {*SETTING_TEXTS.values(), *SETTING_VALUES.values(), "default_language"}
REFUSED_COLUMNS = {
    "choice_filter": "choices cannot be filtered by an earlier answer: make one list per question",
    "calculation": "calculations are not supported: clear the column",
    "repeat_count": "repeats are not supported: clear the column",
}
_TRUE, _FALSE = {"yes", "true", "true()", "1"}, {"no", "false", "false()", "0"}


class Mapping:
    def __init__(self, book: Workbook, language: str):
        self.book = book
        self.language = language
        self.places: dict[str, Place] = {}  # YAML path or translation key -> cell
        self.translations: dict[str, dict[str, str]] = {}
        self.questions: dict[str, dict] = {}
        self.where: dict[str, str] = {}  # question id -> its YAML path (a matrix's rows)

    def error(self, place: Place | None, code: str, message: str, fix: str) -> None:
        self.book.error(place, code, message, fix)

    def note(self, place: Place, message: str, fix: str) -> None:
        self.book.error(place, "HYS074", message, fix, warning=True)

    def columns(self, sheet: Sheet, known: set[str], refused: dict[str, str]) -> None:
        """Unknown columns: a typo is an error; anything else is said aloud, not imported."""
        for base, _language, text in sheet.columns:
            filled = [r for r in sheet.rows if base in r.cells]
            if not base or base in known or base.startswith(("$", "_")) or not filled:
                continue  # '$kuid', '_version' and the like are Kobo's bookkeeping
            place = filled[0].place(base, _language)
            if base in refused:
                self.error(
                    place, "HYS073", f"the column '{text}' cannot be imported", refused[base]
                )
            elif hint := did_you_mean(base, known):
                self.error(place, "HYS073", f"unknown column '{text}'", hint)
            else:
                self.note(
                    place,
                    f"the column '{text}' ({len(filled)} rows) was not imported",
                    "the app writes its own messages and lays out pages for phones; "
                    "clear the column if nothing is lost",
                )

    def text(self, row: Row, column: str, key: str, into: dict, name: str) -> None:
        """A translatable cell: the default language into ``into``, the rest as translations."""
        cells = row.cells.get(column, {})
        plain, own = cells.get(None), cells.get(self.language)
        if plain and own and plain != own:
            self.error(
                row.place(column),
                "HYS073",
                f"'{column}' and '{row.headers[(column, self.language)]}' differ",
                "keep one of the two columns",
            )
        if plain or own:
            into[name] = plain or own
            self.places[key] = row.place(column, None if plain else self.language)
        for language, words in cells.items():
            if language not in (None, self.language):
                self.translations.setdefault(language, {})[key] = words
                self.places[f"{language}:{key}"] = row.place(column, language)

    def condition(self, row: Row, column: str) -> dict | None:
        expression = row.get(column)
        if not expression:
            return None
        try:
            question, found = parse_relevant(expression)
        except ExpressionError as exc:
            self.error(row.place(column), "HYS072", str(exc), exc.fix)
            return None
        target = self.questions.get(question)
        several = target and get_type(target["type"]).several
        if several and "equals" in found and "selected(" not in expression:
            self.error(
                row.place(column),
                "HYS072",
                f"'{question}' takes several answers, so '=' would match only "
                "that one answer on its own",
                f"write selected(${{{question}}}, 'x')",
            )
        return {"question": question, **found}

    # -- the survey sheet -------------------------------------------------------------
    def survey(self, sheet: Sheet, lists: dict[str, list[Row]]) -> list[dict]:
        pages: list[dict] = []
        group: dict | None = None
        for row in sheet.rows:
            written = row.get("type")
            if not written:
                self.error(
                    row.place("type"),
                    "HYS070",
                    "this row has no type",
                    "write a type such as 'text' or 'select_one list', or clear the row",
                )
                continue
            lowered = written.lower()
            for alias, name in ALIASES.items():
                if lowered.startswith(alias):
                    lowered = name + lowered[len(alias) :]
            words = lowered.split()
            kind = words[0]
            if kind in METADATA:
                self.note(
                    row.place("type"),
                    f"'{written}' was not imported",
                    "answers here are anonymous: no device, time or person data is kept",
                )
            elif kind in REFUSED_TYPES or kind not in KNOWN_TYPES:
                hint = did_you_mean(kind, [*IMPORT_TYPES, *GROUP])
                self.error(
                    row.place("type"),
                    "HYS071",
                    f"the type '{written}' cannot be represented"
                    if kind in REFUSED_TYPES
                    else f"unknown type '{written}'",
                    REFUSED_TYPES.get(kind)
                    or hint
                    or f"use one of: {', '.join([*IMPORT_TYPES, *GROUP])}",
                )
            elif kind == "begin_group":
                if group is not None:
                    self.error(
                        row.place("type"),
                        "HYS070",
                        "a group inside a group",
                        "end the first group before this one begins: each group is a page",
                    )
                group = self.page(row, len(pages))
                pages.append(group)
            elif kind == "end_group":
                if group is None:
                    self.error(
                        row.place("type"),
                        "HYS070",
                        "'end_group' with no group to end",
                        "remove it, or add a 'begin_group' row before it",
                    )
                group = None
            else:
                page = group
                if page is None:  # as in ODK Collect: a question outside a group is a page
                    page = {"id": row.get("name"), "questions": []}
                    self.places[f"pages[{len(pages)}]"] = row.place("name")
                    pages.append(page)
                if row.get(matrix.COLUMN) and kind == "select_one":
                    matrix.import_row(self, row, words, lists, self.where)
                    continue
                where = f"pages[{len(pages) - 1}].questions[{len(page['questions'])}]"
                question = self.question(row, kind, words, lists, where)
                if question is not None:
                    page["questions"].append(question)
                    self.questions[question["id"]] = question
                    self.where[question["id"]] = where
        if group is not None:
            self.error(
                Place("survey", sheet.rows[-1].number),
                "HYS070",
                f"the group '{group.get('id', '')}' has no 'end_group'",
                "add an 'end_group' row after its last question",
            )
        return pages

    def page(self, row: Row, index: int) -> dict:
        where = f"pages[{index}]"
        page: dict[str, Any] = {"id": row.get("name")}
        self.places |= {where: row.place("type"), f"{where}.id": row.place("name")}
        self.places[f"{where}.questions"] = row.place("type")
        self.text(row, "label", f"pages.{page['id']}.title", page, "title")
        self.places[f"{where}.title"] = self.places.get(f"pages.{page['id']}.title", row.place())
        if (cond := self.condition(row, "relevant")) is not None:
            page["show_if"] = cond
            self.places[f"{where}.show_if"] = row.place("relevant")
        page["questions"] = []
        return page

    def question(self, row: Row, kind: str, words: list[str], lists, where: str) -> dict | None:
        place = row.place("type")
        allowed = IMPORT_TYPES[kind]
        appearance = row.get("appearance")
        looks = {get_type(t).xlsform[1]: get_type(t) for t in allowed}
        if appearance and appearance not in looks:
            self.note(
                row.place("appearance"),
                f"the appearance '{appearance}' is not used",
                "the app lays out every question for small phones itself",
            )
        # An appearance names one of ours only where it says everything (a multiline text is
        # a long_text); a likert list is a feelings scale only when hys_type says so, as a
        # plain form's likert choices are its own, not our faces.
        looked = looks.get(appearance) if appearance else None
        ours = row.get("hys_type") or (
            looked.name if looked is not None and looked.options == "none" else allowed[0]
        )
        if ours not in allowed:
            hint = did_you_mean(ours, allowed) or f"use one of: {', '.join(allowed)}"
            self.error(
                row.place("hys_type"),
                "HYS071",
                f"hys_type '{ours}' cannot be asked as '{kind}'",
                hint,
            )
            return None
        extra = words[2:] if kind in WITH_LIST else words[1:]
        other = extra == ["or_other"] and kind == "rank"
        if extra and not other:
            self.error(
                place,
                "HYS071",
                f"'{' '.join(words)}' cannot be represented",
                "'or_other' works only with 'rank' (it adds 'Other' with a box): "
                "add a 'text' question after this one instead",
            )
        qid = row.get("name")
        q: dict[str, Any] = {"id": qid, "type": ours}
        columns = {"id": "name", "type": "type", "show_if": "relevant", "required": "required"}
        columns |= {k: "constraint" for k in ("min", "max", "max_length", "max_choices")}
        columns |= {k: k for k in ("purpose", *LIST_COLUMNS, *TYPE_VALUES)}
        columns |= {"options": "type", "labels": "type", "prefer_not_to_say": "type"}
        for key, column in (*QUESTION_TEXTS.items(), *TYPE_TEXTS.items()):
            self.text(row, column, f"questions.{qid}.{key}", q, key)
            columns[key] = column
        self.places |= {f"{where}.{k}": row.place(c) for k, c in columns.items()}
        self.places[where] = place
        required = row.get("required").lower()
        if required in _TRUE:
            q["required"] = True
        elif required and required not in _FALSE:
            self.error(
                row.place("required"),
                "HYS072",
                f"required '{required}' cannot be expressed",
                "write yes or no: a question cannot be required only sometimes",
            )
        if (cond := self.condition(row, "relevant")) is not None:
            q["show_if"] = cond
        if row.get("constraint"):
            try:
                q |= parse_constraint(row.get("constraint"), ours)
            except ExpressionError as exc:
                self.error(row.place("constraint"), "HYS072", str(exc), exc.fix)
        if row.get("purpose"):
            q["purpose"] = row.get("purpose")
        for column in LIST_COLUMNS:
            if items := [w for w in re.split(r"[\s,]+", row.get(column)) if w]:
                q[column] = [int(w) if w.isdigit() and column == "uncrc" else w for w in items]
        for column in TYPE_VALUES:
            if value := row.get(column):
                flag = {**dict.fromkeys(_TRUE, True), **dict.fromkeys(_FALSE, False)}
                q[column] = int(value) if value.isdigit() else flag.get(value.lower(), value)
        if other:
            q["other"] = True
        if kind in WITH_LIST:
            self.options(row, q, words[1] if len(words) > 1 else "", lists, where)
        return q

    def options(
        self,
        row: Row,
        q: dict,
        name: str,
        lists: dict[str, list[Row]],
        where: str,
        key: str = "options",
    ) -> None:
        """The choices of list ``name`` as ``q[key]`` ('options', or a matrix's 'scale')."""
        rows = lists.get(name)
        if not name:
            self.error(
                row.place("type"),
                "HYS070",
                f"'{q['type']}' needs a choice list",
                f"name its list after the type, e.g. '{row.get('type')} colours'",
            )
            return
        if not rows:
            hint = did_you_mean(name, lists) or "add its choices to the choices sheet"
            self.error(row.place("type"), "HYS070", f"no choice list called '{name}'", hint)
            return
        qid, kept = q["id"], []
        for choice in rows:
            if choice.get("name") == PREFER:
                q[PREFER] = True
                continue
            kept.append(choice)
        qtype = get_type(q["type"])
        if qtype.options == "builtin" and "labels" in qtype.keys:  # built in, worded by the author
            self.faces(row, q, kept)
            return
        if qtype.options == "builtin":
            names = [c.get("name") for c in kept]
            fixed = [v for v, _, _ in builtin_options(qtype, q)]
            if names != fixed[: len(names)] or len(names) < 2:
                self.error(
                    row.place("hys_type"),
                    "HYS071",
                    f"a {qtype.name} question has the choices {', '.join(fixed)}; '{name}' has "
                    f"{', '.join(names)}",
                    "write hys_type single_choice to keep your own",
                )
            return
        q[key] = []
        for i, choice in enumerate(kept):
            option: dict[str, Any] = {"value": choice.get("name")}
            self.text(choice, "label", f"questions.{qid}.{key}.{option['value']}", option, "label")
            self.places[f"{where}.{key}[{i}]"] = choice.place("name")
            self.places[f"{where}.{key}[{i}].value"] = choice.place("name")
            self.places[f"{where}.{key}[{i}].label"] = choice.place("label")
            if choice.get("exclusive") in _TRUE:
                option["exclusive"] = True
                self.places[f"{where}.{key}[{i}].exclusive"] = choice.place("exclusive")
            q[key].append(option)

    def faces(self, row: Row, q: dict, kept: list[Row]) -> None:
        """Built-in options the author may reword (``labels``): a feelings scale's faces."""
        names = [c.get("name") for c in kept]
        scale = q.get("scale", len(names))
        faces = builtin_options(get_type(q["type"]), {"scale": scale})
        if names != [v for v, _, _ in faces] or scale not in (3, 5):
            self.error(
                row.place("type"),
                "HYS071",
                f"a feelings scale has the choices 1 to 3 or 1 to 5, not {', '.join(names)}",
                "write hys_type single_choice to keep these choices",
            )
            return
        labels: list[str] = []
        for i, choice in enumerate(kept, start=1):
            into: dict[str, str] = {}
            self.text(choice, "label", f"questions.{q['id']}.labels.{i}", into, "label")
            labels.append(into.get("label", ""))
        translated = any(f"questions.{q['id']}.labels.1" in t for t in self.translations.values())
        if translated or labels != [label for _, label, _ in faces]:
            q["labels"] = labels  # otherwise the built-in words, translated by the app

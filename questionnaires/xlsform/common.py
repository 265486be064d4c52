"""What export and import share: how our types, texts and conditions are written in XLSForm.

XLSForm (the spreadsheet format of ODK, KoboToolbox and Enketo) keeps a form in
three sheets: ``survey`` (one row per question, groups as begin/end rows),
``choices`` (one row per option of a named list) and ``settings`` (one row).
Our own keys that XLSForm has no column for travel in extra columns named as
in the YAML; ODK and Kobo ignore columns they do not know, so an exported file
still works there, and comes back to us whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from babel import Locale, UnknownLocaleError

from questionnaires import schema
from questionnaires.model import Condition
from questionnaires.types import QuestionType, get_type, xlsform_types

# Our type's XLSForm type and appearance are its entry's ``xlsform`` (questionnaires/types.py);
# choice types name their choice list after the question. Reading a file, an XLSForm type may
# carry any of ours written as it; the first is what a plain ODK or Kobo form means.
IMPORT_TYPES: dict[str, tuple[str, ...]] = xlsform_types()
IMPORT_TYPES["trigger"] = IMPORT_TYPES["acknowledge"]  # the older name of acknowledge
WITH_LIST = ("select_one", "select_multiple", "rank")
GROUP = ("begin_group", "end_group")

_NO_DATES = "a date can identify someone (a date of birth always does)"
_NO_PLACE = "a location can identify someone"
# Types we cannot represent, with why and what to use instead.
REFUSED_TYPES: dict[str, str] = {
    "decimal": "answers are whole numbers here: use 'integer'",
    "range": "use 'integer' with a constraint such as '. >= 1 and . <= 10'",
    "date": f"{_NO_DATES}: ask for an age band with 'select_one' instead",
    "time": f"{_NO_DATES}: ask with 'select_one' (e.g. morning, afternoon) instead",
    "datetime": f"{_NO_DATES}: ask with 'select_one' instead",
    "geopoint": f"{_NO_PLACE}: ask for an area with 'select_one' instead",
    "geotrace": f"{_NO_PLACE}: ask for an area with 'select_one' instead",
    "geoshape": f"{_NO_PLACE}: ask for an area with 'select_one' instead",
    "image": "photos cannot be taken here: remove the row",
    "audio": "recordings cannot be made here: remove the row",
    "background-audio": "recordings cannot be made here: remove the row",
    "video": "videos cannot be taken here: remove the row",
    "file": "files cannot be uploaded here: remove the row",
    "barcode": "barcodes cannot be scanned here: remove the row",
    "calculate": "calculations are not supported: remove the row",
    "hidden": "hidden values are not supported: remove the row",
    "xml-external": "external data is not supported: remove the row",
    "csv-external": "external data is not supported: remove the row",
    "begin_repeat": "each respondent answers each question once: remove the repeat, "
    "or write the questions out as many times as needed",
    "end_repeat": "each respondent answers each question once: remove the repeat",
    "select_one_from_file": "put the choices on the choices sheet and use 'select_one'",
    "select_multiple_from_file": "put the choices on the choices sheet and use 'select_multiple'",
}
# Metadata ODK collects about the device and the person: never collected here.
METADATA = (
    "start",
    "end",
    "today",
    "deviceid",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "email",
    "audit",
    "start-geopoint",
)
ALIASES = {
    "select one": "select_one",
    "select all that apply": "select_multiple",
    "select multiple": "select_multiple",
    "begin group": "begin_group",
    "end group": "end_group",
    "begin repeat": "begin_repeat",
    "end repeat": "end_repeat",
}
KNOWN_TYPES = (*IMPORT_TYPES, *GROUP, *REFUSED_TYPES, *METADATA)

# Columns of ours, named as the YAML keys; translatable ones take '::language' like 'label'.
QUESTION_TEXTS = {"text": "label", "hint": "hint", "privacy_note": "privacy_note"}
SETTING_TEXTS = {"title": "form_title", "summary": "summary", "intro": "intro"}
SETTING_TEXTS |= {"privacy": "privacy", "thank_you": "thank_you"}
SETTING_VALUES = {"id": "form_id", "version": "version", "audience": "audience"}
SECTIONS_SHEET = "hys_sections"  # our own sheet: pages answered by someone else
SECTION_COLUMNS = {"name", "respondent", "age_band", "pages", "label", "intro", "translated_only"}
SETTING_VALUES |= {"age_band": "age_band", "status": "status", "retention_days": "retention_days"}
TYPE_TEXTS = {"label": "consent_label", "unit": "unit"}  # type keys that are words
LIST_COLUMNS = ("themes", "uncrc", "outcomes")
TYPE_VALUES = ("scale", "max_ranked", "other", "rows_from")  # type keys that are not words
PREFER = "prefer_not_to_say"
PREFER_LABEL = "Prefer not to say"


def language_name(code: str) -> str:
    """'cy' -> 'Welsh (cy)', the header suffix the ODK documentation asks for."""
    try:
        name = Locale.parse(code).get_display_name("en") or code
    except (ValueError, UnknownLocaleError):
        name = code
    return f"{name} ({code})"


def language_code(suffix: str) -> str | None:
    """The code in 'Welsh (cy)', 'cy' or 'Welsh'; None when it cannot be told."""
    suffix = suffix.strip()
    found = re.search(r"\(([^()]+)\)\s*$", suffix)
    if found:
        suffix = found.group(1).strip()
    if schema.LOCALE.match(suffix):
        return suffix
    by_name = {name.lower(): code for code, name in Locale("en").languages.items()}
    code = by_name.get(suffix.lower())
    return code if code and schema.LOCALE.match(code) else None


def header(column: str, language: str | None) -> str:
    return f"{column}::{language_name(language)}" if language else column


def quoted(value: str) -> str:
    return "'" + value + "'"


def relevant(cond: Condition, multiple: bool) -> str:
    """A show_if as an XLSForm 'relevant' expression, in the forms ``parse_relevant`` reads."""
    ref = "${" + cond.question + "}"
    if cond.answered is not None:
        return f"{ref} != ''" if cond.answered else f"{ref} = ''"
    if multiple:
        return " or ".join(f"selected({ref}, {quoted(v)})" for v in cond.equals)
    return " or ".join(f"{ref} = {quoted(v)}" for v in cond.equals)


_NAME = r"\$\{([^}\s]+)\}"
_VALUE = r"(?:'([^']*)'|\"([^\"]*)\"|(-?\d+))"
_EQUALS = re.compile(rf"^{_NAME}\s*(!?=)\s*{_VALUE}$")
_SELECTED = re.compile(rf"^selected\(\s*{_NAME}\s*,\s*{_VALUE}\s*\)$")
_RELEVANT_HELP = (
    "write one earlier answer, as ${q} = 'x', selected(${q}, 'x') (a select_multiple), "
    "several values joined by 'or', or ${q} != '' (answered)"
)


class ExpressionError(ValueError):
    """An expression outside the forms we can express; carries the fix for the author."""

    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.fix = fix


def _value(match: re.Match, first: int) -> str:
    return next(g for g in match.groups()[first:] if g is not None)


def _unwrap(text: str) -> str:
    """'(a or b)' -> 'a or b', but '(a) or (b)' stays as it is."""
    text = text.strip()
    while text.startswith("(") and text.endswith(")"):
        depth = 0
        for i, char in enumerate(text):
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth == 0 and i < len(text) - 1:
                return text
        text = text[1:-1].strip()
    return text


def _terms(expression: str, joiner: str) -> list[str]:
    return [_unwrap(t) for t in re.split(rf"\s+{joiner}\s+", _unwrap(expression))]


def parse_relevant(expression: str) -> tuple[str, dict]:
    """``${q} = 'a' or ${q} = 'b'`` -> ('q', {'equals': ['a', 'b']}); ExpressionError otherwise."""
    if re.search(r"\s+and\s+", expression):
        raise ExpressionError(
            f"'{expression}' joins conditions with 'and', which cannot be expressed",
            "a page and a question can each depend on one earlier answer: put the question "
            "in a group whose relevant is one condition, and give the question the other",
        )
    question, equals, answered = None, [], None
    for term in _terms(expression, "or"):
        match = _EQUALS.match(term) or _SELECTED.match(term)
        if match is None:
            raise ExpressionError(f"'{term}' cannot be expressed", _RELEVANT_HELP)
        name, value = match.group(1), _value(match, 2 if match.re is _EQUALS else 1)
        negated = match.re is _EQUALS and match.group(2) == "!="
        if question not in (None, name):
            raise ExpressionError(
                f"'{expression}' depends on two questions, '{question}' and '{name}'",
                "depend on one earlier answer; put the question in a group (a page) to "
                "depend on a second",
            )
        question = name
        if value == "":
            answered = negated
        elif negated:
            raise ExpressionError(f"'{term}' (not equal) cannot be expressed", _RELEVANT_HELP)
        else:
            equals.append(value)
    if answered is not None and (equals or len(_terms(expression, "or")) > 1):
        raise ExpressionError(f"'{expression}' mixes 'answered' with values", _RELEVANT_HELP)
    return str(question), {"answered": answered} if answered is not None else {
        "equals": equals[0] if len(equals) == 1 else equals
    }


def used_selected(expression: str) -> bool:
    return "selected(" in expression


_BOUND = re.compile(
    r"^(string-length\(\s*\.\s*\)|count-selected\(\s*\.\s*\)|\.)\s*(<=|>=|<|>)\s*(-?\d+)$"
)
# Each key an entry's ``xlsform_constraint`` names: the XLSForm subject it bounds, whether it
# is a lower bound, and an example for the fix.
_LIMITS: dict[str, tuple[str, bool, int]] = {
    "min": (".", True, 1),
    "max": (".", False, 20),
    "max_length": ("string-length(.)", False, 200),
    "max_choices": ("count-selected(.)", False, 3),
}


def _limit(key: str, value: object) -> str:
    subject, lower, _example = _LIMITS[key]
    return f"{subject} {'>=' if lower else '<='} {value}"


def _constraint_help(qtype: QuestionType) -> str:
    examples = [_limit(k, _LIMITS[k][2]) for k in qtype.xlsform_constraint]
    joined = " or both joined by 'and'" if len(examples) > 1 else ""
    return "write " + ", ".join(f"'{e}'" for e in examples) + joined


def constraint(qtype: QuestionType, settings: dict) -> str:
    """The type's bounding keys (min/max, max_length, max_choices) as an XLSForm constraint."""
    parts = [_limit(k, settings[k]) for k in qtype.xlsform_constraint if k in settings]
    return " and ".join(parts)


def parse_constraint(expression: str, qtype_name: str) -> dict[str, int]:
    """The reverse of ``constraint``, for the question type named ``qtype_name``."""
    qtype = get_type(qtype_name)
    keys = qtype.xlsform_constraint
    if not keys:
        raise ExpressionError(
            f"a constraint on a {qtype.name} question cannot be expressed",
            "remove the constraint",
        )
    found: dict[str, int] = {}
    for term in _terms(expression, "and"):
        match = _BOUND.match(term)
        subject = re.sub(r"\s", "", match.group(1)) if match else ""
        if match is None or subject != _LIMITS[keys[0]][0]:
            raise ExpressionError(f"'{term}' cannot be expressed", _constraint_help(qtype))
        op, number = match.group(2), int(match.group(3))
        number += {"<": -1, ">": 1}.get(op, 0)  # whole numbers: '. < 10' is '. <= 9'
        key = next((k for k in keys if _LIMITS[k][1] == op.startswith(">")), None)
        if key is None:
            raise ExpressionError(
                f"'{term}' (a lower limit) cannot be expressed", _constraint_help(qtype)
            )
        found[key] = number
    return found


def words(value: Iterable[object]) -> str:
    return " ".join(str(v) for v in value)

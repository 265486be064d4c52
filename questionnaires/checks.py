"""Checks of a definition's raw YAML against the schema and the type registry.

Each check adds a ``Problem`` to a ``Checker`` rather than raising, so an author
sees every problem in a file at once, each with its line and a fix.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from questionnaires import schema
from questionnaires.errors import Problem, did_you_mean
from questionnaires.model import Question
from questionnaires.types import PREFER_NOT_TO_SAY, REGISTRY, QuestionType, types_for

# What each purpose that only some types can serve (questionnaires/types.py, ``purposes``)
# is for, and what the question should hold, for the message when it is put on another type.
PURPOSE_NEEDS: dict[str, tuple[str, str]] = {
    "group_size": ("says how many people an answer speaks for", ""),
    "forum_name": (
        "is the name a forum gives, matched to the council's list of forums",
        "",
    ),
    "district": (
        "puts each respondent in one part of the council's area",
        " listing the districts",
    ),
}


def _where(node: yaml.Node | None, path: tuple) -> int | None:
    """The line (1-based) of ``path`` inside a composed YAML node tree."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in path:
        if isinstance(node, yaml.MappingNode):
            found = next((v for k, v in node.value if k.value == part), None)
            key = next((k for k, _ in node.value if k.value == part), None)
            if found is None:
                return line
            node, line = found, (key.start_mark.line + 1)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return line
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def _path_text(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class Checker:
    """Collects problems for one file, so all of them are reported at once."""

    def __init__(self, file: Path, node: yaml.Node | None):
        self.file = str(file)
        self.node = node
        self.problems: list[Problem] = []

    def error(self, path: tuple, code: str, message: str, fix: str) -> None:
        self.problems.append(
            Problem(code, self.file, _path_text(path), message, fix, _where(self.node, path))
        )

    def keys(self, data: Any, spec: Mapping[str, tuple[str, bool]], path: tuple) -> bool:
        """Check a mapping's keys; True when it is a mapping at all."""
        if not isinstance(data, dict):
            self.error(
                path,
                "HYS012",
                f"expected a mapping of keys, found {type(data).__name__}",
                "write 'key: value' lines indented under this entry",
            )
            return False
        for key in data:
            if key not in spec:
                hint = did_you_mean(key, spec)
                self.error(
                    (*path, key),
                    "HYS010",
                    f"unknown key '{key}'",
                    hint or f"remove it; allowed keys here: {', '.join(spec)}",
                )
        for key, (kind, required) in spec.items():
            if key not in data:
                if required:
                    self.error((*path, key), "HYS011", f"missing '{key}'", f"add '{key}:' ({kind})")
                continue
            self.value(data[key], kind, (*path, key))
        return True

    def value(self, value: Any, kind: str, path: tuple) -> None:
        ok = True
        fix = ""
        if kind in schema.ENUMS:
            allowed = schema.ENUMS[kind]
            if value not in allowed:
                hint = did_you_mean(value, allowed)
                self.error(
                    path,
                    "HYS013",
                    f"'{value}' is not a valid {kind}",
                    hint or f"use one of: {', '.join(allowed)}",
                )
            return
        if kind == "type":
            if not isinstance(value, str) or value not in REGISTRY:
                hint = did_you_mean(value, REGISTRY)
                self.error(
                    path,
                    "HYS020",
                    f"unknown question type '{value}'",
                    hint or f"use one of: {', '.join(REGISTRY)}",
                )
            return
        if kind == "slug":
            ok = isinstance(value, str) and bool(schema.SLUG.match(value))
            fix = (
                "use lower-case letters, digits, '-' or '_' (up to 64), e.g. 'school-life'; "
                "put a number in quotes, e.g. '8'"
            )
        elif kind == "locale":
            ok = isinstance(value, str) and bool(schema.LOCALE.match(value))
            fix = "use a language code such as 'en', 'cy' or 'pl'"
        elif kind in ("text", "str"):
            ok = isinstance(value, str) and bool(value.strip())
            fix = "write the words as text; put quotes around it if it starts with a symbol"
        elif kind == "bool":
            ok = isinstance(value, bool)
            fix = "write true or false"
        elif kind in ("int", "positive_int"):
            ok = isinstance(value, int) and not isinstance(value, bool)
            ok = ok and (kind == "int" or value >= 1)
            fix = "write a whole number" + (" of 1 or more" if kind == "positive_int" else "")
        elif kind == "list":
            ok = isinstance(value, list) and bool(value)
            fix = "write a list with at least one entry, each starting with '- '"
        elif kind in ("str_list", "slug_list", "text_list"):
            ok = isinstance(value, list) and all(isinstance(v, str) and v for v in value)
            fix = "write a list of words, e.g. [family, school]"
        elif kind == "article_list":
            ok = isinstance(value, list) and all(
                isinstance(v, int) and v in schema.UNCRC_ARTICLES for v in value
            )
            fix = "write UNCRC article numbers from 1 to 54, e.g. [12, 31]"
        elif kind == "scalar_or_list":
            items = value if isinstance(value, list) else [value]
            ok = bool(items) and all(isinstance(v, str | int | bool) for v in items)
            fix = "write an option value, or a list of them"
        elif kind == "condition":
            self.keys(value, schema.CONDITION, path)
            return
        elif kind == "any":  # checked where the key is used (a matrix's rows and scale)
            return
        elif kind == "options":
            ok = isinstance(value, list) and bool(value)
            fix = "write a list of options, each '- value: ...' with 'label: ...'"
        else:  # a kind used in schema.py but not handled here is a bug, not a pass
            raise AssertionError(f"schema kind {kind!r} has no check")
        if not ok:
            self.error(path, "HYS012", f"this should be {kind.replace('_', ' ')}", fix)


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~10x faster


def read_yaml(path: Path, checker: Checker) -> Any:
    """Parse once, keeping the node tree for line numbers and the data for checking."""
    try:
        loader = _Loader(path.read_text(encoding="utf-8"))
        try:
            checker.node = loader.get_single_node()
            return None if checker.node is None else loader.construct_document(checker.node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        checker.problems.append(
            Problem(
                "HYS001",
                str(path),
                "",
                f"this is not valid YAML: {exc.problem}",
                "check the indentation and quotes on this line and the one above",
                mark.line + 1 if mark else None,
            )
        )
    except (OSError, UnicodeDecodeError) as exc:
        checker.problems.append(
            Problem("HYS001", str(path), "", f"cannot read the file: {exc}", "save it as UTF-8")
        )
    return None


def check_type_settings(checker: Checker, q: dict, qtype: QuestionType, path: tuple) -> None:
    """Type-specific rules that a key table alone cannot say."""
    purpose = q.get("purpose")
    carriers = types_for(purpose) if isinstance(purpose, str) else ()
    if carriers and purpose not in qtype.purposes:
        why, listing = PURPOSE_NEEDS[purpose]  # a test holds one for every restricted purpose
        named = " or ".join(f"'{name}'" for name in carriers)
        checker.error(
            (*path, "purpose"),
            "HYS041",
            f"'{purpose}' {why}: it needs a {' or '.join(carriers)}",
            f"use it on a {named} question{listing}, or remove it",
        )
    if q.get("required") and qtype.answer == "none":
        checker.error(
            (*path, "required"),
            "HYS041",
            f"a {qtype.name} has nothing to answer, so it cannot be required",
            "remove 'required'",
        )
    if qtype.options == "builtin" and "scale" in qtype.keys:  # the faces: 3 or 5 of them
        scale = q.get("scale", 5)
        if scale not in (3, 5):
            checker.error(
                (*path, "scale"),
                "HYS041",
                "a feelings scale has 3 or 5 faces",
                "write 'scale: 3' or 'scale: 5'",
            )
        elif isinstance(q.get("labels"), list) and len(q["labels"]) != scale:
            checker.error(
                (*path, "labels"),
                "HYS041",
                f"{len(q['labels'])} labels for {scale} faces",
                f"write exactly {scale} labels, saddest first",
            )
    low, high = q.get("min"), q.get("max")
    if qtype.answer == "number" and isinstance(low, int) and isinstance(high, int) and low > high:
        checker.error(
            (*path, "min"), "HYS041", "'min' is larger than 'max'", "swap them, or correct one"
        )
    for key in ("max_length", "max_choices", "max_ranked"):
        if key in q and isinstance(q[key], int) and q[key] < 1:
            checker.error((*path, key), "HYS041", f"'{key}' must be 1 or more", "raise it")
    if q.get("prefer_not_to_say") and qtype.answer not in ("choice", "choices"):
        checker.error(
            (*path, "prefer_not_to_say"),
            "HYS041",
            f"'prefer not to say' does not apply to a {qtype.name} question",
            "remove it; every question is optional unless 'required: true'",
        )


def check_condition(
    checker: Checker, cond: Any, earlier: Mapping[str, Question], path: tuple
) -> None:
    if not isinstance(cond, dict) or "question" not in cond:
        return
    target = earlier.get(cond["question"])
    if target is None:
        hint = did_you_mean(cond["question"], earlier)
        checker.error(
            (*path, "question"),
            "HYS030",
            f"show_if refers to '{cond['question']}', which is not on an earlier page",
            hint
            or "name a question on an earlier page (pages work without JavaScript, so a "
            "question cannot depend on one beside it)",
        )
        return
    if ("equals" in cond) == ("answered" in cond):
        checker.error(
            path,
            "HYS030",
            "show_if needs exactly one of 'equals' or 'answered'",
            "write 'equals: <option value>' or 'answered: true'",
        )
        return
    if "equals" in cond and target.kind.answer == "matrix":
        checker.error(
            (*path, "equals"),
            "HYS031",
            f"'{target.id}' is a matrix: it has one answer for each row, not one to match",
            "write 'answered: true' to show this when any row has been rated",
        )
        return
    if "equals" in cond and not target.options:
        checker.error(
            (*path, "equals"),
            "HYS031",
            f"'{target.id}' is a {target.type} question, which has no options to match",
            "write 'answered: true' to show this when it has been answered",
        )
        return
    values = {o.value for o in target.options}
    if target.prefer_not_to_say:
        values.add(PREFER_NOT_TO_SAY)
    wanted = cond.get("equals", [])
    for v in wanted if isinstance(wanted, list) else [wanted]:
        if values and str(v) not in values:
            hint = did_you_mean(str(v), values)
            checker.error(
                (*path, "equals"),
                "HYS031",
                f"'{v}' is not an option of '{target.id}'",
                hint or f"use one of: {', '.join(sorted(values))}",
            )
